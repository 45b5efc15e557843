import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';

import type { ApiToken, ChangePasswordRequest, LoginResponse, NotificationKind, PasswordChanged, Permission, SecurityKey, SecurityKeyKind, SessionInfo } from '@cargo-window/contracts';

import { api } from '../../api/client.ts';
import { ME_QUERY_KEY } from '../../api/query-client.ts';
import { meQuery } from '../auth/session.ts';
import type { Page } from '../enterprise/api.ts';

/** Thrown before any request when the browser has no WebAuthn at all. */
export class WebAuthnUnsupportedError extends Error {
  override name = 'WebAuthnUnsupportedError';
}

// The WebAuthn helpers load when a ceremony starts (or the card login tab opens, see
// preloadWebAuthn): the login page shows the card tab, but most people log in with a password.
const webauthn = () => import('@simplewebauthn/browser');

export function preloadWebAuthn(): void {
  void webauthn();
}

async function requireWebAuthn() {
  const lib = await webauthn();
  if (!lib.browserSupportsWebAuthn()) throw new WebAuthnUnsupportedError('WebAuthn is not available');
  return lib;
}

interface OptionsResponse<T> {
  challengeId: string;
  options: T;
}

export const accountKeys = {
  securityKeys: ['enterprise', 'security-keys'] as const,
  sessions: ['me', 'sessions'] as const,
  tokens: (operatorId: string | null) => (operatorId ? (['enterprise', 'operators', operatorId, 'tokens'] as const) : (['me', 'tokens'] as const)),
  notificationPreferences: ['me', 'notification-preferences'] as const,
};

// ---- 卡介质 (security keys) ----

export function useSecurityKeys() {
  return useQuery({ queryKey: accountKeys.securityKeys, queryFn: ({ signal }) => api.get<Page<SecurityKey>>('/enterprise/security-keys', undefined, signal) });
}

export interface BindSecurityKeyInput {
  /** Omitted: the administrator itself. */
  userId?: string;
  name: string;
  kind: SecurityKeyKind;
}

/** 绑定卡介质: creation options → the authenticator (browser prompt) → the server verifies and stores. */
export function useBindSecurityKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: BindSecurityKeyInput) => {
      const { startRegistration } = await requireWebAuthn();
      const { challengeId, options } = await api.post<OptionsResponse<PublicKeyCredentialCreationOptionsJSON>>('/enterprise/security-keys/registration-options', input);
      const response = await startRegistration({ optionsJSON: options });
      return api.post<SecurityKey>('/enterprise/security-keys', { ...input, challengeId, response });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.securityKeys }),
  });
}

export function useRevokeSecurityKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ ok: true }>(`/enterprise/security-keys/${encodeURIComponent(id)}/revoke`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.securityKeys }),
  });
}

/** 卡介质登录: request options (for one account, or any discoverable key) → the authenticator → a session. */
export function useCardLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { username?: string }) => {
      const { startAuthentication } = await requireWebAuthn();
      const { challengeId, options } = await api.post<OptionsResponse<PublicKeyCredentialRequestOptionsJSON>>('/auth/webauthn/login-options', input.username ? { username: input.username } : {});
      const response = await startAuthentication({ optionsJSON: options });
      return api.post<LoginResponse>('/auth/webauthn/login', { challengeId, response });
    },
    onSuccess: async () => {
      // As after a password login: nothing cached for a previous user may leak into this session.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
      await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    },
  });
}

// ---- 会话管理 ----

export function useSessions() {
  return useQuery({ queryKey: accountKeys.sessions, queryFn: ({ signal }) => api.get<Page<SessionInfo>>('/me/sessions', undefined, signal) });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ ok: true }>(`/me/sessions/${encodeURIComponent(id)}/revoke`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

/** 修改密码: the person's other sessions end, so the list is read again. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangePasswordRequest) => api.post<PasswordChanged>('/me/password', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

// ---- 访问令牌: mine, or (administrator) an operator's ----

export type ApiTokenCreated = ApiToken & { token: string };

export interface CreateTokenInput {
  name: string;
  permissions: Permission[];
  expiresInDays: number;
}

const tokensPath = (operatorId: string | null) => (operatorId ? `/enterprise/operators/${encodeURIComponent(operatorId)}/tokens` : '/me/tokens');

export function useTokens(operatorId: string | null, enabled = true) {
  return useQuery({ queryKey: accountKeys.tokens(operatorId), queryFn: ({ signal }) => api.get<Page<ApiToken>>(tokensPath(operatorId), undefined, signal), enabled });
}

export function useCreateToken(operatorId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => api.post<ApiTokenCreated>(tokensPath(operatorId), input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.tokens(operatorId) }),
  });
}

export function useRevokeToken(operatorId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    // Revoking goes through /me/tokens for both: the server lets an administrator revoke its operators' tokens.
    mutationFn: (id: string) => api.post<{ ok: true }>(`/me/tokens/${encodeURIComponent(id)}/revoke`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.tokens(operatorId) }),
  });
}

// ---- 通知设置 ----

export interface NotificationPreferencesView {
  kinds: NotificationKind[];
  muted: NotificationKind[];
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: accountKeys.notificationPreferences,
    queryFn: ({ signal }) => api.get<NotificationPreferencesView>('/me/notification-preferences', undefined, signal),
  });
}

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (muted: NotificationKind[]) => api.put<NotificationPreferencesView>('/me/notification-preferences', { muted }),
    onSuccess: (saved) => queryClient.setQueryData(accountKeys.notificationPreferences, saved),
  });
}
