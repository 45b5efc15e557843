import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { Enterprise, Operator, Permission } from '@cargo-window/contracts';

import { api } from '../../api/client.ts';

export interface Page<T> {
  items: T[];
  next: string | null;
}

const keys = {
  enterprise: ['enterprise'] as const,
  operators: ['enterprise', 'operators'] as const,
};

export function useEnterprise() {
  return useQuery({ queryKey: keys.enterprise, queryFn: ({ signal }) => api.get<Enterprise>('/enterprise', undefined, signal) });
}

export function useOperators() {
  return useQuery({ queryKey: keys.operators, queryFn: ({ signal }) => api.get<Page<Operator>>('/enterprise/operators', undefined, signal) });
}

export interface CreateOperatorInput {
  username: string;
  name: string;
  phone?: string;
  password: string;
  permissions: Permission[];
}

export interface UpdateOperatorInput {
  permissions?: Permission[];
  disabled?: boolean;
  password?: string;
}

export function useCreateOperator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateOperatorInput) => api.post<Operator>('/enterprise/operators', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.operators }),
  });
}

export function useUpdateOperator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateOperatorInput & { id: string }) => api.patch<Operator>(`/enterprise/operators/${encodeURIComponent(id)}`, input),
    onSuccess: (updated) => {
      queryClient.setQueryData<Page<Operator>>(keys.operators, (page) => (page ? { ...page, items: page.items.map((o) => (o.id === updated.id ? updated : o)) } : page));
      void queryClient.invalidateQueries({ queryKey: keys.operators });
    },
  });
}
