import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';

import { useFollowSession, useMe } from '../auth/session.ts';
import { forgetLiveCursor } from '../live/cursor.ts';
import { LIVE_OPEN, NOTICE_PREFIX, type LiveEvent } from '../live/events.ts';
import { useLiveEvents } from '../live/useLiveEvents.ts';

const Toasts = lazy(() => import('./LiveNotificationToasts.tsx'));

/**
 * For a logged-in person on any page: a new notice (`notification.<kind>` over the live stream)
 * pops up as a toast and refreshes the bell, the lists and the unread badge at once. When the
 * stream reopens the count is reloaded, since notices may have come while it was down (and the
 * server sends the latest of them again, marked missed).
 *
 * The stream is listened to from the moment someone is logged in; the toasts (antd's notification,
 * a chunk of its own) load after, and show what was heard before they were in place. When the
 * stream says the session ended, the tab leaves for the login page; when the person's permissions
 * change, it reads who they are again (useFollowSession).
 */
export function LiveNotifications() {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [notices, setNotices] = useState<LiveEvent[]>([]);
  // Logged out, the session ended, or another person logged in: the next stream of this tab starts
  // from its own person's login, not from where the last one's stood.
  const userId = me === undefined ? undefined : (me?.user.id ?? null);
  const lastUser = useRef(userId);
  useEffect(() => {
    if (userId === null || (userId !== undefined && lastUser.current && lastUser.current !== userId)) forgetLiveCursor();
    if (userId !== undefined) lastUser.current = userId;
  }, [userId]);
  useFollowSession(Boolean(me));
  useLiveEvents((event) => {
    if (event.type !== LIVE_OPEN && !event.type.startsWith(NOTICE_PREFIX)) return;
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    if (event.type !== LIVE_OPEN) setNotices((waiting) => [...waiting, event]);
  }, Boolean(me));
  const shown = useCallback((done: readonly LiveEvent[]) => setNotices((waiting) => waiting.filter((event) => !done.includes(event))), []);
  return me ? (
    <Suspense fallback={null}>
      <Toasts notices={notices} onShown={shown} />
    </Suspense>
  ) : null;
}
