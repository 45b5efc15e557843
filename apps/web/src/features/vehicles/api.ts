import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';

import type { FilingStatus, Language, SaveFilingRequest, Vehicle, VehicleFiling, VehicleFilingSummary, VehicleStatus } from '@cargo-window/contracts';

import { api, API_BASE } from '../../api/client.ts';
import type { Page } from '../enterprise/api.ts';

/** The list page's filters (GET /vehicle-filings and its export take the same). */
export interface FilingFilters {
  status?: FilingStatus;
  plate?: string;
  declaredFrom?: string;
  declaredTo?: string;
}

export type ReviewStatus = Exclude<FilingStatus, 'draft'>;

export interface FleetFilters {
  status: VehicleStatus;
  plate?: string;
}

const PAGE_SIZE = 20;

export const vehicleKeys = {
  filings: ['vehicle-filings'] as const,
  filingList: (filters: FilingFilters) => ['vehicle-filings', 'list', filters] as const,
  filing: (id: string) => ['vehicle-filings', 'detail', id] as const,
  review: ['review-filings'] as const,
  reviewList: (status: ReviewStatus, plate?: string) => ['review-filings', 'list', status, plate ?? ''] as const,
  reviewFiling: (id: string) => ['review-filings', 'detail', id] as const,
  fleet: ['vehicles'] as const,
  fleetList: (filters: FleetFilters) => ['vehicles', 'list', filters] as const,
  vehicle: (id: string) => ['vehicles', 'detail', id] as const,
};

const id = (value: string) => encodeURIComponent(value);

/** Query text for the list and its export: empty filters are left out. */
export function filingQuery(filters: FilingFilters): Record<string, string | undefined> {
  return { status: filters.status, plate: filters.plate?.trim() || undefined, declaredFrom: filters.declaredFrom, declaredTo: filters.declaredTo };
}

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return `${API_BASE}${path}${text ? `?${text}` : ''}`;
}

/**
 * Downloads go through a plain link so the session cookie goes along and the browser saves the
 * file; the link names the page's language, which a link cannot send as a header.
 */
export const downloads = {
  template: (language: Language) => withQuery('/vehicle-filings/template.xlsx', { lang: language }),
  filingsExport: (filters: FilingFilters, language: Language) => withQuery('/vehicle-filings/export.xlsx', { ...filingQuery(filters), lang: language }),
  fleetExport: (filters: FleetFilters, language: Language) => withQuery('/vehicles/export.xlsx', { status: filters.status, plate: filters.plate?.trim() || undefined, lang: language }),
};

/** 车辆备案 list with keyset paging: each page's `next` asks for the following one (加载更多). */
export function useFilings(filters: FilingFilters) {
  return useInfiniteQuery({
    queryKey: vehicleKeys.filingList(filters),
    queryFn: ({ pageParam, signal }) => api.get<Page<VehicleFilingSummary>>('/vehicle-filings', { ...filingQuery(filters), after: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useFiling(filingId: string | undefined) {
  return useQuery({
    queryKey: vehicleKeys.filing(filingId ?? ''),
    queryFn: ({ signal }) => api.get<VehicleFiling>(`/vehicle-filings/${id(filingId!)}`, undefined, signal),
    enabled: Boolean(filingId),
  });
}

function rememberFiling(queryClient: QueryClient, filing: VehicleFiling) {
  queryClient.setQueryData(vehicleKeys.filing(filing.id), filing);
  void queryClient.invalidateQueries({ queryKey: [...vehicleKeys.filings, 'list'] });
}

/** 暂存: POST a new filing, PUT an existing draft or returned one. */
export function useSaveFiling() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ filingId, body }: { filingId?: string; body: SaveFilingRequest }) =>
      filingId ? api.put<VehicleFiling>(`/vehicle-filings/${id(filingId)}`, body) : api.post<VehicleFiling>('/vehicle-filings', body),
    onSuccess: (filing) => rememberFiling(queryClient, filing),
  });
}

/** 申报. */
export function useDeclareFiling() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (filingId: string) => api.post<VehicleFiling>(`/vehicle-filings/${id(filingId)}/declare`),
    onSuccess: (filing) => {
      rememberFiling(queryClient, filing);
      void queryClient.invalidateQueries({ queryKey: vehicleKeys.review });
    },
  });
}

/** 备案审核: the reviewers' list, the declared queue oldest first. */
export function useReviewFilings(status: ReviewStatus, plate?: string) {
  return useInfiniteQuery({
    queryKey: vehicleKeys.reviewList(status, plate),
    queryFn: ({ pageParam, signal }) => api.get<Page<VehicleFilingSummary>>('/review/vehicle-filings', { status, plate: plate?.trim() || undefined, after: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useReviewFiling(filingId: string | undefined) {
  return useQuery({
    queryKey: vehicleKeys.reviewFiling(filingId ?? ''),
    queryFn: ({ signal }) => api.get<VehicleFiling>(`/review/vehicle-filings/${id(filingId!)}`, undefined, signal),
    enabled: Boolean(filingId),
  });
}

function useReviewDecision<Input>(request: (input: Input) => Promise<VehicleFiling>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (filing) => {
      queryClient.setQueryData(vehicleKeys.reviewFiling(filing.id), filing);
      void queryClient.invalidateQueries({ queryKey: [...vehicleKeys.review, 'list'] });
    },
  });
}

export const useApproveFiling = () => useReviewDecision((filingId: string) => api.post<VehicleFiling>(`/review/vehicle-filings/${id(filingId)}/approve`));
export const useReturnFiling = () =>
  useReviewDecision(({ filingId, reason }: { filingId: string; reason: string }) => api.post<VehicleFiling>(`/review/vehicle-filings/${id(filingId)}/return`, { reason }));

/** 车队车辆, newest first. */
export function useFleet(filters: FleetFilters) {
  return useInfiniteQuery({
    queryKey: vehicleKeys.fleetList(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Vehicle>>('/vehicles', { status: filters.status, plate: filters.plate?.trim() || undefined, after: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useVehicle(vehicleId: string | undefined) {
  return useQuery({
    queryKey: vehicleKeys.vehicle(vehicleId ?? ''),
    queryFn: ({ signal }) => api.get<Vehicle>(`/vehicles/${id(vehicleId!)}`, undefined, signal),
    enabled: Boolean(vehicleId),
  });
}

/** 注销. */
export function useCancelVehicle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ vehicleId, reason }: { vehicleId: string; reason?: string }) => api.post<Vehicle>(`/vehicles/${id(vehicleId)}/cancel`, { reason: reason || null }),
    onSuccess: (vehicle) => {
      queryClient.setQueryData(vehicleKeys.vehicle(vehicle.id), vehicle);
      void queryClient.invalidateQueries({ queryKey: [...vehicleKeys.fleet, 'list'] });
      void queryClient.invalidateQueries({ queryKey: [...vehicleKeys.filings, 'detail', vehicle.filingId] });
    },
  });
}
