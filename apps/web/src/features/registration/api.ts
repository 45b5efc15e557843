import { useMutation } from '@tanstack/react-query';

import type { NationalEnterprise, RegisterResponse } from '@cargo-window/contracts';

import { api } from '../../api/client.ts';

export type NationalCredentials = { username: string; password: string } | { cardNo: string; pin: string };

export interface StandaloneRegistration {
  mode: 'standalone';
  enterprise: {
    name: string;
    uscc: string;
    customsCode?: string;
    address?: string;
    contactName: string;
    contactPhone: string;
    email?: string;
  };
  admin: { username: string; password: string };
}

export interface LinkedRegistration {
  mode: 'linked';
  national: NationalCredentials;
  admin?: { username: string; password: string };
}

export function useRegister() {
  return useMutation({
    mutationFn: (body: StandaloneRegistration | LinkedRegistration) => api.post<RegisterResponse>('/auth/register', body),
  });
}

/** Asks the national account service (through our server) for the enterprise to show grey. */
export function useNationalPreview() {
  return useMutation({
    mutationFn: (national: NationalCredentials) => api.post<NationalEnterprise>('/auth/register/national-preview', { national }),
  });
}

/** Where each national-service error belongs on the credentials form (the server sends no field). */
export type NationalField = ['national', 'username' | 'password' | 'cardNo' | 'pin'];

export const nationalErrorField: Record<string, NationalField | undefined> = {
  NATIONAL_ACCOUNT_UNKNOWN: ['national', 'username'],
  NATIONAL_PASSWORD_WRONG: ['national', 'password'],
  NATIONAL_CARD_UNKNOWN: ['national', 'cardNo'],
  NATIONAL_CARD_PIN_WRONG: ['national', 'pin'],
  NATIONAL_CARD_LOCKED: ['national', 'cardNo'],
};
