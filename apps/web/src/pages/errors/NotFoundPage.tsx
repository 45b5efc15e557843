import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { useDocumentTitle } from '../../features/layout/document-title.ts';

export default function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useDocumentTitle(t('result.notFound'));
  return (
    <Result
      status="404"
      // The page's heading: an h1 at the size of antd's result title.
      title={<h1 className="cw-result-title">{t('result.notFound')}</h1>}
      subTitle={t('result.notFoundDesc')}
      extra={<Button type="primary" onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      data-testid="not-found"
    />
  );
}
