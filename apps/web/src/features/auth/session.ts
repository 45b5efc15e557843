import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { LoginResponse, Me } from '@cargo-window/contracts';

import { api, isApiError } from '../../api/client.ts';
import { ME_QUERY_KEY } from '../../api/query-client.ts';
import { PERMISSIONS_CHANGED, SESSION_ENDED } from '../live/events.ts';
import { useLiveEvents } from '../live/useLiveEvents.ts';

/** GET /me; `null` when nobody is logged in (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/me');
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export const meQuery = { queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000 } as const;

export function useMe() {
  return useQuery(meQuery);
}

/** The logged-in user inside the app shell (the auth guard guarantees one). */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside the authenticated shell');
  return data;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => api.post<LoginResponse>('/auth/login', input),
    onSuccess: async () => {
      // A new user: nothing cached for the previous one may leak into this session.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
      await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    },
  });
}

/**
 * 退出, then the login page at `loginPath`, loaded afresh: nothing of the person who left stays in
 * the tab (cached answers, the notices' live stream, a page guard's memory of where they were).
 * A failed logout leaves them logged in, and the caller says so.
 */
export function useLogout(loginPath: string) {
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/auth/logout'),
    onMutate: () => {
      loggingOut = true;
    },
    onSuccess: () => window.location.replace(loginPath),
    onError: () => {
      loggingOut = false;
    },
  });
}

/** While this tab's own 退出 is under way: its stream's `session.ended` is then no news (useLogout leaves by itself). */
let loggingOut = false;

/**
 * For a logged-in tab: when its session ends elsewhere (退出 in another tab, ended from 会话管理,
 * the operator disabled) or expires, the live stream says so and the tab leaves for the login page at once
 * (the page guards send it, and back here after the next login), instead of showing what it
 * showed until its next request is refused. When the enterprise's administrator changes the
 * person's permissions (应用权限), the tab reads who they are again: the menu and the page guards
 * follow at once.
 */
export function useFollowSession(enabled: boolean): void {
  const queryClient = useQueryClient();
  useLiveEvents((event) => {
    if (event.type === SESSION_ENDED && !loggingOut) queryClient.setQueryData(ME_QUERY_KEY, null);
    if (event.type === PERMISSIONS_CHANGED) void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  }, enabled);
}
