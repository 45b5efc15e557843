import { saveFilingRequest } from '@cargo-window/contracts';

import type { Deps } from '../platform/deps.ts';
import { anonymousActor, type Actor } from '../platform/actor.ts';
import { hashToken } from '../platform/sessions.ts';
import { bootstrapPlatformAdmin, createOperator, createStaff, registerStandalone } from '../modules/identity/index.ts';
import { approveFiling, createFiling, declareFiling } from '../modules/vehicles/index.ts';

/** The platform administrator's password in demo mode when PLATFORM_ADMIN_PASSWORD is not set. */
export const DEMO_PLATFORM_ADMIN_PASSWORD = 'Platform@2026';

/** The demo accounts, printed at start and listed in the README. */
export const demoAccounts = {
  enterpriseAdmin: { username: 'demo_admin', password: 'Demo@2026', role: '企业管理员 enterprise administrator' },
  operator: { username: 'demo_op', password: 'Demo@2026', role: '操作员 operator (all applications)' },
  reviewer: { username: 'reviewer', password: 'Review@2026', role: '审核员 reviewer' },
  terminalOperator: { username: 'terminal_op', password: 'Terminal@2026', role: '货站操作员 terminal operator' },
  gateOfficer: { username: 'gate_officer', password: 'Gate@2026', role: '卡口值班员 gate officer' },
} as const;

export const demoEnterprise = {
  name: '北京大兴空港物流示范有限公司',
  uscc: '91110000100006485K',
  customsCode: '1101960001',
  address: '北京市大兴区大兴国际机场货运区1号',
  contactName: '王建国',
  contactPhone: '13800138000',
  email: 'ops@demo-logistics.cn',
};

export const demoTerminal = {
  code: 'PKX-ICT',
  name: '大兴机场国际货站',
  timeZone: 'Asia/Shanghai',
  slotMinutes: 60,
  capacity: { pickup: 10, delivery: 10 },
};

/**
 * The demo terminal's lanes and their devices. The tokens are fixed so `npm run gate:sim -- --lane IN1`
 * works out of the box; they exist only in demo data (a real device's token is random, shown once).
 */
export const demoGateDevices = [
  { gateCode: 'IN1', name: '1号入区道', direction: 'in' as const, deviceName: '入区车牌识别仪', token: 'cwd_demo_PKX-ICT_IN1_lane_device' },
  { gateCode: 'OUT1', name: '1号出区道', direction: 'out' as const, deviceName: '出区车牌识别仪', token: 'cwd_demo_PKX-ICT_OUT1_lane_device' },
];

/** The demo enterprise's approved fleet. */
export const demoVehicles = [
  { plate: '京A12345', plateColor: 'blue', vehicleType: 'van', ratedLoadKg: 8000, driverName: '张师傅', driverIdNo: '11010519491231002X', driverPhone: '13700137000' },
  { plate: '京AD12345', plateColor: 'green', vehicleType: 'van', ratedLoadKg: 3000, driverName: '刘师傅', driverIdNo: '110105198001010016', driverPhone: '13600136000' },
];

/**
 * What a start puts in its database: the platform administrator and, with `demo`, the demo data
 * acting as that administrator. Both steps find their rows and do nothing the second time, so
 * the install-time demo template and every later start run the same code.
 */
export async function prepareDatabase(deps: Deps, admin: { username: string; password: string }, demo: boolean): Promise<void> {
  await bootstrapPlatformAdmin(deps, admin);
  if (!demo) return;
  const row = await deps.db.selectFrom('users').select(['id', 'username']).where('role', '=', 'platform_admin').executeTakeFirstOrThrow();
  await seedDemo(deps, { ...anonymousActor(null), userId: row.id, username: row.username, role: 'platform_admin' });
}

/** Seeds the demo data once; a database that already has the demo enterprise is left alone. */
export async function seedDemo(deps: Deps, platformAdmin: Actor): Promise<boolean> {
  const existing = await deps.db.selectFrom('enterprises').select('id').where('uscc', '=', demoEnterprise.uscc).executeTakeFirst();
  if (existing) return false;
  const now = deps.clock.now();
  const terminal = await deps.db
    .insertInto('terminals')
    .values({
      code: demoTerminal.code,
      name: demoTerminal.name,
      time_zone: demoTerminal.timeZone,
      slot_minutes: demoTerminal.slotMinutes,
      capacity_pickup: demoTerminal.capacity.pickup,
      capacity_delivery: demoTerminal.capacity.delivery,
      hours: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  const terminalId = terminal?.id ?? (await deps.db.selectFrom('terminals').select('id').where('code', '=', demoTerminal.code).executeTakeFirstOrThrow()).id;

  const registered = await registerStandalone(deps, anonymousActor('127.0.0.1'), {
    mode: 'standalone',
    enterprise: demoEnterprise,
    admin: { username: demoAccounts.enterpriseAdmin.username, password: demoAccounts.enterpriseAdmin.password },
  });
  const admin: Actor = { ...anonymousActor('127.0.0.1'), userId: registered.user.id, username: registered.user.username, role: 'admin', enterpriseId: registered.enterprise.id };
  const operator = await createOperator(deps, admin, {
    username: demoAccounts.operator.username,
    password: demoAccounts.operator.password,
    name: '李操作',
    phone: '13900139000',
    permissions: ['vehicle_filing', 'appointment', 'delivery_confirmation', 'query'],
  });
  const reviewer = await createStaff(deps, platformAdmin, { username: demoAccounts.reviewer.username, password: demoAccounts.reviewer.password, name: '赵审核', role: 'reviewer' });
  await createStaff(deps, platformAdmin, { username: demoAccounts.terminalOperator.username, password: demoAccounts.terminalOperator.password, name: '钱货站', role: 'terminal_operator', terminalId });
  await createStaff(deps, platformAdmin, { username: demoAccounts.gateOfficer.username, password: demoAccounts.gateOfficer.password, name: '孙卡口', role: 'gate_officer' });

  for (const lane of demoGateDevices) {
    const gate = await deps.db
      .insertInto('gates')
      .values({ terminal_id: terminalId, code: lane.gateCode, name: lane.name, direction: lane.direction, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deps.db.insertInto('gate_devices').values({ gate_id: gate.id, terminal_id: terminalId, name: lane.deviceName, token_hash: hashToken(lane.token), created_at: now }).execute();
  }

  // The fleet goes through filing and review like any other.
  const operatorActor: Actor = { ...admin, userId: operator.id, username: operator.username, role: 'operator', permissions: ['vehicle_filing', 'appointment', 'delivery_confirmation', 'query'] };
  const reviewerActor: Actor = { ...anonymousActor('127.0.0.1'), userId: reviewer.id, username: reviewer.username, role: 'reviewer' };
  const filing = await createFiling(deps, operatorActor, saveFilingRequest.parse({ header: { contactName: demoEnterprise.contactName, contactPhone: demoEnterprise.contactPhone, remarks: '示范车队' }, vehicles: demoVehicles }));
  await declareFiling(deps, operatorActor, filing.id);
  await approveFiling(deps, reviewerActor, filing.id);
  return true;
}
