import { lazy, Suspense } from 'react';

import { useMe } from '../auth/session.ts';

const Listener = lazy(() => import('./LiveNotificationListener.tsx'));

/**
 * For a logged-in person on any page: a new notice (`notification.<kind>` over the live stream)
 * pops up as a toast and refreshes the bell, the lists and the unread badge at once. When the
 * stream reopens the count is reloaded, since notices may have come while it was down.
 */
export function LiveNotifications() {
  const me = useMe().data;
  return me ? (
    <Suspense fallback={null}>
      <Listener />
    </Suspense>
  ) : null;
}
