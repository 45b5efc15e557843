// Every operation of the OpenAPI document, with who may call it and how to call it with real
// data. The isolation matrix and the fuzzer both walk this table; an operation the document
// lists but the table does not is a test failure naming it (a new route must say who may call it).
import type { Permission } from '@cargo-window/contracts';

import { standaloneRegistration, uniqueUsername } from '../testing/factories.ts';
import { awbRows, filingBody, nationalAccount, type World } from './world.ts';

export type StaffRole = 'platform_admin' | 'reviewer' | 'terminal_operator' | 'gate_officer';

export type AccessClass =
  | { kind: 'public' }
  | { kind: 'device' }
  /** Any logged-in person. */
  | { kind: 'user' }
  /** An enterprise administrator or operator, no permission needed. */
  | { kind: 'enterprise' }
  | { kind: 'permission'; permission: Permission }
  | { kind: 'anyPermission'; permissions: Permission[] }
  /** The enterprise administrator only. */
  | { kind: 'enterpriseAdmin' }
  | { kind: 'staff'; roles: StaffRole[] };

export interface RouteEntry {
  access: AccessClass;
  /** Whose resource the path names: A's (another enterprise gets 404) or the platform's. */
  owner?: 'A' | 'platform';
  params?: (w: World) => Record<string, string>;
  query?: (w: World) => Record<string, string>;
  body?: (w: World) => unknown;
  /** A non-JSON body (content type and bytes). */
  raw?: { contentType: string; bytes: (w: World) => Buffer };
  /** The body names A's resources: B must not succeed with it. */
  bodyNamesA?: boolean;
  /** Server-sent events: the answer never ends, so only refusals are checked. */
  stream?: boolean;
  /** The owner's own call changes what other rows rely on: it runs after all others. */
  destructive?: boolean;
  /** Expected status for A's operator without permissions, on routes open to any person. */
  operatorOfA?: number;
  /** Other callers and what they must get (e.g. another terminal's operator). */
  others?: { who: string; token: (w: World) => string; status: number; noSecrets?: boolean }[];
}

const pub: AccessClass = { kind: 'public' };
const device: AccessClass = { kind: 'device' };
const user: AccessClass = { kind: 'user' };
const ent: AccessClass = { kind: 'enterprise' };
const entAdmin: AccessClass = { kind: 'enterpriseAdmin' };
const perm = (permission: Permission): AccessClass => ({ kind: 'permission', permission });
const anyPerm = (...permissions: Permission[]): AccessClass => ({ kind: 'anyPermission', permissions });
const staff = (...roles: StaffRole[]): AccessClass => ({ kind: 'staff', roles });
const watchers = staff('gate_officer', 'terminal_operator', 'platform_admin');

const otherTerminalOperator = (status: number, noSecrets = false) => ({ who: 'terminal operator of another terminal', token: (w: World) => w.staff.terminalOperator2, status, noSecrets });

const appointmentBody = (w: World) => ({ terminalId: w.terminalId, slotId: w.slotId, flag: 'delivery', declarationType: 'ordinary', vehicleId: w.a.spareVehicleId, awbs: awbRows() });
let counter = 0;
const unique = (prefix: string) => `${prefix}${process.pid % 10000}${++counter}`;

/** Keyed `METHOD /path` as the OpenAPI document writes it, without the `/api/v1` prefix. */
export const routeTable: Record<string, RouteEntry> = {
  'GET /health': { access: pub },
  'POST /auth/register': { access: pub, body: () => standaloneRegistration() },
  'POST /auth/register/national-preview': { access: pub, body: () => ({ national: nationalAccount() }) },
  'POST /auth/login': { access: pub, body: (w) => ({ username: w.a.username, password: w.a.password }) },
  'POST /auth/logout': { access: pub },
  'GET /me': { access: user },
  'GET /enterprise': { access: ent },
  'GET /enterprise/operators': { access: entAdmin },
  'POST /enterprise/operators': { access: entAdmin, body: () => ({ username: uniqueUsername('sec'), password: 'Operat0r!x', name: '操作员', permissions: ['query'] }) },
  'PATCH /enterprise/operators/{id}': { access: entAdmin, owner: 'A', params: (w) => ({ id: w.a.operatorId }), body: () => ({ permissions: [] }) },
  'GET /me/sessions': { access: user },
  'POST /me/sessions/{id}/revoke': { access: user, owner: 'A', params: (w) => ({ id: w.a.spareSessionId }), operatorOfA: 404, destructive: true },
  // Ends A's administrator's other sessions: last. Another caller's password is not A's: a 400 on the field.
  'POST /me/password': { access: user, body: (w) => ({ currentPassword: w.a.password, newPassword: 'Changed2026x' }), destructive: true },
  'GET /me/tokens': { access: user },
  'POST /me/tokens': { access: user, body: () => ({ name: '对接系统', permissions: ['query'], expiresInDays: 30 }) },
  'POST /me/tokens/{id}/revoke': { access: user, owner: 'A', params: (w) => ({ id: w.a.queryTokenId }), operatorOfA: 404, destructive: true },
  'GET /enterprise/operators/{id}/tokens': { access: entAdmin, owner: 'A', params: (w) => ({ id: w.a.operatorId }) },
  'POST /enterprise/operators/{id}/tokens': { access: entAdmin, owner: 'A', params: (w) => ({ id: w.a.operatorId }), body: () => ({ name: '操作员系统', permissions: [], expiresInDays: 30 }) },
  // 卡介质 (security keys): bodies name A's administrator, so B is refused before any challenge is touched.
  'GET /enterprise/security-keys': { access: entAdmin },
  'POST /enterprise/security-keys/registration-options': { access: entAdmin, owner: 'A', body: (w) => ({ userId: w.a.userId, name: unique('卡'), kind: 'legal_person' }) },
  'POST /enterprise/security-keys': { access: entAdmin, owner: 'A', body: (w) => w.a.webauthn.bindBody() },
  'POST /enterprise/security-keys/{id}/revoke': { access: entAdmin, owner: 'A', params: (w) => ({ id: w.a.webauthn.spareKeyId }), destructive: true },
  'POST /auth/webauthn/login-options': { access: pub, body: () => ({}) },
  'POST /auth/webauthn/login': { access: pub, body: (w) => w.a.webauthn.loginBody() },
  'GET /admin/users': { access: staff('platform_admin') },
  'POST /admin/users': { access: staff('platform_admin'), body: () => ({ username: uniqueUsername('staff'), password: 'Staff0r!xy', name: '平台人员', role: 'reviewer' }) },

  'GET /vehicle-filings': { access: perm('vehicle_filing') },
  'POST /vehicle-filings': { access: perm('vehicle_filing'), body: () => filingBody() },
  'GET /vehicle-filings/template.xlsx': { access: perm('vehicle_filing') },
  'GET /vehicle-filings/export.xlsx': { access: perm('vehicle_filing') },
  'POST /vehicle-filings/import': { access: perm('vehicle_filing'), raw: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: () => Buffer.from('PK not really a workbook') } },
  'GET /vehicle-filings/{id}': { access: perm('vehicle_filing'), owner: 'A', params: (w) => ({ id: w.a.filingId }) },
  'PUT /vehicle-filings/{id}': { access: perm('vehicle_filing'), owner: 'A', params: (w) => ({ id: w.a.draftFilingId }), body: () => filingBody() },
  'POST /vehicle-filings/{id}/declare': { access: perm('vehicle_filing'), owner: 'A', params: (w) => ({ id: w.a.draftFilingId }) },
  'GET /review/vehicle-filings': { access: staff('reviewer') },
  'GET /review/vehicle-filings/{id}': { access: staff('reviewer'), owner: 'A', params: (w) => ({ id: w.a.filingId }) },
  'POST /review/vehicle-filings/{id}/approve': { access: staff('reviewer'), owner: 'A', params: (w) => ({ id: w.a.filingId }), destructive: true },
  'POST /review/vehicle-filings/{id}/return': { access: staff('reviewer'), owner: 'A', params: (w) => ({ id: w.a.filingId }), body: () => ({ reason: '资料不全，请补充' }) },
  'GET /vehicles': { access: ent },
  'GET /vehicles/export.xlsx': { access: ent },
  'GET /vehicles/{id}': { access: ent, owner: 'A', params: (w) => ({ id: w.a.vehicleId }) },
  'POST /vehicles/{id}/cancel': { access: perm('vehicle_filing'), owner: 'A', params: (w) => ({ id: w.a.spareVehicleId }), body: () => ({ reason: '车辆报废' }), destructive: true },

  'GET /notifications': { access: user },
  'GET /notifications/unread-count': { access: user },
  'POST /notifications/{id}/read': { access: user, owner: 'A', params: (w) => ({ id: w.a.notificationId }), operatorOfA: 404 },
  'POST /notifications/read-all': { access: user },
  'GET /me/notification-preferences': { access: user },
  'PUT /me/notification-preferences': { access: user, body: () => ({ muted: [] }) },

  'POST /admin/terminals': { access: staff('platform_admin'), body: () => ({ code: unique('SECT'), name: '新货站', timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: 5, delivery: 5 } }) },
  'PATCH /admin/terminals/{id}': { access: staff('platform_admin'), owner: 'platform', params: (w) => ({ id: w.terminalId }), body: () => ({ name: '安全测试货站' }) },
  'POST /admin/terminals/{id}/gates': { access: staff('platform_admin'), owner: 'platform', params: (w) => ({ id: w.terminalId }), body: () => ({ code: unique('G'), name: '新车道', direction: 'in' }) },
  'GET /admin/terminals/{id}/gates': { access: staff('platform_admin'), owner: 'platform', params: (w) => ({ id: w.terminalId }) },
  'GET /terminals': { access: user },
  'GET /terminals/{id}': { access: user, owner: 'platform', params: (w) => ({ id: w.terminalId }) },
  'GET /terminals/{id}/slots': { access: user, owner: 'platform', params: (w) => ({ id: w.terminalId }), query: (w) => ({ date: w.slotDate }) },
  'GET /terminals/{id}/calendar': { access: user, owner: 'platform', params: (w) => ({ id: w.terminalId }) },
  'PATCH /terminals/{id}/slots/{slotId}': { access: staff('terminal_operator'), owner: 'platform', params: (w) => ({ id: w.terminalId, slotId: w.slotId }), body: () => ({ capacity: { pickup: 50 } }), others: [otherTerminalOperator(404)] },
  'PATCH /terminals/{id}/days/{date}': { access: staff('terminal_operator'), owner: 'platform', params: (w) => ({ id: w.terminalId, date: w.slotDate }), body: () => ({ capacity: { pickup: 50 } }), others: [otherTerminalOperator(404)] },
  'GET /terminal/appointments': { access: staff('terminal_operator'), others: [otherTerminalOperator(200, true)] },
  'POST /terminal/appointments/{id}/accept': { access: staff('terminal_operator'), owner: 'A', params: (w) => ({ id: w.a.appointmentId }), others: [otherTerminalOperator(404)] },
  'POST /terminal/appointments/{id}/reject': { access: staff('terminal_operator'), owner: 'A', params: (w) => ({ id: w.a.appointmentId }), body: () => ({ reason: '货站作业已满' }), others: [otherTerminalOperator(404)] },

  'GET /appointments': { access: anyPerm('appointment', 'query', 'delivery_confirmation') },
  'GET /appointments/export.xlsx': { access: anyPerm('appointment', 'query', 'delivery_confirmation') },
  'POST /appointments': { access: perm('appointment'), body: appointmentBody, bodyNamesA: true },
  'GET /appointments/{id}': { access: anyPerm('appointment', 'query', 'delivery_confirmation'), owner: 'A', params: (w) => ({ id: w.a.appointmentId }) },
  'PUT /appointments/{id}': { access: perm('appointment'), owner: 'A', params: (w) => ({ id: w.a.draftAppointmentId }), body: appointmentBody },
  'POST /appointments/{id}/submit': { access: perm('appointment'), owner: 'A', params: (w) => ({ id: w.a.draftAppointmentId }) },
  'POST /appointments/{id}/cancel': { access: perm('appointment'), owner: 'A', params: (w) => ({ id: w.a.appointmentId }), destructive: true },
  'PATCH /appointments/{id}/vehicle': { access: perm('appointment'), owner: 'A', params: (w) => ({ id: w.a.appointmentId }), body: () => ({ driverName: '王师傅' }) },
  'POST /appointments/{id}/confirm': { access: perm('delivery_confirmation'), owner: 'A', params: (w) => ({ id: w.a.appointmentId }) },

  'POST /gate/decisions': { access: device, body: (w) => ({ plate: w.a.plate, readId: unique('sec-read-'), readAt: new Date().toISOString() }) },
  'POST /admin/gates/{id}/devices': { access: staff('platform_admin'), owner: 'platform', params: (w) => ({ id: w.inGateId }), body: () => ({ name: '新设备' }) },
  'GET /admin/gates/{id}/devices': { access: staff('platform_admin'), owner: 'platform', params: (w) => ({ id: w.inGateId }) },
  'POST /admin/gate-devices/{id}/revoke': { access: staff('platform_admin'), owner: 'platform', params: (w) => ({ id: w.spareDeviceId }), destructive: true },
  'GET /gate/lanes': { access: watchers },
  'GET /gate/lanes/{id}/events': { access: watchers, owner: 'platform', params: (w) => ({ id: w.inGateId }), others: [otherTerminalOperator(404)] },
  'GET /terminals/{id}/inside': { access: watchers, owner: 'platform', params: (w) => ({ id: w.terminalId }), others: [otherTerminalOperator(404)] },
  'POST /gate/overrides': { access: staff('gate_officer'), body: (w) => ({ gateId: w.inGateId, plate: w.a.plate, reason: '人工核验放行' }), destructive: true },
  'POST /terminal/appointments/{id}/confirm': { access: staff('terminal_operator'), owner: 'A', params: (w) => ({ id: w.a.appointmentId }), others: [otherTerminalOperator(404)] },

  'GET /events': { access: user, stream: true },
  'GET /events/public': { access: pub, stream: true },

  'GET /board': { access: pub },
  'GET /terminals/{id}/dashboard': { access: staff('terminal_operator', 'platform_admin'), owner: 'platform', params: (w) => ({ id: w.terminalId }), query: (w) => ({ date: w.slotDate }), others: [otherTerminalOperator(404)] },

  'GET /admin/audit': { access: staff('platform_admin') },
  'GET /admin/audit/export.xlsx': { access: staff('platform_admin') },
};

export interface Operation {
  key: string;
  method: string;
  /** OpenAPI path with `/api/v1`, e.g. `/api/v1/appointments/{id}`. */
  path: string;
  operation: OpenApiOperation;
}

export interface OpenApiOperation {
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
}

export type JsonSchema = Record<string, unknown>;

const PREFIX = '/api/v1';

/** Every operation of the document, keyed like the table. */
export function operationsOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const short = path.startsWith(PREFIX) ? path.slice(PREFIX.length) : path;
      out.push({ key: `${method.toUpperCase()} ${short}`, method: method.toUpperCase(), path, operation });
    }
  }
  return out;
}

/** The concrete URL of an operation with the entry's path parameters and query. */
export function urlOf(op: Operation, entry: RouteEntry, w: World, overrides: { params?: Record<string, string>; query?: Record<string, string> | string } = {}): string {
  const params = { ...entry.params?.(w), ...overrides.params };
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${op.key}: the table gives no value for path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const query = overrides.query ?? entry.query?.(w);
  if (query === undefined) return path;
  const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

/** The person who may call an entry: used to prove the call itself is sound. */
export function ownerToken(entry: RouteEntry, w: World): string | undefined {
  const a = entry.access;
  switch (a.kind) {
    case 'public':
      return undefined;
    case 'device':
      return w.deviceToken;
    case 'staff': {
      const role = a.roles[0];
      return role === 'platform_admin' ? w.staff.platform : role === 'reviewer' ? w.staff.reviewer : role === 'terminal_operator' ? w.staff.terminalOperator : w.staff.gateOfficer;
    }
    default:
      return w.a.token;
  }
}
