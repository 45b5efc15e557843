import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { PlatformStaffRole, User } from '@cargo-window/contracts';

import { api } from '../../api/client.ts';
import type { Page } from '../enterprise/api.ts';
import { auditParams, type AuditEntry, type AuditFilters } from './audit.ts';

export type StaffUser = User & { disabled: boolean; createdAt: string };

export interface CreateStaffInput {
  username: string;
  name: string;
  password: string;
  role: PlatformStaffRole;
  terminalId?: string;
}

const staffKey = ['admin', 'users'] as const;

export function useStaff() {
  return useQuery({ queryKey: staffKey, queryFn: ({ signal }) => api.get<Page<StaffUser>>('/admin/users', undefined, signal) });
}

export function useCreateStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateStaffInput) => api.post<StaffUser>('/admin/users', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffKey }),
  });
}

const AUDIT_PAGE_SIZE = 30;

/** 审计日志, newest first, keyset-paged: each page's `next` asks for the following one (加载更多). */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['admin', 'audit', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<AuditEntry>>('/admin/audit', { ...Object.fromEntries(auditParams(filters)), after: pageParam, limit: AUDIT_PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
}
