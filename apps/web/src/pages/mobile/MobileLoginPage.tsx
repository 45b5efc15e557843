import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';

import { errorText } from '../../api/errors.ts';
import { useLogin, useMe } from '../../features/auth/session.ts';
import { requiredRule } from '../../features/forms/rules.ts';
import { useDocumentTitle } from '../../features/layout/document-title.ts';
import { LanguageToggle } from '../../features/layout/LanguageToggle.tsx';
import { OfflineBanner } from '../../features/mobile/OfflineBanner.tsx';

interface LoginValues {
  username: string;
  password: string;
}

/** Only a path inside the phone app. */
function nextMobilePath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/m') && !next.startsWith('//') ? next : '/m';
}

/** /m/login: the account login, sized for a phone. */
export default function MobileLoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('mobile.loginTitle'));
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const login = useLogin();

  if (me.data) return <Navigate to={nextMobilePath(location.search)} replace />;

  const onFinish = (values: LoginValues) =>
    login.mutate({ username: values.username.trim(), password: values.password }, { onSuccess: () => navigate(nextMobilePath(location.search), { replace: true }) });

  return (
    <main className="cw-m cw-m-login">
      <OfflineBanner />
      <div className="cw-m-login-brand">
        <img src="/icons/icon-192.png" width={64} height={64} alt="" className="cw-m-login-logo" />
        <div>
          <div className="cw-m-login-name">{t('mobile.appName')}</div>
          <div className="cw-m-login-sub">{t('app.singleWindow')} · {t('app.platformShort')}</div>
        </div>
      </div>
      <div className="cw-m-card cw-m-login-card">
        <h1 className="cw-m-login-title">{t('mobile.loginTitle')}</h1>
        <Form<LoginValues> layout="vertical" size="large" onFinish={onFinish} requiredMark={false} onValuesChange={() => login.reset()} data-testid="m-login-form">
          {login.error ? <Alert type="error" showIcon title={errorText(t, login.error)} className="cw-m-gap" data-testid="m-login-error" /> : null}
          <Form.Item name="username" label={t('auth.username')} rules={[requiredRule(t)]}>
            <Input prefix={<UserOutlined />} placeholder={t('auth.usernamePlaceholder')} autoComplete="username" autoCapitalize="none" data-testid="m-login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[requiredRule(t)]}>
            <Input.Password prefix={<LockOutlined />} placeholder={t('auth.passwordPlaceholder')} autoComplete="current-password" data-testid="m-login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="m-login-submit">
            {t('auth.login')}
          </Button>
        </Form>
        <p className="cw-m-hint">{t('mobile.install')}</p>
      </div>
      <div className="cw-m-login-foot">
        <Link to="/board">{t('mobile.openBoard')}</Link>
        <span aria-hidden>·</span>
        <Link to="/login">{t('mobile.desktopVersion')}</Link>
        <span aria-hidden>·</span>
        <LanguageToggle />
      </div>
    </main>
  );
}
