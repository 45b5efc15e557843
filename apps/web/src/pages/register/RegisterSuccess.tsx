import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import type { RegisterResponse } from '@cargo-window/contracts';

export function RegisterSuccess({ result }: { result: RegisterResponse }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="success"
      title={t('register.success')}
      subTitle={t('register.successDesc', { name: result.enterprise.name, username: result.user.username })}
      extra={
        <Button type="primary" size="large" onClick={() => navigate('/login')} data-testid="register-to-login">
          {t('register.toLogin')}
        </Button>
      }
      data-testid="register-success"
    />
  );
}
