import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { PlatformStaffRole, User } from '@cargo-window/contracts';

import { api } from '../../api/client.ts';
import type { Page } from '../enterprise/api.ts';

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
