import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { useDocumentTitle } from '../../features/layout/document-title.ts';

export function ForbiddenPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useDocumentTitle(t('result.forbidden'));
  return (
    <Result
      status="403"
      // The page's heading: an h1 at the size of antd's result title.
      title={<h1 className="cw-result-title">{t('result.forbidden')}</h1>}
      subTitle={t('result.forbiddenDesc')}
      extra={<Button type="primary" onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      data-testid="forbidden"
    />
  );
}
