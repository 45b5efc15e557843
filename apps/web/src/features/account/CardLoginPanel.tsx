import { KeyOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form } from 'antd';
import Input from 'antd/es/input/Input';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { preloadWebAuthn, useCardLogin } from './api.ts';
import './account.css';
import { webauthnErrorText } from './webauthn-errors.ts';

/**
 * 卡介质登录: an optional username, then 插卡登录 — the browser asks for the security key (法人卡 /
 * 操作员卡) and its PIN or fingerprint. Without a username the key itself names the account.
 */
export function CardLoginPanel({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { t } = useTranslation();
  const login = useCardLogin();
  const [form] = Form.useForm<{ username?: string }>();
  // Shown: the WebAuthn helpers are on their way before 插卡登录 is pressed.
  useEffect(preloadWebAuthn, []);

  const onFinish = (values: { username?: string }) => login.mutate({ username: values.username?.trim() || undefined }, { onSuccess: onLoggedIn });

  return (
    <Form form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false} onValuesChange={() => login.reset()} className="cw-card-login" data-testid="card-login">
      <SafetyCertificateOutlined className="cw-card-login-icon" />
      {/* A plain element styled like Typography's secondary paragraph: on the login page, which loads no Typography. */}
      <div className="cw-card-login-intro">{t('cardLogin.intro')}</div>
      {login.error ? <Alert type="error" showIcon title={webauthnErrorText(t, login.error)} className="cw-login-alert" data-testid="card-login-error" /> : null}
      {login.isPending ? <Alert type="info" showIcon title={t('cardLogin.waiting')} className="cw-login-alert" data-testid="card-login-waiting" /> : null}
      <Form.Item name="username" label={t('cardLogin.username')} className="cw-card-login-username">
        <Input prefix={<UserOutlined />} placeholder={t('cardLogin.usernamePlaceholder')} autoComplete="username" maxLength={64} data-testid="card-login-username" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block icon={<KeyOutlined />} loading={login.isPending} data-testid="card-login-submit">
        {t('cardLogin.submit')}
      </Button>
    </Form>
  );
}
