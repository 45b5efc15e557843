import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { isApiError, isSessionLost } from './client.ts';

export const ME_QUERY_KEY = ['me'] as const;

/**
 * A lost session anywhere (a query or a mutation other than /me answering 401) clears the cached
 * user; the auth guard then sends the browser to /login and back here after logging in.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isSessionLost(error) && query.queryKey[0] !== ME_QUERY_KEY[0]) client.setQueryData(ME_QUERY_KEY, null);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isSessionLost(error)) client.setQueryData(ME_QUERY_KEY, null);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // 4xx answers will not change on retry; network hiccups and 5xx may.
        retry: (failures, error) => failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
  return client;
}
