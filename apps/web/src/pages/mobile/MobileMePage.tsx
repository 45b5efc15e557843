import { DashboardOutlined, DesktopOutlined, LogoutOutlined, RightOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Avatar, Button, Skeleton, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import type { NotificationKind } from '@cargo-window/contracts';

import { errorText } from '../../api/errors.ts';
import { useNotificationPreferences, useSaveNotificationPreferences } from '../../features/account/api.ts';
import { notificationKindLabels } from '../../features/account/labels.ts';
import { useCurrentUser, useLogout } from '../../features/auth/session.ts';
import { LanguageToggle } from '../../features/layout/LanguageToggle.tsx';
import { MobileHeader } from './MobileLayout.tsx';

/** /m/me — who I am, which notices I receive (通知设置), links, language, 退出. */
export default function MobileMePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const logout = useLogout('/m/login');

  const onLogout = () =>
    logout.mutate(undefined, {
      onError: (error) => void message.error(errorText(t, error)),
    });

  return (
    <>
      <MobileHeader title={t('mobile.me')} />
      <div className="cw-m-body">
        <section className="cw-m-card cw-m-me" data-testid="m-me">
          <Avatar size={48} icon={<UserOutlined />} className="cw-m-me-avatar" />
          <div className="cw-m-me-text">
            <strong>{me.user.name}</strong> <Tag color="blue">{t(`roles.${me.user.role}`)}</Tag>
            {me.enterprise ? <div className="cw-m-hint">{me.enterprise.name}</div> : null}
            <div className="cw-m-hint cw-mono">{me.user.username}</div>
          </div>
        </section>

        <section className="cw-m-card" data-testid="m-notify-settings">
          <h2 className="cw-m-section-title">{t('mobile.notifySettings')}</h2>
          <p className="cw-m-hint">{t('mobile.notifyHint')}</p>
          <NotificationSwitches />
        </section>

        <nav className="cw-m-card cw-m-links">
          <Link to="/account" className="cw-m-link" data-testid="m-link-account">
            <SafetyOutlined /> <span className="cw-m-link-label">{t('mobile.moreSettings')}</span> <RightOutlined />
          </Link>
          <Link to="/board" className="cw-m-link" data-testid="m-link-board">
            <DashboardOutlined /> <span className="cw-m-link-label">{t('mobile.openBoard')}</span> <RightOutlined />
          </Link>
          <Link to="/" className="cw-m-link" data-testid="m-link-desktop">
            <DesktopOutlined /> <span className="cw-m-link-label">{t('mobile.openDesktop')}</span> <RightOutlined />
          </Link>
          <div className="cw-m-link">
            <span className="cw-m-link-label">{t('app.language')}</span>
            <LanguageToggle />
          </div>
        </nav>

        <Button block size="large" danger icon={<LogoutOutlined />} loading={logout.isPending} onClick={onLogout} data-testid="m-logout">
          {t('mobile.logout')}
        </Button>
      </div>
    </>
  );
}

/** One switch per kind; each change is saved at once (the server keeps the muted kinds). */
function NotificationSwitches() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const preferences = useNotificationPreferences();
  const save = useSaveNotificationPreferences();

  if (preferences.isError) return <Alert type="error" showIcon title={errorText(t, preferences.error)} />;
  if (!preferences.data) return <Skeleton active paragraph={{ rows: 3 }} />;
  const { kinds, muted } = preferences.data;
  const label = (kind: NotificationKind) => notificationKindLabels[kind]?.[i18n.language === 'en' ? 'en' : 'zh-CN'] ?? kind;

  const toggle = (kind: NotificationKind, on: boolean) =>
    save.mutate(on ? muted.filter((k) => k !== kind) : [...muted, kind], {
      onSuccess: () => void message.success(t('mobile.notifySaved')),
      onError: (error) => void message.error(errorText(t, error)),
    });

  return (
    <ul className="cw-m-switches">
      {kinds.map((kind) => (
        <li key={kind}>
          <span>{label(kind)}</span>
          <Switch checked={!muted.includes(kind)} disabled={save.isPending} onChange={(on) => toggle(kind, on)} aria-label={label(kind)} data-testid={`m-pref-${kind}`} />
        </li>
      ))}
    </ul>
  );
}
