import { MobileOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

import { QrImage } from './QrImage.tsx';
import './mobile.css';

/** The login page's 下载APP block: a QR code that opens the phone app (/m) on this server. */
export default function MobileAppQr() {
  const { t } = useTranslation();
  const url = `${window.location.origin}/m`;
  return (
    <div className="cw-app-qr" data-testid="login-app-qr-block">
      <QrImage value={url} size={112} testId="login-app-qr" alt={t('mobile.scanTitle')} />
      <div className="cw-app-qr-text">
        <strong>
          <MobileOutlined /> {t('mobile.scanTitle')}
        </strong>
        <span className="cw-app-qr-hint">{t('mobile.scanHint')}</span>
        <span className="cw-app-qr-caption">{t('mobile.scanCaption')}</span>
        <a href="/m" className="cw-app-qr-link" data-testid="login-mobile-link">
          {t('mobile.mobileVersion')} →
        </a>
      </div>
    </div>
  );
}
