import { z } from 'zod';

import { permissions, platformStaffRoles, roles } from '../permissions.ts';
import { customsCode, email, mobile, optionalText, password, personName, requiredText, username, uscc } from './common.ts';

export const permission = z.enum(permissions, { message: 'PERMISSION_UNKNOWN' });

export const enterpriseInput = z.object({
  name: requiredText(100),
  uscc,
  customsCode,
  address: optionalText(200),
  contactName: personName,
  contactPhone: mobile,
  email,
});
export type EnterpriseInput = z.infer<typeof enterpriseInput>;

export const adminAccountInput = z.object({ username, password });

export const nationalCredentials = z.union([
  z.object({ username: requiredText(64), password: requiredText(128) }),
  z.object({ cardNo: requiredText(32), pin: requiredText(32) }),
]);
export type NationalCredentialsInput = z.infer<typeof nationalCredentials>;

export const registerStandalone = z.object({
  mode: z.literal('standalone'),
  enterprise: enterpriseInput,
  admin: adminAccountInput,
});
export const registerLinked = z.object({
  mode: z.literal('linked'),
  national: nationalCredentials,
  admin: adminAccountInput.optional(),
});
export const registerRequest = z.discriminatedUnion('mode', [registerStandalone, registerLinked]);
export type RegisterRequest = z.infer<typeof registerRequest>;

export const nationalPreviewRequest = z.object({ national: nationalCredentials });

export const enterprise = z.object({
  id: z.string(),
  name: z.string(),
  uscc: z.string(),
  customsCode: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string(),
  contactPhone: z.string(),
  email: z.string().nullable(),
  registrationMode: z.enum(['standalone', 'linked']),
  createdAt: z.string(),
});
export type Enterprise = z.infer<typeof enterprise>;

export const nationalEnterprise = z.object({
  nationalId: z.string(),
  name: z.string(),
  uscc: z.string(),
  customsCode: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string(),
  contactPhone: z.string(),
  alreadyLinked: z.boolean(),
});
export type NationalEnterprise = z.infer<typeof nationalEnterprise>;

export const user = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: z.enum(roles),
  enterpriseId: z.string().nullable(),
  terminalId: z.string().nullable(),
  permissions: z.array(permission),
});
export type User = z.infer<typeof user>;

export const registerResponse = z.object({ enterprise, user });
export type RegisterResponse = z.infer<typeof registerResponse>;

export const loginRequest = z.object({ username: requiredText(64), password: requiredText(128) });
export const loginResponse = z.object({ token: z.string(), expiresAt: z.string(), user });
export type LoginResponse = z.infer<typeof loginResponse>;

export const meResponse = z.object({ user, enterprise: enterprise.nullable() });
export type Me = z.infer<typeof meResponse>;

export const operator = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  permissions: z.array(permission),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type Operator = z.infer<typeof operator>;

export const createOperatorRequest = z.object({
  username,
  password,
  name: personName,
  phone: z.string().trim().refine((v) => v === '' || /^1[3-9]\d{9}$/.test(v), { message: 'MOBILE_INVALID' }).optional().nullable().transform((v) => (v ? v : null)),
  permissions: z.array(permission).max(permissions.length).default([]),
});
export type CreateOperatorRequest = z.input<typeof createOperatorRequest>;

export const updateOperatorRequest = z.object({
  permissions: z.array(permission).max(permissions.length).optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
});
export type UpdateOperatorRequest = z.infer<typeof updateOperatorRequest>;

export const createStaffRequest = z.object({
  username,
  password,
  name: personName,
  role: z.enum(platformStaffRoles, { message: 'INVALID_VALUE' }),
  terminalId: z.string().uuid({ message: 'INVALID_VALUE' }).optional().nullable(),
});
export type CreateStaffRequest = z.infer<typeof createStaffRequest>;

export const staffUser = user.extend({ disabled: z.boolean(), createdAt: z.string() });

/** A personal access token for an enterprise system (TMS, yard system): scoped, expiring, shown once. */
export const createApiTokenRequest = z.object({
  name: requiredText(60),
  permissions: z.array(permission).max(permissions.length).default([]),
  expiresInDays: z.number().int({ message: 'INVALID_VALUE' }).min(1, { message: 'TOO_SMALL' }).max(365, { message: 'TOO_BIG' }).default(90),
});
export type CreateApiTokenRequest = z.input<typeof createApiTokenRequest>;

export const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(permission),
  expiresAt: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiToken>;
export const apiTokenCreated = apiToken.extend({ token: z.string() });

export const sessionInfo = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

/** 修改密码: the person's own, given the current one. */
export const changePasswordRequest = z.object({ currentPassword: requiredText(128), newPassword: password });
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;
export const passwordChanged = z.object({ endedSessions: z.number().int().describe('How many of the person\'s other sessions were ended') });
export type PasswordChanged = z.infer<typeof passwordChanged>;

/** 卡介质: a WebAuthn credential (security key) bound to a person, 法人卡 or 操作员卡. */
export const securityKeyKinds = ['legal_person', 'operator'] as const;
export type SecurityKeyKind = (typeof securityKeyKinds)[number];
export const securityKeyKindLabels: Record<SecurityKeyKind, { 'zh-CN': string; en: string }> = {
  legal_person: { 'zh-CN': '法人卡', en: 'Legal-person card' },
  operator: { 'zh-CN': '操作员卡', en: 'Operator card' },
};
export const securityKeyKind = z.enum(securityKeyKinds, { message: 'INVALID_VALUE' });

export const securityKey = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  userName: z.string(),
  name: z.string(),
  kind: securityKeyKind,
  transports: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type SecurityKey = z.infer<typeof securityKey>;

/** The browser's answer to a WebAuthn ceremony (@simplewebauthn/browser's JSON), checked by the server's library. */
export const webauthnCredentialResponse = z.looseObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key', { message: 'INVALID_VALUE' }),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(8192) }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

export const securityKeyRegistrationOptionsRequest = z.object({
  /** Whom the key is for: the administrator itself (omitted) or one of its operators. */
  userId: z.string().max(64).optional(),
  name: requiredText(40),
  kind: securityKeyKind,
});
export type SecurityKeyRegistrationOptionsRequest = z.input<typeof securityKeyRegistrationOptionsRequest>;

export const registerSecurityKeyRequest = securityKeyRegistrationOptionsRequest.extend({
  challengeId: z.string().max(64),
  response: webauthnCredentialResponse,
});

/** Options for `navigator.credentials.create/get` (WebAuthn JSON), with the id of the stored challenge. */
export const webauthnOptionsResponse = z.object({ challengeId: z.string(), options: z.record(z.string(), z.unknown()) });

export const webauthnLoginOptionsRequest = z.object({ username: z.string().trim().max(64).optional() });
export const webauthnLoginRequest = z.object({ challengeId: z.string().max(64), response: webauthnCredentialResponse });
