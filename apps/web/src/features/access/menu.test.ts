import assert from 'node:assert/strict';
import { test } from 'node:test';

import { effectivePermissions, type Permission, type Role } from '@cargo-window/contracts';

import { accessFor, appointmentsAccess, menuFor, selectedMenuKey, type MenuKey } from './menu.ts';

function meOf(role: Role, granted: Permission[] = []) {
  return { user: { id: 'u', username: 'u', name: 'U', role, enterpriseId: null, terminalId: null, permissions: effectivePermissions(role, granted) } };
}

const keys = (role: Role, granted: Permission[] = []): MenuKey[] => menuFor(meOf(role, granted)).flatMap((g) => g.entries.map((e) => e.key));

test('an enterprise administrator sees every logistics application and the enterprise settings', () => {
  assert.deepEqual(keys('admin'), ['vehicle-filings', 'vehicles', 'appointments', 'delivery-confirmation', 'appointments-query', 'enterprise', 'operators', 'security-keys']);
  assert.deepEqual(menuFor(meOf('admin')).map((g) => g.key), ['logistics', 'enterprise-settings']);
});

const operatorCases: Array<[Permission[], MenuKey[]]> = [
  [[], []],
  [['vehicle_filing'], ['vehicle-filings', 'vehicles']],
  [['query'], ['vehicles', 'appointments-query']],
  [['appointment'], ['appointments']],
  [['delivery_confirmation'], ['delivery-confirmation']],
  [['appointment', 'delivery_confirmation'], ['appointments', 'delivery-confirmation']],
  [['vehicle_filing', 'appointment', 'delivery_confirmation', 'query'], ['vehicle-filings', 'vehicles', 'appointments', 'delivery-confirmation', 'appointments-query']],
];

for (const [granted, expected] of operatorCases) {
  test(`an operator granted [${granted.join(', ')}] sees exactly its applications, never the enterprise settings`, () => {
    assert.deepEqual(keys('operator', granted), expected);
  });
}

test('an operator with no permission has an empty menu', () => {
  assert.deepEqual(menuFor(meOf('operator')), []);
});

const platformCases: Array<[Role, MenuKey[]]> = [
  ['reviewer', ['review']],
  ['terminal_operator', ['terminal', 'terminal-dashboard']],
  ['gate_officer', ['gate', 'gate-simulator']],
  ['platform_admin', ['terminal-dashboard', 'gate-simulator', 'admin-users', 'admin-terminals', 'admin-audit']],
];

for (const [role, expected] of platformCases) {
  test(`${role} sees only its own area`, () => {
    assert.deepEqual(keys(role), expected);
  });
}

test('platform-side roles get no enterprise application even if a permission slipped into the user', () => {
  const access = accessFor({ role: 'reviewer', permissions: ['vehicle_filing', 'query'] });
  assert.equal(access.vehicleFiling, false);
  assert.equal(access.fleet, false);
});

test('test ids name each entry', () => {
  const ids = menuFor(meOf('admin')).flatMap((g) => g.entries.map((e) => e.testId));
  assert.ok(ids.includes('menu-delivery-confirmation'));
  assert.ok(ids.includes('menu-operators'));
  assert.deepEqual(keys('platform_admin').map((k) => `menu-${k}`), ['menu-terminal-dashboard', 'menu-gate-simulator', 'menu-admin-users', 'menu-admin-terminals', 'menu-admin-audit']);
});

test('/appointments needs appointment; with confirm=1 it needs delivery confirmation', () => {
  assert.equal(appointmentsAccess(''), 'appointment');
  assert.equal(appointmentsAccess('?confirm=1'), 'deliveryConfirmation');
  assert.equal(appointmentsAccess('?confirm=0'), 'appointment');
});

const selectionCases: Array<[string, string, MenuKey | null]> = [
  ['/appointments', '', 'appointments'],
  ['/appointments', '?confirm=1', 'delivery-confirmation'],
  ['/appointments/query', '', 'appointments-query'],
  ['/appointments/abc', '', 'appointments'],
  ['/appointments/abc', '?confirm=1', 'delivery-confirmation'],
  ['/enterprise', '', 'enterprise'],
  ['/enterprise/operators', '', 'operators'],
  ['/enterprise/security-keys', '', 'security-keys'],
  ['/vehicle-filings/new', '', 'vehicle-filings'],
  ['/vehiclesx', '', null],
  ['/', '', null],
];

for (const [pathname, search, expected] of selectionCases) {
  test(`selected entry for ${pathname}${search} is ${expected}`, () => {
    assert.equal(selectedMenuKey(menuFor(meOf('admin')), pathname, search), expected);
  });
}

test('a gate officer on /gate/simulator has the simulator entry selected, on /gate the console', () => {
  const groups = menuFor(meOf('gate_officer'));
  assert.equal(selectedMenuKey(groups, '/gate/simulator', ''), 'gate-simulator');
  assert.equal(selectedMenuKey(groups, '/gate', ''), 'gate');
});

test('审计日志 is the platform administrator\'s alone', () => {
  const roles: Role[] = ['admin', 'operator', 'reviewer', 'terminal_operator', 'gate_officer'];
  for (const role of roles) assert.ok(!keys(role, ['vehicle_filing', 'appointment', 'delivery_confirmation', 'query']).includes('admin-audit'), `${role} has no 审计日志`);
  assert.equal(selectedMenuKey(menuFor(meOf('platform_admin')), '/admin/audit', '?action=gate.override'), 'admin-audit');
});
