import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Popover, Spin, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { isEnterpriseRole, type Notification } from '@cargo-window/contracts';

import { useMe } from '../auth/session.ts';
import { notificationLink, useLatestNotifications, useMarkAllRead, useMarkRead, useUnreadCount } from './api.ts';
import { NotificationItem } from './NotificationItem.tsx';
import './notifications.css';

/** The header's bell: unread count, the latest notices on click, 全部已读, 查看全部. */
export function NotificationBell() {
  // During logout the shell renders once more without a user: no bell (and no polling) then.
  const me = useMe().data;
  return me ? <Bell enterpriseUser={isEnterpriseRole(me.user.role)} /> : null;
}

function Bell({ enterpriseUser }: { enterpriseUser: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const latest = useLatestNotifications(open);
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();

  const count = unread.data?.count ?? 0;

  const onItem = (notification: Notification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    const link = notificationLink(notification, enterpriseUser);
    setOpen(false);
    if (link) navigate(link);
  };

  const items = latest.data?.items ?? [];
  const content = (
    <div className="cw-bell-panel" data-testid="notification-panel">
      <div className="cw-bell-panel-head">
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button type="link" size="small" disabled={count === 0} loading={markAllRead.isPending} onClick={() => markAllRead.mutate()} data-testid="notification-read-all">
          {t('notifications.markAllRead')}
        </Button>
      </div>
      <div className="cw-bell-panel-list">
        {latest.isPending ? (
          <div className="cw-bell-panel-empty">
            <Spin />
          </div>
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} className="cw-bell-panel-empty" />
        ) : (
          items.map((notification) => <NotificationItem key={notification.id} notification={notification} onOpen={onItem} compact />)
        )}
      </div>
      <div className="cw-bell-panel-foot">
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
          data-testid="notification-view-all"
        >
          {t('notifications.viewAll')}
        </Button>
      </div>
    </div>
  );

  const countText = count > 99 ? '99+' : String(count);
  // The name says the count the badge shows, so that the visible text is part of it.
  const label = count > 0 ? t('notifications.bellUnread', { n: countText }) : t('notifications.bell');
  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} arrow={false} styles={{ container: { padding: 0 } }}>
      <Tooltip title={open ? null : t('notifications.bell')}>
        <Button type="text" className="cw-header-button cw-bell" aria-label={label} data-testid="notification-bell">
          <Badge
            count={count > 0 ? <span className="cw-bell-count" data-testid="notification-count">{countText}</span> : 0}
            offset={[2, -2]}
          >
            <BellOutlined className="cw-bell-icon" />
          </Badge>
        </Button>
      </Tooltip>
    </Popover>
  );
}
