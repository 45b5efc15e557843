import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { AppointmentDetail, AppointmentSummary, Vehicle } from '@cargo-window/contracts';

import { api } from '../../api/client.ts';
import { dayIn, plusDays } from './model.ts';

interface Page<T> {
  items: T[];
  next: string | null;
}

/** Under the `appointments` prefix, so every appointment change made elsewhere refreshes these too. */
export const mobileKeys = {
  upcoming: ['appointments', 'mobile', 'upcoming'] as const,
  detail: (id: string) => ['appointments', 'mobile', 'detail', id] as const,
  vehicles: ['vehicles', 'mobile'] as const,
};

/** How far back an upcoming appointment may have been entered: more than any terminal's booking horizon. */
const LOOKBACK_DAYS = 31;
const PAGE = 200;
const MAX_PAGES = 5;

/**
 * The enterprise's recent appointments, for 我的预约. `GET /appointments` filters by 录入日期
 * (Beijing days), not by window, so this takes everything entered in the last month and the page
 * picks today's and later windows (`upcomingByDay`).
 */
export function useRecentAppointments(enabled = true) {
  return useQuery({
    queryKey: mobileKeys.upcoming,
    enabled,
    refetchInterval: 60_000,
    queryFn: async ({ signal }) => {
      const createdFrom = plusDays(dayIn('Asia/Shanghai'), -LOOKBACK_DAYS);
      const items: AppointmentSummary[] = [];
      let after: string | undefined;
      for (let i = 0; i < MAX_PAGES; i += 1) {
        const page = await api.get<Page<AppointmentSummary>>('/appointments', { createdFrom, limit: PAGE, after }, signal);
        items.push(...page.items);
        if (!page.next) break;
        after = page.next;
      }
      return items;
    },
  });
}

export function useAppointmentDetail(id: string | undefined) {
  return useQuery({
    queryKey: mobileKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<AppointmentDetail>(`/appointments/${encodeURIComponent(id!)}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** 交货确认 / 提货确认: the empty-truck declaration; refreshes every appointment view. */
export function useConfirmDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ status: 'empty_confirmed' | 'exited'; declaredAt: string }>(`/appointments/${encodeURIComponent(id)}/confirm`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['appointments'] }),
  });
}

/** The enterprise's approved fleet. */
export function useFleetVehicles(enabled = true) {
  return useQuery({
    queryKey: mobileKeys.vehicles,
    enabled,
    queryFn: ({ signal }) => api.get<Page<Vehicle>>('/vehicles', { status: 'active', limit: 200 }, signal),
  });
}
