import { BellOutlined, DesktopOutlined, KeyOutlined, LockOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Popconfirm, Skeleton, Table, Tag, Tooltip, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { NotificationKind, SessionInfo } from '@cargo-window/contracts';

import { errorText } from '../../api/errors.ts';
import { useChangePassword, useEndSession, useNotificationPreferences, useSaveNotificationPreferences, useSessions } from '../../features/account/api.ts';
import '../../features/account/account.css';
import { TokensPanel } from '../../features/account/TokensPanel.tsx';
import { notificationKindLabels } from '../../features/account/labels.ts';
import { describeUserAgent } from '../../features/account/user-agent.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { fieldRules, requiredRule } from '../../features/forms/rules.ts';
import { useServerErrors } from '../../features/forms/use-server-errors.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';

const when = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

/** 账号安全 (every logged-in person): 会话管理, 修改密码, 访问令牌, 通知设置. */
export default function AccountPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  return (
    <>
      <PageHeader title={t('account.title')} subtitle={t('account.subtitle')} />
      <Section icon={<DesktopOutlined />} title={t('account.sessions')} testId="account-sessions">
        <SessionsSection />
      </Section>
      <Section icon={<LockOutlined />} title={t('account.password')} testId="account-password">
        <PasswordSection />
      </Section>
      <Section icon={<KeyOutlined />} title={t('account.tokens')} testId="account-tokens">
        <TokensPanel grantable={me.user.permissions} />
      </Section>
      <Section icon={<BellOutlined />} title={t('account.notify')} testId="account-notifications">
        <NotificationSection />
      </Section>
    </>
  );
}

/** One part of 账号安全: a card titled with its icon. */
function Section({ icon, title, testId, children }: { icon: ReactNode; title: string; testId: string; children: ReactNode }) {
  return (
    <Card
      className="cw-account-section"
      title={
        <span>
          {icon} {title}
        </span>
      }
      data-testid={testId}
    >
      {children}
    </Card>
  );
}

function SessionsSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const sessions = useSessions();
  const end = useEndSession();

  const columns: TableColumnsType<SessionInfo> = [
    {
      key: 'device',
      title: t('account.device'),
      dataIndex: 'userAgent',
      render: (ua: string | null, s) => (
        <span>
          <Tooltip title={ua}>
            <Typography.Text className="cw-account-device" ellipsis>
              {describeUserAgent(ua) ?? t('account.unknownDevice')}
            </Typography.Text>
          </Tooltip>{' '}
          {s.current ? (
            <Tag color="green" data-testid="session-current">
              {t('account.current')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    { key: 'ip', title: t('account.ip'), dataIndex: 'ip', render: (v: string | null) => <span className="cw-mono">{v ?? t('common.none')}</span> },
    { key: 'createdAt', title: t('account.loginAt'), dataIndex: 'createdAt', responsive: ['md'], render: when },
    { key: 'lastSeenAt', title: t('account.lastSeen'), dataIndex: 'lastSeenAt', render: when },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_v, s) =>
        s.current ? null : (
          <Popconfirm
            title={t('account.endConfirm')}
            okText={t('account.end')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'session-end-confirm' } as ButtonProps}
            onConfirm={() =>
              end.mutateAsync(s.id).then(
                () => void message.success(t('account.ended')),
                (error: unknown) => void message.error(errorText(t, error)),
              )
            }
          >
            <Button type="link" danger size="small" data-testid={`session-end-${s.id}`}>
              {t('account.end')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t('account.sessionsHint')}</Typography.Paragraph>
      {sessions.isError ? <Alert type="error" showIcon title={errorText(t, sessions.error)} /> : null}
      <Table<SessionInfo>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={sessions.data?.items}
        loading={sessions.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(s) => ({ 'data-testid': `session-row-${s.id}`, 'data-current': s.current ? 'true' : 'false' }) as HTMLAttributes<HTMLElement>}
        data-testid="sessions-table"
      />
    </>
  );
}

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmNewPassword: string;
}

/** 修改密码: the current one, the new one twice; the server's field errors land on their fields. */
function PasswordSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const errors = useServerErrors(form);
  const change = useChangePassword();
  const required = requiredRule(t);
  const rules = fieldRules(t);

  const onFinish = (values: PasswordValues) => {
    errors.clear();
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: ({ endedSessions }) => {
          form.resetFields();
          void message.success(endedSessions > 0 ? t('account.passwordChangedEnded', { count: endedSessions }) : t('account.passwordChanged'));
        },
        onError: (error) => errors.show(error),
      },
    );
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('account.passwordHint')}</Typography.Paragraph>
      <Form<PasswordValues> form={form} layout="vertical" className="cw-account-password" onFinish={onFinish} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[required]}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.newPassword')} extra={t('account.newPasswordHint')} rules={[required, rules.password]}>
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirmNewPassword"
          label={t('account.confirmNewPassword')}
          dependencies={['newPassword']}
          rules={[
            required,
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('register.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} className="cw-form-alert" data-testid="form-error" /> : null}
        <Button type="primary" htmlType="submit" icon={<LockOutlined />} loading={change.isPending} data-testid="password-save">
          {t('account.passwordSave')}
        </Button>
      </Form>
    </>
  );
}

/** One checkbox per kind: ticked = received. The server keeps the muted ones. */
function NotificationSection() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const preferences = useNotificationPreferences();
  const save = useSaveNotificationPreferences();
  const [received, setReceived] = useState<NotificationKind[] | null>(null);

  useEffect(() => {
    if (preferences.data) setReceived(preferences.data.kinds.filter((k) => !preferences.data.muted.includes(k)));
  }, [preferences.data]);

  if (preferences.isError) return <Alert type="error" showIcon title={errorText(t, preferences.error)} />;
  if (!preferences.data || !received) return <Skeleton active paragraph={{ rows: 2 }} />;

  const kinds = preferences.data.kinds;
  const label = (kind: NotificationKind) => notificationKindLabels[kind]?.[i18n.language === 'en' ? 'en' : 'zh-CN'] ?? kind;
  const onSave = () =>
    save.mutate(
      kinds.filter((k) => !received.includes(k)),
      {
        onSuccess: () => void message.success(t('account.notifySaved')),
        onError: (error) => void message.error(errorText(t, error)),
      },
    );

  return (
    <>
      <Typography.Paragraph type="secondary">{t('account.notifyHint')}</Typography.Paragraph>
      <Checkbox.Group value={received} onChange={(next) => setReceived(next as NotificationKind[])} className="cw-notify-prefs">
        {kinds.map((kind) => (
          <Checkbox key={kind} value={kind} data-testid={`notify-pref-${kind}`}>
            {label(kind)}
          </Checkbox>
        ))}
      </Checkbox.Group>
      <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={onSave} data-testid="notify-pref-save">
        {t('account.notifySave')}
      </Button>
    </>
  );
}
