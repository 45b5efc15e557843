import type { AppointmentFlag, AppointmentHistoryAction, AppointmentStatus, DeclarationType, GateDirection } from '@cargo-window/contracts';

/*
 * The code lists of the contracts' scheduling schemas, repeated here because importing a value
 * from `@cargo-window/contracts/src/schemas` keeps that module's zod schemas (and zod) in the
 * bundle (see vite.config.ts). `satisfies` keeps them inside the contracts' types;
 * `labels.test.ts` checks they are equal to the contracts' lists and labels.
 */
export const appointmentFlagCodes = ['pickup', 'delivery'] as const satisfies readonly AppointmentFlag[];
export const declarationTypeCodes = ['ordinary', 'operational'] as const satisfies readonly DeclarationType[];
export const appointmentStatusCodes = ['draft', 'submitted', 'booked', 'rejected', 'entered', 'empty_confirmed', 'exited', 'cancelled', 'no_show'] as const satisfies readonly AppointmentStatus[];
export const gateDirectionCodes = ['in', 'out'] as const satisfies readonly GateDirection[];

/** The most AWB rows one appointment takes (contracts' MAX_APPOINTMENT_AWBS). */
export const MAX_AWBS = 20;

/** The manual's words (zh-CN), as the contracts' label tables. */
export const statusWords: Record<AppointmentStatus, string> = {
  draft: '暂存',
  submitted: '提交',
  booked: '预约成功',
  rejected: '已退回',
  entered: '已入区',
  empty_confirmed: '空车成功',
  exited: '已出区',
  cancelled: '已取消',
  no_show: '未到场',
};
export const flagWords: Record<AppointmentFlag, string> = { pickup: '提货', delivery: '交货' };
export const declarationTypeWords: Record<DeclarationType, string> = { ordinary: '普通', operational: '作业' };
export const gateDirectionWords: Record<GateDirection, string> = { in: '入区', out: '出区' };
export const historyActionWords: Record<AppointmentHistoryAction, string> = {
  created: '暂存',
  updated: '修改',
  submitted: '提交',
  booked: '预约成功',
  accepted: '货站确认',
  rejected: '退回',
  cancelled: '取消',
  vehicle_changed: '变更车辆',
  no_show: '未到场',
  gate_in: '入区',
  gate_out: '出区',
  gate_in_override: '手动抬杆入区',
  gate_out_override: '手动抬杆出区',
  delivery_confirmed: '交货确认',
  pickup_confirmed: '提货确认',
};

/** How the server names a gate device that made a history entry: `device:<its name>` (modules/gate). */
const DEVICE_ACTOR = 'device:';

/** Who made a history entry, as the page says it: a person's username, or a lane's device by its name. */
export function historyActorText(actor: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  return actor.startsWith(DEVICE_ACTOR) ? t('appt.actorDevice', { name: actor.slice(DEVICE_ACTOR.length) }) : actor;
}

/** A terminal as pages name it: its name and code, `大兴机场国际货站（PKX-ICT）` (plain brackets in English). */
export function terminalLabel(terminal: { name: string; code: string }, t: (key: string, options?: Record<string, unknown>) => string): string {
  return t('common.nameWithCode', { name: terminal.name, code: terminal.code });
}
