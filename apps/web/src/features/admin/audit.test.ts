import assert from 'node:assert/strict';
import { test } from 'node:test';

import { auditActorText, auditExportHref, auditFiltersFrom, auditParams, prettyJson } from './audit.ts';

const t = (key: string, options?: Record<string, unknown>) => (options ? `${key}(${Object.values(options).join(',')})` : key);

test('the filters come from the address, trimmed; empty, unknown and malformed days are left out', () => {
  const params = new URLSearchParams('action=%20gate.override%20&actor=&entityType=appointment&page=3&from=2026-11-01&to=2026-02-30');
  assert.deepEqual(auditFiltersFrom(params), { action: 'gate.override', entityType: 'appointment', from: '2026-11-01' });
  assert.deepEqual(auditFiltersFrom(new URLSearchParams('from=9999-99-99&to=2026-1-1')), {});
  assert.deepEqual(auditFiltersFrom(new URLSearchParams()), {});
});

test('a text filter longer than the server takes is cut to its limit', () => {
  assert.equal(auditFiltersFrom(new URLSearchParams({ action: 'x'.repeat(100) })).action?.length, 60);
});

test('the query keeps the filters in a stable order and drops blanks, so the address round-trips', () => {
  const filters = { to: '2026-11-30', actor: 'demo_op', action: 'appointment.', entityId: '  ' };
  assert.equal(auditParams(filters).toString(), 'action=appointment.&actor=demo_op&to=2026-11-30');
  assert.deepEqual(auditFiltersFrom(auditParams(filters)), { action: 'appointment.', actor: 'demo_op', to: '2026-11-30' });
});

test('the export link carries the same filters', () => {
  assert.equal(auditExportHref('/api/v1', {}, 'zh-CN'), '/api/v1/admin/audit/export.xlsx?lang=zh-CN');
  assert.equal(auditExportHref('/api/v1', { action: 'gate.override', from: '2026-11-01' }, 'en'), '/api/v1/admin/audit/export.xlsx?action=gate.override&from=2026-11-01&lang=en');
});

test('the actor: no one is the system, device:<name> is a gate device, anyone else their username', () => {
  assert.equal(auditActorText(null, t), 'audit.system');
  assert.equal(auditActorText('device:入区车牌识别仪', t), 'appt.actorDevice(入区车牌识别仪)');
  assert.equal(auditActorText('demo_op', t), 'demo_op');
  assert.equal(auditActorText('devices_admin', t), 'devices_admin');
});

test('before/after print as indented JSON; a missing side is null', () => {
  assert.equal(prettyJson(null), null);
  assert.equal(prettyJson(undefined), null);
  assert.equal(prettyJson({ status: 'approved' }), '{\n  "status": "approved"\n}');
  assert.equal(prettyJson(false), 'false');
});
