import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Form, Tabs } from 'antd';
// Input and Password alone: antd's Input also carries TextArea, Search and OTP.
import Input from 'antd/es/input/Input';
import Password from 'antd/es/input/Password';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';

import { isApiError } from '../../api/client.ts';
import { errorText } from '../../api/errors.ts';
import { CardLoginPanel } from '../../features/account/CardLoginPanel.tsx';
import { nextPath } from '../../features/auth/next-path.ts';
import { useLogin, useMe } from '../../features/auth/session.ts';
import { requiredRule } from '../../features/forms/rules.ts';
import { useDocumentTitle } from '../../features/layout/document-title.ts';
import { PortalLayout } from '../../features/layout/PortalLayout.tsx';

// 扫码使用手机版 / 下载APP: the QR code (and its library) load after the form.
const MobileAppQr = lazy(() => import('../../features/mobile/MobileAppQr.tsx'));

/** HH:mm in local time (without dayjs, which this page does not load). */
function hourMinute(iso: string): string {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

interface LoginValues {
  username: string;
  password: string;
}

/** 北京单一窗口 首页登录: 账号登录 | 卡介质登录, and 立即注册. */
export default function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.login'));
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const login = useLogin();
  const [form] = Form.useForm<LoginValues>();
  const [tab, setTab] = useState<'account' | 'card'>('account');

  if (me.data) return <Navigate to={nextPath(location.search)} replace />;

  const onFinish = (values: LoginValues) =>
    login.mutate({ username: values.username.trim(), password: values.password }, { onSuccess: () => navigate(nextPath(location.search), { replace: true }) });

  const problem = login.error;
  const lockedUntil = isApiError(problem) && problem.code === 'ACCOUNT_LOCKED' && typeof problem.problem.lockedUntil === 'string' ? hourMinute(problem.problem.lockedUntil) : null;

  const accountTab = (
    <Form<LoginValues> form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false} onValuesChange={() => login.reset()} data-testid="login-form">
      {problem ? (
        <Alert
          type="error"
          showIcon
          icon={isApiError(problem) && problem.code === 'ACCOUNT_LOCKED' ? <LockOutlined /> : undefined}
          title={errorText(t, problem)}
          description={lockedUntil ? t('auth.lockedUntil', { time: lockedUntil }) : undefined}
          className="cw-login-alert"
          data-testid="login-error"
        />
      ) : null}
      <Form.Item name="username" label={t('auth.username')} rules={[requiredRule(t)]}>
        <Input prefix={<UserOutlined />} placeholder={t('auth.usernamePlaceholder')} autoComplete="username" autoFocus data-testid="login-username" />
      </Form.Item>
      <Form.Item name="password" label={t('auth.password')} rules={[requiredRule(t)]}>
        <Password prefix={<LockOutlined />} placeholder={t('auth.passwordPlaceholder')} autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
        {t('auth.login')}
      </Button>
    </Form>
  );

  // 卡介质登录: WebAuthn with the security key (法人卡 / 操作员卡) the enterprise bound.
  const cardTab = <CardLoginPanel onLoggedIn={() => navigate(nextPath(location.search), { replace: true })} />;

  return (
    <PortalLayout>
      <div className="cw-login">
        <section className="cw-login-hero">
          {/* Plain elements styled like Typography (styles.css): the page loads no Typography. */}
          <h1 className="cw-login-title">
            <span className="cw-nowrap">{t('app.singleWindow')} ·</span> <span className="cw-nowrap">{t('app.platformShort')}</span>
          </h1>
          <div className="cw-login-tagline">{t('app.tagline')}</div>
          <div className="cw-login-features">{t('app.features')}</div>
        </section>
        <Card className="cw-login-card" variant="borderless">
          <h2 className="cw-login-card-title">{t('auth.welcomeBack')}</h2>
          <Tabs
            activeKey={tab}
            onChange={(key) => setTab(key as 'account' | 'card')}
            centered
            items={[
              { key: 'account', label: <span data-testid="tab-account">{t('auth.accountLogin')}</span>, children: accountTab },
              { key: 'card', label: <span data-testid="tab-card">{t('auth.cardLogin')}</span>, children: cardTab },
            ]}
          />
          <Divider plain className="cw-login-divider">
            {t('auth.noAccount')}
          </Divider>
          <Button block size="large" onClick={() => navigate('/register')} data-testid="register-link">
            {t('auth.registerNow')}
          </Button>
          <Suspense fallback={null}>
            <MobileAppQr />
          </Suspense>
        </Card>
      </div>
    </PortalLayout>
  );
}
