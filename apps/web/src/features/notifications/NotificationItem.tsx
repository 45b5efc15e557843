import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

import { noticeInLanguage, type Notification } from '@cargo-window/contracts';

import { currentLanguage } from '../../i18n/index.ts';

/** The word for a notification kind (`filing.returned` → 备案退回); unknown kinds show as they are. */
export function useKindLabel() {
  const { t } = useTranslation();
  return (kind: string) => t(`notifications.kinds.${kind}`, { defaultValue: kind });
}

function kindColor(kind: string): string {
  if (kind.endsWith('.returned') || kind.endsWith('.rejected')) return 'red';
  if (kind.endsWith('.approved') || kind.endsWith('.booked')) return 'green';
  return 'blue';
}

/** One notice: unread ones in bold with a dot; a click opens what it is about and marks it read. */
export function NotificationItem({ notification, onOpen, compact = false }: { notification: Notification; onOpen: (n: Notification) => void; compact?: boolean }) {
  const kindLabel = useKindLabel();
  // Rendered again when the language changes (useKindLabel's useTranslation).
  const text = noticeInLanguage(notification, currentLanguage());
  const unread = !notification.readAt;
  return (
    <button
      type="button"
      className={`cw-notice${unread ? ' cw-notice-unread' : ''}${compact ? ' cw-notice-compact' : ''}`}
      onClick={() => onOpen(notification)}
      data-testid="notification-item"
      data-id={notification.id}
      data-unread={unread ? 'true' : 'false'}
    >
      <span className="cw-notice-dot" aria-hidden />
      <span className="cw-notice-main">
        <span className="cw-notice-title">
          {compact ? null : (
            <Tag color={kindColor(notification.kind)} className="cw-notice-kind">
              {kindLabel(notification.kind)}
            </Tag>
          )}
          {text.title}
        </span>
        <span className="cw-notice-body">{text.body}</span>
        <span className="cw-notice-time">{dayjs(notification.createdAt).format('YYYY-MM-DD HH:mm')}</span>
      </span>
    </button>
  );
}
