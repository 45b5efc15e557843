import { CheckOutlined } from '@ant-design/icons';
import { Button, Empty, Skeleton, Switch, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';

import type { Notification } from '@cargo-window/contracts';

import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { knownNotificationKinds, useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../../features/notifications/api.ts';
import { NotificationItem, useKindLabel } from '../../features/notifications/NotificationItem.tsx';
import '../../features/notifications/notifications.css';
import { MobileHeader } from './MobileLayout.tsx';

/** Where a notice leads inside the phone app: its appointment, if it is about one. */
function mobileLink(notification: Notification): string | null {
  const id = notification.data.appointmentId;
  return typeof id === 'string' ? `/m/appointments/${encodeURIComponent(id)}` : null;
}

/** /m/notifications — my notices, filtered by kind with chips; tap to read, 全部已读. */
export default function MobileNotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const kindLabel = useKindLabel();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? undefined;
  const unread = params.get('unread') === 'true';
  const list = useNotifications({ kind, unread });
  const count = useUnreadCount().data?.count ?? 0;
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  const setQuery = (next: { kind?: string | null; unread?: boolean }) => {
    const k = next.kind === undefined ? kind : (next.kind ?? undefined);
    const u = next.unread ?? unread;
    const query = new URLSearchParams();
    if (k) query.set('kind', k);
    if (u) query.set('unread', 'true');
    setParams(query, { replace: true });
  };

  const onOpen = (notification: Notification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    const link = mobileLink(notification);
    if (link) navigate(link);
  };

  return (
    <>
      <MobileHeader
        title={t('mobile.notifications')}
        extra={
          <Button type="text" className="cw-m-header-button" icon={<CheckOutlined />} disabled={count === 0} loading={markAllRead.isPending} onClick={() => markAllRead.mutate()} data-testid="m-read-all">
            {t('mobile.markAllRead')}
          </Button>
        }
      />
      <div className="cw-m-chips" role="toolbar" data-testid="m-kind-chips">
        <Tag.CheckableTag checked={!kind} onChange={() => setQuery({ kind: null })} data-testid="m-kind-all">
          {t('mobile.allKinds')}
        </Tag.CheckableTag>
        {knownNotificationKinds.map((value) => (
          <Tag.CheckableTag key={value} checked={kind === value} onChange={(on) => setQuery({ kind: on ? value : null })} data-testid={`m-kind-${value}`}>
            {kindLabel(value)}
          </Tag.CheckableTag>
        ))}
      </div>
      <div className="cw-m-body cw-m-notices">
        <label className="cw-m-unread-toggle">
          <Switch size="small" checked={unread} onChange={(checked) => setQuery({ unread: checked })} data-testid="m-unread-only" /> {t('mobile.unreadOnly')}
        </label>
        {list.isError ? (
          <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <Skeleton active paragraph={{ rows: 5 }} />
        ) : items.length === 0 ? (
          <Empty className="cw-m-empty" description={t('mobile.noNotifications')} />
        ) : (
          <div className="cw-m-card cw-m-notice-list" data-testid="m-notifications">
            {items.map((n) => (
              <NotificationItem key={n.id} notification={n} onOpen={onOpen} />
            ))}
          </div>
        )}
        {list.hasNextPage ? (
          <Button block onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} className="cw-m-gap">
            {t('mobile.loadMore')}
          </Button>
        ) : null}
      </div>
    </>
  );
}
