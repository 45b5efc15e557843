import { BellOutlined, CalendarOutlined, LeftOutlined, TruckOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';

import { useMe } from '../../features/auth/session.ts';
import { useDocumentTitle } from '../../features/layout/document-title.ts';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';
import { useLiveEvents } from '../../features/live/useLiveEvents.ts';
import { OfflineBanner } from '../../features/mobile/OfflineBanner.tsx';
import { useUnreadCount } from '../../features/notifications/api.ts';

/** Logged in, or off to /m/login and back here after. */
export function MobileAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoading fullscreen />;
  if (me.isError) {
    return (
      <div className="cw-m">
        <OfflineBanner />
        <LoadFailed error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) return <Navigate to={`/m/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

/** The phone frame: the page, the offline strip, and the bottom tab bar (预约, 车辆, 通知, 我的). */
export function MobileLayout() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const unread = useUnreadCount().data?.count ?? 0;
  const { pathname } = useLocation();

  // A gate read or a confirmation elsewhere changes a status: the cards and the detail follow at once.
  useLiveEvents((event) => {
    if (event.type === 'appointment.status' || event.type === 'live.open') void queryClient.invalidateQueries({ queryKey: ['appointments'] });
  });

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);

  const tab = (to: string, testId: string, icon: ReactNode, label: string, end = false, extra: Record<string, string> = {}) => (
    <NavLink to={to} end={end} className={({ isActive }) => `cw-m-tab${isActive || (end && pathname.startsWith('/m/appointments')) ? ' cw-m-tab-active' : ''}`} data-testid={testId} {...extra}>
      <span className="cw-m-tab-icon">{icon}</span>
      <span className="cw-m-tab-label">{label}</span>
    </NavLink>
  );

  return (
    <div className="cw-m">
      <OfflineBanner />
      <main className="cw-m-main">
        <Outlet />
      </main>
      <nav className="cw-m-tabs" aria-label={t('mobile.appName')}>
        {tab('/m', 'm-tab-appointments', <CalendarOutlined />, t('mobile.tabAppointments'), true)}
        {tab('/m/vehicles', 'm-tab-vehicles', <TruckOutlined />, t('mobile.tabVehicles'))}
        {tab(
          '/m/notifications',
          'm-tab-notifications',
          <Badge count={unread} size="small" overflowCount={99} offset={[6, 0]} data-testid="m-unread-badge">
            <BellOutlined />
          </Badge>,
          t('mobile.tabNotifications'),
          false,
          { 'data-unread': String(unread) },
        )}
        {tab('/m/me', 'm-tab-me', <UserOutlined />, t('mobile.tabMe'))}
      </nav>
    </div>
  );
}

/**
 * Whether the browser's previous entry is a page of this app. `window.history.length` counts the
 * pages before the app too (a chat's link, about:blank). The router keys the first entry of its
 * history `default` and numbers the entries (`idx`); a login from a deep link replaces that first
 * entry, which keeps its number 0 but not its key.
 */
function appPageBefore(key: string): boolean {
  const idx = (window.history.state as { idx?: unknown } | null)?.idx;
  return key !== 'default' && typeof idx === 'number' && idx > 0;
}

/** A page's top bar: the title, a back arrow where there is somewhere to go back to, and actions. */
export function MobileHeader({ title, back, extra }: { title: ReactNode; back?: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  useDocumentTitle(typeof title === 'string' ? title : null);
  const navigate = useNavigate();
  const { key } = useLocation();
  return (
    <header className="cw-m-header">
      <span className="cw-m-header-side">
        {back ? (
          <Button
            type="text"
            className="cw-m-header-button"
            icon={<LeftOutlined />}
            aria-label={t('mobile.back')}
            onClick={() => (appPageBefore(key) ? navigate(-1) : navigate(back))}
            data-testid="m-back"
          />
        ) : null}
      </span>
      <h1 className="cw-m-title">{title}</h1>
      <span className="cw-m-header-side cw-m-header-extra">{extra}</span>
    </header>
  );
}
