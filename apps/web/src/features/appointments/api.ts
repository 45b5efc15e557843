import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type {
  AppointmentDetail,
  AppointmentFlag,
  AppointmentStatus,
  AppointmentSummary,
  CalendarResponse,
  DeclarationType,
  Slot,
  Terminal,
  TerminalAppointment,
  Vehicle,
} from '@cargo-window/contracts';

import { api } from '../../api/client.ts';
import { filterParams, type ListFilters } from './model.ts';

export interface Page<T> {
  items: T[];
  next: string | null;
}

export const appointmentKeys = {
  all: ['appointments'] as const,
  list: (filters: ListFilters, after: string | undefined) => ['appointments', 'list', filters, after ?? null] as const,
  detail: (id: string) => ['appointments', 'detail', id] as const,
};

export const terminalKeys = {
  all: ['terminals'] as const,
  one: (id: string) => ['terminals', id] as const,
  calendar: (id: string, from: string | undefined, days: number | undefined) => ['terminals', id, 'calendar', from ?? null, days ?? null] as const,
  slots: (id: string, date: string) => ['terminals', id, 'slots', date] as const,
  queue: (status: AppointmentStatus) => ['terminal', 'appointments', status] as const,
};

// -- terminals, slots, fleet -------------------------------------------------------------------

export function useTerminals() {
  return useQuery({ queryKey: terminalKeys.all, queryFn: ({ signal }) => api.get<Page<Terminal>>('/terminals', undefined, signal) });
}

export function useTerminal(id: string | null | undefined) {
  return useQuery({
    queryKey: terminalKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Terminal>(`/terminals/${encodeURIComponent(id!)}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** The booking calendar: today … today + horizon (or `days` from `from`). */
export function useCalendar(terminalId: string | null | undefined, options: { from?: string; days?: number } = {}) {
  return useQuery({
    queryKey: terminalKeys.calendar(terminalId ?? '', options.from, options.days),
    queryFn: ({ signal }) => api.get<CalendarResponse>(`/terminals/${encodeURIComponent(terminalId!)}/calendar`, { from: options.from, days: options.days }, signal),
    enabled: Boolean(terminalId),
    staleTime: 10_000,
  });
}

export function useDaySlots(terminalId: string | null | undefined, date: string | null | undefined) {
  return useQuery({
    queryKey: terminalKeys.slots(terminalId ?? '', date ?? ''),
    queryFn: ({ signal }) => api.get<Page<Slot>>(`/terminals/${encodeURIComponent(terminalId!)}/slots`, { date }, signal),
    enabled: Boolean(terminalId && date),
    staleTime: 5_000,
  });
}

/** The enterprise's approved (active) fleet, for the vehicle picker. */
export function useActiveVehicles(enabled = true) {
  return useQuery({
    queryKey: ['vehicles', 'active', 'picker'],
    queryFn: ({ signal }) => api.get<Page<Vehicle>>('/vehicles', { status: 'active', limit: 200 }, signal),
    enabled,
  });
}

// -- appointments -------------------------------------------------------------------------------

export function useAppointments(filters: ListFilters, after: string | undefined, limit: number, enabled = true) {
  return useQuery({
    queryKey: [...appointmentKeys.list(filters, after), limit],
    queryFn: ({ signal }) => api.get<Page<AppointmentSummary>>('/appointments', { ...filterParams(filters), after, limit }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAppointment(id: string | undefined) {
  return useQuery({
    queryKey: appointmentKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<AppointmentDetail>(`/appointments/${encodeURIComponent(id!)}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export interface AwbInput {
  awb: string;
  pieces: number;
  weightKg: number;
}

export interface AppointmentInput {
  terminalId: string;
  slotId: string;
  flag: AppointmentFlag;
  declarationType: DeclarationType;
  vehicleId: string;
  awbs: AwbInput[];
  driverName?: string;
  driverPhone?: string;
  driverIdNo?: string;
}

export interface VehicleChangeInput {
  vehicleId?: string;
  driverName?: string;
  driverPhone?: string;
  driverIdNo?: string;
}

const path = (id: string, action = '') => `/appointments/${encodeURIComponent(id)}${action}`;

/** Every appointment mutation refreshes the lists, the detail and the calendars (places moved). */
function useAppointmentMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result) => {
      if (result && typeof result === 'object' && 'id' in result && 'history' in result) {
        queryClient.setQueryData(appointmentKeys.detail((result as unknown as AppointmentDetail).id), result);
      }
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      void queryClient.invalidateQueries({ queryKey: terminalKeys.all });
    },
  });
}

export const useCreateAppointment = () => useAppointmentMutation((input: AppointmentInput) => api.post<AppointmentDetail>('/appointments', input));
export const useUpdateAppointment = () => useAppointmentMutation(({ id, ...input }: AppointmentInput & { id: string }) => api.put<AppointmentDetail>(path(id), input));
export const useSubmitAppointment = () => useAppointmentMutation((id: string) => api.post<AppointmentDetail>(path(id, '/submit')));
export const useCancelAppointment = () => useAppointmentMutation((id: string) => api.post<AppointmentDetail>(path(id, '/cancel')));
export const useConfirmAppointment = () => useAppointmentMutation((id: string) => api.post<{ status: 'empty_confirmed' | 'exited'; declaredAt: string }>(path(id, '/confirm')));
export const useChangeVehicle = () => useAppointmentMutation(({ id, ...input }: VehicleChangeInput & { id: string }) => api.patch<AppointmentDetail>(path(id, '/vehicle'), input));

// -- the terminal operator ----------------------------------------------------------------------

export function useTerminalQueue(status: AppointmentStatus, enabled = true) {
  return useQuery({
    queryKey: terminalKeys.queue(status),
    queryFn: ({ signal }) => api.get<Page<TerminalAppointment>>('/terminal/appointments', { status, limit: 100 }, signal),
    enabled,
    refetchInterval: 30_000,
  });
}

function useTerminalMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['terminal'] });
      void queryClient.invalidateQueries({ queryKey: terminalKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['gate'] });
    },
  });
}

export const useAcceptAppointment = () => useTerminalMutation((id: string) => api.post<TerminalAppointment>(`/terminal/appointments/${encodeURIComponent(id)}/accept`));
export const useRejectAppointment = () =>
  useTerminalMutation(({ id, reason }: { id: string; reason: string }) => api.post<TerminalAppointment>(`/terminal/appointments/${encodeURIComponent(id)}/reject`, { reason }));
export const useTerminalConfirm = () => useTerminalMutation((id: string) => api.post<{ status: string; declaredAt: string }>(`/terminal/appointments/${encodeURIComponent(id)}/confirm`));

export interface CapacityPatch {
  pickup?: number;
  delivery?: number;
}

export const useSlotCapacity = () =>
  useTerminalMutation(({ terminalId, slotId, capacity }: { terminalId: string; slotId: string; capacity: CapacityPatch }) =>
    api.patch<Slot>(`/terminals/${encodeURIComponent(terminalId)}/slots/${encodeURIComponent(slotId)}`, { capacity }),
  );
export const useDayCapacity = () =>
  useTerminalMutation(({ terminalId, date, capacity }: { terminalId: string; date: string; capacity: CapacityPatch }) =>
    api.patch<Page<Slot>>(`/terminals/${encodeURIComponent(terminalId)}/days/${encodeURIComponent(date)}`, { capacity }),
  );

// -- platform set-up ----------------------------------------------------------------------------

export interface TerminalInput {
  code: string;
  name: string;
  timeZone: string;
  slotMinutes: 30 | 60;
  capacity: { pickup: number; delivery: number };
  horizonDays?: number;
  minLeadMinutes?: number;
  toleranceMinutes?: number;
  closedDates?: string[];
  hours?: Record<string, [string, string][]> | null;
}

export function useCreateTerminal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TerminalInput) => api.post<Terminal>('/admin/terminals', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: terminalKeys.all }),
  });
}

export function useUpdateTerminal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: Partial<TerminalInput> & { id: string }) => api.patch<Terminal>(`/admin/terminals/${encodeURIComponent(id)}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: terminalKeys.all }),
  });
}
