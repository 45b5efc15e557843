import { LogoutOutlined, MenuOutlined, MobileOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';

import { errorText } from '../../api/errors.ts';
import { menuFor, selectedMenuKey, type MenuGroup } from '../access/menu.ts';
import { useCurrentUser, useLogout } from '../auth/session.ts';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { LanguageToggle } from './LanguageToggle.tsx';
import { homeIcon, menuIcons } from './menu-icons.tsx';
import { PageLoading } from './PageStates.tsx';

type MenuItems = NonNullable<MenuProps['items']>;

/** antd passes unknown item props to the <li>, which is where the test ids go. */
function menuItems(groups: MenuGroup[], t: (key: string) => string): MenuItems {
  const home = { key: 'home', icon: homeIcon, label: t('menu.home'), 'data-testid': 'menu-home' };
  const grouped = groups.map((group) => ({
    type: 'group' as const,
    key: group.key,
    label: t(group.label),
    children: group.entries.map((e) => ({ key: e.key, icon: menuIcons[e.key], label: t(e.label), 'data-testid': e.testId })),
  }));
  return [home, ...grouped] as MenuItems;
}

/** The logged-in frame: header (platform, user, enterprise, language, 退出), the role's menu, the page. */
export function AppShell() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const logout = useLogout('/login');
  const { message } = App.useApp();

  const groups = useMemo(() => menuFor(me), [me]);
  const paths = useMemo(() => new Map(groups.flatMap((g) => g.entries.map((e) => [e.key as string, e.path]))), [groups]);
  const selected = selectedMenuKey(groups, location.pathname, location.search) ?? (location.pathname === '/' ? 'home' : null);

  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    setDrawerOpen(false);
    navigate(key === 'home' ? '/' : (paths.get(key) ?? '/'));
  };

  const onLogout = () =>
    logout.mutate(undefined, {
      onError: (error) => void message.error(errorText(t, error)),
    });

  const menu = (
    <Menu
      mode="inline"
      items={menuItems(groups, t)}
      selectedKeys={selected ? [selected] : []}
      onClick={onMenuClick}
      className="cw-menu"
      data-testid="app-menu"
    />
  );

  const { user, enterprise } = me;
  // 账号安全 (sessions, access tokens, notifications) under the user's name.
  const accountItems = [{ key: 'account', icon: <SafetyOutlined />, label: t('account.title'), 'data-testid': 'menu-account' }] as MenuItems;
  return (
    <Layout className="cw-shell">
      {/* The first stop of Tab: past the header and the menu, straight to the page. */}
      <a
        href="#cw-main"
        className="cw-skip-link"
        onClick={(event) => {
          // Focus the page without putting #cw-main in the address.
          event.preventDefault();
          document.getElementById('cw-main')?.focus();
        }}
        data-testid="skip-to-content"
      >
        {t('menu.skipToContent')}
      </a>
      <Layout.Header className="cw-header">
        {narrow ? (
          <Button type="text" className="cw-header-button" icon={<MenuOutlined />} aria-label={t('menu.openMenu')} onClick={() => setDrawerOpen(true)} data-testid="menu-open" />
        ) : null}
        <Link to="/" className="cw-brand cw-brand-header">
          <span className="cw-brand-mark" aria-hidden>
            <svg viewBox="0 0 64 64" width="28" height="28"><rect width="64" height="64" rx="14" fill="#fff" /><path d="M12 38l40-16-8 22-10-6-6 8-2-10z" fill="#0b4ea2" /></svg>
          </span>
          <span className="cw-brand-text">
            <strong>{narrow ? t('app.platformShort') : t('app.platform')}</strong>
          </span>
        </Link>
        <div className="cw-header-right">
          {!narrow && enterprise ? (
            <Typography.Text className="cw-header-enterprise" ellipsis data-testid="header-enterprise">
              {enterprise.name}
            </Typography.Text>
          ) : null}
          {/* On a phone the user and enterprise are shown in the drawer instead. */}
          {!narrow ? (
            <Dropdown menu={{ items: accountItems, onClick: () => navigate('/account') }} trigger={['click']} placement="bottomRight">
              <span className="cw-header-user" data-testid="header-user" role="button" tabIndex={0} style={{ cursor: 'pointer' }}>
                <Avatar size="small" icon={<UserOutlined />} className="cw-header-avatar" />
                <span className="cw-header-name">{user.name}</span>
                <Tag color="blue" variant="filled" className="cw-header-role">
                  {t(`roles.${user.role}`)}
                </Tag>
              </span>
            </Dropdown>
          ) : null}
          <NotificationBell />
          <LanguageToggle dark />
          <Tooltip title={t('auth.logout')}>
            <Button type="text" className="cw-header-button" icon={<LogoutOutlined />} onClick={onLogout} loading={logout.isPending} data-testid="logout">
              {narrow ? null : t('auth.logout')}
            </Button>
          </Tooltip>
        </div>
      </Layout.Header>
      <Layout>
        {narrow ? (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={260} title={t('app.platformShort')} styles={{ body: { padding: 0 } }}>
            <div className="cw-drawer-user">
              <strong>{user.name}</strong> <Tag color="blue">{t(`roles.${user.role}`)}</Tag>
              {enterprise ? <div className="cw-drawer-enterprise">{enterprise.name}</div> : null}
              <Button
                type="link"
                size="small"
                icon={<SafetyOutlined />}
                style={{ paddingLeft: 0 }}
                onClick={() => {
                  setDrawerOpen(false);
                  navigate('/account');
                }}
                data-testid="menu-account"
              >
                {t('account.title')}
              </Button>
              {/* 手机版: the phone app (/m) for drivers and dispatchers. */}
              <Link to="/m" style={{ marginInlineStart: 12 }} onClick={() => setDrawerOpen(false)} data-testid="menu-mobile">
                <MobileOutlined /> {t('mobile.mobileVersion')}
              </Link>
            </div>
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider width={248} theme="light" className="cw-sider">
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content className="cw-content" id="cw-main" tabIndex={-1}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
