import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

export function ForbiddenPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('result.forbidden')}
      subTitle={t('result.forbiddenDesc')}
      extra={<Button type="primary" onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      data-testid="forbidden"
    />
  );
}
