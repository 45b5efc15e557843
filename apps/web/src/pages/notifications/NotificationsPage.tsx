import { CheckOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Select, Spin, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';

import { isEnterpriseRole, type Notification } from '@cargo-window/contracts';

import { useCurrentUser } from '../../features/auth/session.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { knownNotificationKinds, notificationLink, useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../../features/notifications/api.ts';
import { NotificationItem, useKindLabel } from '../../features/notifications/NotificationItem.tsx';
import '../../features/notifications/notifications.css';

/** `/notifications`: every notice of mine, newest first, by kind and unread. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const kindLabel = useKindLabel();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? undefined;
  const unread = params.get('unread') === 'true';
  const list = useNotifications({ kind, unread });
  const count = useUnreadCount();
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  const setQuery = (next: { kind?: string; unread?: boolean }) => {
    const merged = { kind, unread, ...next };
    const entries = Object.entries({ kind: merged.kind, unread: merged.unread ? 'true' : undefined }).filter(([, v]) => v);
    setParams(new URLSearchParams(entries as [string, string][]), { replace: true });
  };

  const onOpen = (notification: Notification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    const link = notificationLink(notification, isEnterpriseRole(me.user.role));
    if (link) navigate(link);
  };

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        subtitle={t('notifications.subtitle')}
        extra={
          <Button icon={<CheckOutlined />} disabled={(count.data?.count ?? 0) === 0} loading={markAllRead.isPending} onClick={() => markAllRead.mutate()} data-testid="notifications-read-all">
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Card className="cw-filters" styles={{ body: { display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'center', paddingBlock: 12 } }}>
        <span>
          {t('notifications.kind')}：
          <Select<string>
            allowClear
            value={kind}
            placeholder={t('notifications.kindAll')}
            onChange={(value) => setQuery({ kind: value })}
            options={knownNotificationKinds.map((value) => ({ value, label: kindLabel(value) }))}
            style={{ width: 180 }}
            aria-label={t('notifications.kind')}
            data-testid="notifications-kind"
          />
        </span>
        <span>
          <Switch size="small" checked={unread} onChange={(checked) => setQuery({ unread: checked })} aria-label={t('notifications.onlyUnread')} data-testid="notifications-unread" /> {t('notifications.onlyUnread')}
        </span>
      </Card>
      {list.isError ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }} className="cw-notice-list" data-testid="notifications-list">
          {list.isPending ? (
            <div className="cw-bell-panel-empty">
              <Spin />
            </div>
          ) : items.length === 0 ? (
            <Empty description={t('notifications.empty')} className="cw-bell-panel-empty" style={{ flexDirection: 'column', alignItems: 'center' }} />
          ) : (
            items.map((notification) => <NotificationItem key={notification.id} notification={notification} onOpen={onOpen} />)
          )}
          {items.length > 0 ? (
            <div className="cw-notice-footer">
              {list.hasNextPage ? (
                <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="load-more">
                  {t('notifications.loadMore')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('filing.noMore')}</Typography.Text>
              )}
            </div>
          ) : null}
        </Card>
      )}
    </>
  );
}
