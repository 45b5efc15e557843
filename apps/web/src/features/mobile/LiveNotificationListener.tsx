import { BellOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Grid } from 'antd';
import type { HTMLAttributes } from 'react';

import { LIVE_OPEN, type LiveEvent } from '../live/events.ts';
import { useLiveEvents } from '../live/useLiveEvents.ts';

const PREFIX = 'notification.';

/**
 * The live-stream listener of LiveNotifications: a module of its own, loaded once someone is
 * logged in, with its own antd App for the toasts (the login page has none).
 */
export default function LiveNotificationListener() {
  return (
    <App component={false}>
      <Listener />
    </App>
  );
}

function Listener() {
  const queryClient = useQueryClient();
  const { notification } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = screens.sm === false;

  useLiveEvents((event: LiveEvent) => {
    if (event.type === LIVE_OPEN) {
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      return;
    }
    if (!event.type.startsWith(PREFIX)) return;
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    const title = typeof event.data.title === 'string' ? event.data.title : event.type.slice(PREFIX.length);
    const body = typeof event.data.body === 'string' ? event.data.body : undefined;
    notification.info({
      title,
      description: body,
      icon: <BellOutlined style={{ color: '#0b4ea2' }} />,
      // Away from the header's buttons on a desktop; and it goes by itself even under the pointer.
      placement: phone ? 'top' : 'bottomRight',
      duration: 5,
      pauseOnHover: false,
      props: { 'data-testid': 'live-notification', 'data-kind': event.type.slice(PREFIX.length) } as HTMLAttributes<HTMLDivElement>,
    });
  });
  return null;
}
