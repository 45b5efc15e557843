import { isEnterpriseRole, type Me, type Permission, type User } from '@cargo-window/contracts';

/**
 * Who may open what, computed once from the user's role and permissions (like ant-design-pro's
 * `access.ts`). The menu shows exactly the entries whose rule holds; routes use the same rules,
 * so a page hidden from the menu answers 403 when typed into the address bar.
 */
export type AccessUser = Pick<User, 'role' | 'permissions'>;

export type AccessKey =
  | 'vehicleFiling'
  | 'fleet'
  | 'appointment'
  | 'deliveryConfirmation'
  | 'appointmentQuery'
  | 'enterpriseSettings'
  | 'review'
  | 'terminal'
  | 'terminalDashboard'
  | 'gate'
  | 'gateSimulator'
  | 'platformAdmin';

export type Access = Record<AccessKey, boolean>;

export function accessFor(user: AccessUser): Access {
  const enterprise = isEnterpriseRole(user.role);
  const has = (permission: Permission) => enterprise && user.permissions.includes(permission);
  return {
    vehicleFiling: has('vehicle_filing'),
    fleet: has('vehicle_filing') || has('query'),
    appointment: has('appointment'),
    deliveryConfirmation: has('delivery_confirmation'),
    appointmentQuery: has('query'),
    enterpriseSettings: user.role === 'admin',
    review: user.role === 'reviewer',
    terminal: user.role === 'terminal_operator',
    terminalDashboard: user.role === 'terminal_operator' || user.role === 'platform_admin',
    gate: user.role === 'gate_officer',
    gateSimulator: user.role === 'gate_officer' || user.role === 'platform_admin',
    platformAdmin: user.role === 'platform_admin',
  };
}

export type MenuKey =
  | 'vehicle-filings'
  | 'vehicles'
  | 'appointments'
  | 'delivery-confirmation'
  | 'appointments-query'
  | 'enterprise'
  | 'operators'
  | 'security-keys'
  | 'review'
  | 'terminal'
  | 'terminal-dashboard'
  | 'gate'
  | 'gate-simulator'
  | 'admin-users'
  | 'admin-terminals'
  | 'admin-audit';

export interface MenuEntry {
  key: MenuKey;
  /** Where the entry leads; may carry a query (`/appointments?confirm=1`). */
  path: string;
  /** i18n keys of the label and the short description shown on the home page. */
  label: string;
  description: string;
  /** `data-testid` of the menu item: `menu-<key>`. */
  testId: string;
  access: AccessKey;
}

export interface MenuGroup {
  key: string;
  label: string;
  entries: MenuEntry[];
}

const entry = (key: MenuKey, path: string, i18nKey: string, access: AccessKey): MenuEntry => ({
  key,
  path,
  label: `menu.${i18nKey}`,
  description: `menuDesc.${i18nKey}`,
  testId: `menu-${key}`,
  access,
});

/** Every group and entry of the app, in menu order; `menuFor` keeps what a user may open. */
export const menuCatalog: readonly MenuGroup[] = [
  {
    key: 'logistics',
    label: 'menu.logistics',
    entries: [
      entry('vehicle-filings', '/vehicle-filings', 'vehicleFilings', 'vehicleFiling'),
      entry('vehicles', '/vehicles', 'vehicles', 'fleet'),
      entry('appointments', '/appointments', 'appointments', 'appointment'),
      entry('delivery-confirmation', '/appointments?confirm=1', 'deliveryConfirmation', 'deliveryConfirmation'),
      entry('appointments-query', '/appointments/query', 'appointmentsQuery', 'appointmentQuery'),
    ],
  },
  {
    key: 'enterprise-settings',
    label: 'menu.enterpriseSettings',
    entries: [
      entry('enterprise', '/enterprise', 'enterprise', 'enterpriseSettings'),
      entry('operators', '/enterprise/operators', 'operators', 'enterpriseSettings'),
      entry('security-keys', '/enterprise/security-keys', 'securityKeys', 'enterpriseSettings'),
    ],
  },
  { key: 'review', label: 'menu.review', entries: [entry('review', '/review/vehicle-filings', 'reviewVehicleFilings', 'review')] },
  { key: 'terminal', label: 'menu.terminalGroup', entries: [entry('terminal', '/terminal', 'terminal', 'terminal'), entry('terminal-dashboard', '/terminal/dashboard', 'terminalDashboard', 'terminalDashboard')] },
  { key: 'gate', label: 'menu.gateGroup', entries: [entry('gate', '/gate', 'gate', 'gate'), entry('gate-simulator', '/gate/simulator', 'gateSimulator', 'gateSimulator')] },
  {
    key: 'platform-admin',
    label: 'menu.platformAdmin',
    entries: [
      entry('admin-users', '/admin/users', 'adminUsers', 'platformAdmin'),
      entry('admin-terminals', '/admin/terminals', 'adminTerminals', 'platformAdmin'),
      entry('admin-audit', '/admin/audit', 'adminAudit', 'platformAdmin'),
    ],
  },
];

/** The menu of a logged-in user: the groups with at least one entry the user may open. */
export function menuFor(me: Pick<Me, 'user'>): MenuGroup[] {
  const access = accessFor(me.user);
  return menuCatalog
    .map((group) => ({ ...group, entries: group.entries.filter((e) => access[e.access]) }))
    .filter((group) => group.entries.length > 0);
}

/** `/appointments` is booking; `/appointments?confirm=1` is the delivery-confirmation view of the same list. */
export function appointmentsAccess(search: string): AccessKey {
  return new URLSearchParams(search).get('confirm') === '1' ? 'deliveryConfirmation' : 'appointment';
}

/** The menu entry to highlight for a location: the longest path that contains it, whose query (if any) matches. */
export function selectedMenuKey(groups: readonly MenuGroup[], pathname: string, search: string): MenuKey | null {
  const params = new URLSearchParams(search);
  let best: { key: MenuKey; score: number } | null = null;
  for (const group of groups) {
    for (const e of group.entries) {
      const [entryPath, entryQuery = ''] = e.path.split('?');
      const within = pathname === entryPath || pathname.startsWith(`${entryPath}/`);
      if (!within) continue;
      const wanted = [...new URLSearchParams(entryQuery)];
      if (!wanted.every(([k, v]) => params.get(k) === v)) continue;
      const score = entryPath.length * 10 + wanted.length + (pathname === entryPath ? 5 : 0);
      if (!best || score > best.score) best = { key: e.key, score };
    }
  }
  return best?.key ?? null;
}
