import { BellOutlined } from '@ant-design/icons';
import { App, Grid } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, type HTMLAttributes } from 'react';

import { noticeInLanguage } from '@cargo-window/contracts';

import { currentLanguage } from '../../i18n/index.ts';
import { NOTICE_PREFIX, type LiveEvent } from '../live/events.ts';

export interface LiveNotificationToastsProps {
  /** Notices heard and not shown yet, oldest first. */
  notices: readonly LiveEvent[];
  onShown: (notices: readonly LiveEvent[]) => void;
}

/**
 * The toasts of LiveNotifications: a module of its own, loaded once someone is logged in, with
 * its own antd App for them (the login page has none).
 */
export default function LiveNotificationToasts(props: LiveNotificationToastsProps) {
  return (
    <App component={false}>
      <Toasts {...props} />
    </App>
  );
}

function Toasts({ notices, onShown }: LiveNotificationToastsProps) {
  const { notification } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = screens.sm === false;
  // Each notice once, however often the effect runs.
  const shown = useRef(new WeakSet<LiveEvent>());

  useEffect(() => {
    if (notices.length === 0) return;
    for (const event of notices) {
      if (shown.current.has(event)) continue;
      shown.current.add(event);
      const kind = event.type.slice(NOTICE_PREFIX.length);
      const stored = { title: typeof event.data.title === 'string' ? event.data.title : kind, body: typeof event.data.body === 'string' ? event.data.body : '' };
      const { title, body } = noticeInLanguage({ kind, ...stored, data: event.data.data }, currentLanguage());
      // Sent again as the stream opened (it came while the page was away): say when it came.
      const at = event.data.missed === true && typeof event.data.at === 'string' ? dayjs(event.data.at) : null;
      notification.info({
        title,
        description: at?.isValid() ? `${body} · ${at.format('HH:mm')}` : body || undefined,
        icon: <BellOutlined style={{ color: '#0b4ea2' }} />,
        // Away from the header's buttons on a desktop; and it goes by itself even under the pointer.
        placement: phone ? 'top' : 'bottomRight',
        duration: 5,
        pauseOnHover: false,
        props: { 'data-testid': 'live-notification', 'data-kind': kind, 'data-missed': String(at !== null) } as HTMLAttributes<HTMLDivElement>,
      });
    }
    onShown(notices);
  }, [notices, onShown, notification, phone]);
  return null;
}
