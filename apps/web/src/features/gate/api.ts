import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { Gate, GateDirection, GateEvent, GateLane, InsideVehicle } from '@cargo-window/contracts';

import { api } from '../../api/client.ts';

interface List<T> {
  items: T[];
  next: string | null;
}

export const gateKeys = {
  lanes: ['gate', 'lanes'] as const,
  events: (gateId: string) => ['gate', 'events', gateId] as const,
  inside: (terminalId: string) => ['gate', 'inside', terminalId] as const,
  adminGates: (terminalId: string) => ['admin', 'terminals', terminalId, 'gates'] as const,
  devices: (gateId: string) => ['admin', 'gates', gateId, 'devices'] as const,
};

/** The lanes the caller watches (gate officers and platform staff: all; a terminal operator: its own). */
export function useLanes(enabled = true) {
  return useQuery({ queryKey: gateKeys.lanes, queryFn: ({ signal }) => api.get<List<GateLane>>('/gate/lanes', undefined, signal), enabled });
}

export function useLaneEvents(gateId: string | null) {
  return useQuery({
    queryKey: gateKeys.events(gateId ?? ''),
    queryFn: ({ signal }) => api.get<List<GateEvent>>(`/gate/lanes/${encodeURIComponent(gateId!)}/events`, { limit: 50 }, signal),
    enabled: Boolean(gateId),
    staleTime: 0,
  });
}

/** Vehicles inside the controlled zone of a terminal now. */
export function useInside(terminalId: string | null | undefined) {
  return useQuery({
    queryKey: gateKeys.inside(terminalId ?? ''),
    queryFn: ({ signal }) => api.get<List<InsideVehicle>>(`/terminals/${encodeURIComponent(terminalId!)}/inside`, undefined, signal),
    enabled: Boolean(terminalId),
    staleTime: 0,
    refetchInterval: 60_000,
  });
}

export interface OverrideResult {
  eventId: number;
  decision: 'lift';
  code: string;
  message: string;
  appointmentId: string | null;
}

/** 手动抬杆: the officer lifts by hand with a written reason. */
export function useOverride() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { gateId: string; plate: string; reason: string }) => api.post<OverrideResult>('/gate/overrides', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['gate'] }),
  });
}

// -- platform set-up: gates (lanes) and their devices ---------------------------------------------

export interface GateDevice {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

export interface GateDeviceCreated {
  id: string;
  gateId: string;
  name: string;
  token: string;
  createdAt: string;
}

export function useGates(terminalId: string | null) {
  return useQuery({
    queryKey: gateKeys.adminGates(terminalId ?? ''),
    queryFn: ({ signal }) => api.get<List<Gate>>(`/admin/terminals/${encodeURIComponent(terminalId!)}/gates`, undefined, signal),
    enabled: Boolean(terminalId),
  });
}

export function useCreateGate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ terminalId, ...input }: { terminalId: string; code: string; name: string; direction: GateDirection }) =>
      api.post<Gate>(`/admin/terminals/${encodeURIComponent(terminalId)}/gates`, input),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: gateKeys.adminGates(created.terminalId) });
      void queryClient.invalidateQueries({ queryKey: gateKeys.lanes });
    },
  });
}

export function useGateDevices(gateId: string | null) {
  return useQuery({
    queryKey: gateKeys.devices(gateId ?? ''),
    queryFn: ({ signal }) => api.get<List<GateDevice>>(`/admin/gates/${encodeURIComponent(gateId!)}/devices`, undefined, signal),
    enabled: Boolean(gateId),
  });
}

export function useCreateGateDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ gateId, name }: { gateId: string; name: string }) => api.post<GateDeviceCreated>(`/admin/gates/${encodeURIComponent(gateId)}/devices`, { name }),
    onSuccess: (created) => queryClient.invalidateQueries({ queryKey: gateKeys.devices(created.gateId) }),
  });
}

export function useRevokeGateDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: string; gateId: string }) => api.post<{ ok: true }>(`/admin/gate-devices/${encodeURIComponent(id)}/revoke`),
    onSuccess: (_r, { gateId }) => queryClient.invalidateQueries({ queryKey: gateKeys.devices(gateId) }),
  });
}
