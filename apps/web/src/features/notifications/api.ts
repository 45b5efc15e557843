import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { Notification, NotificationKind } from '@cargo-window/contracts';

import { api } from '../../api/client.ts';
import type { Page } from '../enterprise/api.ts';

export interface NotificationFilters {
  kind?: string;
  unread?: boolean;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  count: ['notifications', 'unread-count'] as const,
  latest: ['notifications', 'latest'] as const,
  list: (filters: NotificationFilters) => ['notifications', 'list', filters] as const,
};

const POLL_MS = 30_000;

/** The contracts' `notificationKinds` (repeated: importing it would pull zod into the bundle; `labels.test.ts` checks). */
export const knownNotificationKinds = [
  'filing.approved',
  'filing.returned',
  'appointment.booked',
  'appointment.rejected',
  'appointment.no_show',
  'slot.capacity_changed',
  'gate.entered',
  'gate.exited',
] as const satisfies readonly NotificationKind[];

/**
 * The bell's number: every 30 s, when the window gets focus again, after any change made here,
 * and at once on a live notice (features/mobile/LiveNotifications).
 */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.count,
    queryFn: ({ signal }) => api.get<{ count: number }>('/notifications/unread-count', undefined, signal),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
}

/** The bell's drop-down: the latest few, fetched when it opens. */
export function useLatestNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.latest,
    queryFn: ({ signal }) => api.get<Page<Notification>>('/notifications', { limit: 8 }, signal),
    enabled,
    staleTime: 0,
  });
}

export function useNotifications(filters: NotificationFilters) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Notification>>('/notifications', { kind: filters.kind, unread: filters.unread ? 'true' : undefined, after: pageParam, limit: 20 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Notification>(`/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ count: number }>('/notifications/read-all'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/**
 * Where a notice leads: the filing or appointment it is about (`data.filingId`,
 * `data.appointmentId`), the terminal page for slot changes, or a link it carries.
 */
export function notificationLink(notification: Notification, enterpriseUser: boolean): string | null {
  const { data } = notification;
  if (typeof data.link === 'string' && data.link.startsWith('/') && !data.link.startsWith('//')) return data.link;
  if (typeof data.filingId === 'string') return enterpriseUser ? `/vehicle-filings/${encodeURIComponent(data.filingId)}` : `/review/vehicle-filings/${encodeURIComponent(data.filingId)}`;
  if (typeof data.appointmentId === 'string') return enterpriseUser ? `/appointments/${encodeURIComponent(data.appointmentId)}` : '/terminal';
  if (typeof data.terminalId === 'string' && !enterpriseUser) return '/terminal';
  return null;
}
