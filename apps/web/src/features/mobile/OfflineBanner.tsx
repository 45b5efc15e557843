import { DisconnectOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError, NETWORK_ERROR } from '../../api/client.ts';

/**
 * A strip under the header while the API cannot be reached: the browser says it is offline, or
 * the last request failed without an answer (the service worker then serves the cached shell).
 * It goes away with the next answer from the server.
 */
export function OfflineBanner() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [browserOffline, setBrowserOffline] = useState(() => typeof navigator !== 'undefined' && navigator.onLine === false);
  // A request may have failed before this strip was shown (e.g. the login check of an offline start).
  const [unreachable, setUnreachable] = useState(() =>
    queryClient
      .getQueryCache()
      .getAll()
      .some((q) => q.state.status === 'error' && isApiError(q.state.error) && q.state.error.code === NETWORK_ERROR && q.state.errorUpdatedAt >= q.state.dataUpdatedAt),
  );

  useEffect(() => {
    const update = () => setBrowserOffline(navigator.onLine === false);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);

  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type !== 'updated') return;
        const { action } = event;
        if (action.type === 'error') setUnreachable(isApiError(action.error) && action.error.code === NETWORK_ERROR);
        else if (action.type === 'success') setUnreachable(false);
      }),
    [queryClient],
  );

  if (!browserOffline && !unreachable) return null;
  return (
    <div className="cw-offline" role="status" data-testid="offline-banner">
      <DisconnectOutlined /> {t('mobile.offline')}
    </div>
  );
}
