import { z } from 'zod';

import type { Language } from '../errors.ts';
import { isAwb, isResidentId, normalizeAwb, normalizePlate } from '../validators/index.ts';
import { mobile, pageQuery, personName, requiredText } from './common.ts';

// ---------------------------------------------------------------------------------------------
// Words (DESIGN.md glossary) and the labels users know from the manual (提/交货预约查询).

export const appointmentFlags = ['pickup', 'delivery'] as const;
export type AppointmentFlag = (typeof appointmentFlags)[number];

export const declarationTypes = ['ordinary', 'operational'] as const;
export type DeclarationType = (typeof declarationTypes)[number];

/** 暂存 → 提交 → 预约成功 | 已退回; 预约成功 → 已入区 → 空车成功 → 已出区; 预约成功 → 已取消 | 未到场. */
export const appointmentStatuses = ['draft', 'submitted', 'booked', 'rejected', 'entered', 'empty_confirmed', 'exited', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/** Statuses in which an appointment holds its vehicle (and, but for `entered` onwards, its place). */
export const liveAppointmentStatuses = ['submitted', 'booked', 'entered', 'empty_confirmed'] as const satisfies readonly AppointmentStatus[];

export const appointmentStatusLabels: Record<AppointmentStatus, string> = {
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

export const appointmentFlagLabels: Record<AppointmentFlag, string> = { pickup: '提货', delivery: '交货' };
export const declarationTypeLabels: Record<DeclarationType, string> = { ordinary: '普通', operational: '作业' };

/** The same words in English, as the web's English pages and the English sheets write them. */
export const appointmentStatusLabelsEn: Record<AppointmentStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  booked: 'Booked',
  rejected: 'Returned',
  entered: 'Entered',
  empty_confirmed: 'Empty confirmed',
  exited: 'Exited',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};
export const appointmentFlagLabelsEn: Record<AppointmentFlag, string> = { pickup: 'Pickup', delivery: 'Delivery' };
export const declarationTypeLabelsEn: Record<DeclarationType, string> = { ordinary: 'Ordinary', operational: 'Operational' };

/** Both, by language: for what the server writes in the asker's language (the sheets). */
export const appointmentStatusWords: Record<Language, Record<AppointmentStatus, string>> = { 'zh-CN': appointmentStatusLabels, en: appointmentStatusLabelsEn };
export const appointmentFlagWords: Record<Language, Record<AppointmentFlag, string>> = { 'zh-CN': appointmentFlagLabels, en: appointmentFlagLabelsEn };
export const declarationTypeWords: Record<Language, Record<DeclarationType, string>> = { 'zh-CN': declarationTypeLabels, en: declarationTypeLabelsEn };

/** The history sub-table's actions: every status change, plus edits that keep the status (the gate writes the last six). */
export const appointmentHistoryActions = [
  'created',
  'updated',
  'submitted',
  'booked',
  'accepted',
  'rejected',
  'cancelled',
  'vehicle_changed',
  'no_show',
  'gate_in',
  'gate_out',
  'gate_in_override',
  'gate_out_override',
  'delivery_confirmed',
  'pickup_confirmed',
] as const;
export type AppointmentHistoryAction = (typeof appointmentHistoryActions)[number];

export const appointmentHistoryActionLabels: Record<AppointmentHistoryAction, string> = {
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

export const gateDirections = ['in', 'out'] as const;
export type GateDirection = (typeof gateDirections)[number];
export const gateDirectionLabels: Record<GateDirection, string> = { in: '入区', out: '出区' };

export const MAX_APPOINTMENT_AWBS = 20;

/** Notification kinds scheduling sends (see schemas/notifications.ts: the `kind` filter takes any). */
export const schedulingNotificationKinds = ['appointment.booked', 'appointment.rejected', 'appointment.no_show', 'slot.capacity_changed'] as const;

// ---------------------------------------------------------------------------------------------
// Small field schemas.

const requiredOr = (code: 'INVALID_TYPE' | 'INVALID_VALUE') => (issue: { input?: unknown }) => (issue.input === undefined ? 'REQUIRED' : code);

function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

function isIanaTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A terminal-local calendar day, 'YYYY-MM-DD'. */
export const localDateInput = z.string({ error: requiredOr('INVALID_TYPE') }).refine(isValidDate, { message: 'INVALID_VALUE' });

export const timeZoneInput = z.string({ error: requiredOr('INVALID_TYPE') }).trim().refine(isIanaTimeZone, { message: 'TIME_ZONE_INVALID' });

const uuidInput = z.string({ error: requiredOr('INVALID_TYPE') }).uuid({ message: 'INVALID_VALUE' });

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'INVALID_VALUE' });
const openingInterval = z
  .tuple([hhmm, hhmm])
  .refine(([from, to]) => from < to, { message: 'INVALID_VALUE' });
const dayHours = z.array(openingInterval).max(6, { message: 'TOO_LONG' });

/** Opening hours by ISO weekday ('1' = Monday … '7' = Sunday); a weekday left out is closed. */
export const openingHoursInput = z
  .object({ '1': dayHours.optional(), '2': dayHours.optional(), '3': dayHours.optional(), '4': dayHours.optional(), '5': dayHours.optional(), '6': dayHours.optional(), '7': dayHours.optional() })
  .strict();
export type OpeningHoursInput = z.infer<typeof openingHoursInput>;

const count = (max: number) => z.number({ error: requiredOr('INVALID_TYPE') }).int({ message: 'INVALID_VALUE' }).min(0, { message: 'TOO_SMALL' }).max(max, { message: 'TOO_BIG' });
const MAX_SLOT_CAPACITY = 10_000;

// ---------------------------------------------------------------------------------------------
// Terminals and gates (platform set-up).

export const createTerminalRequest = z.object({
  code: z.string({ error: requiredOr('INVALID_TYPE') }).trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, { message: 'INVALID_VALUE' }),
  name: requiredText(100),
  timeZone: timeZoneInput,
  slotMinutes: z.union([z.literal(30), z.literal(60)], { error: requiredOr('INVALID_VALUE') }),
  capacity: z.object({ pickup: count(MAX_SLOT_CAPACITY), delivery: count(MAX_SLOT_CAPACITY) }),
  horizonDays: z.number().int({ message: 'INVALID_VALUE' }).min(1, { message: 'TOO_SMALL' }).max(60, { message: 'TOO_BIG' }).optional(),
  minLeadMinutes: count(24 * 60).optional(),
  toleranceMinutes: count(240).optional(),
  hours: openingHoursInput.nullable().optional(),
  closedDates: z.array(localDateInput).max(366, { message: 'TOO_LONG' }).optional(),
});
export type CreateTerminalRequest = z.infer<typeof createTerminalRequest>;

/** Settings changes apply to days whose slots are not made yet; made slots keep theirs (capacity is per slot). */
export const updateTerminalRequest = createTerminalRequest
  .omit({ capacity: true })
  .partial()
  .extend({ capacity: z.object({ pickup: count(MAX_SLOT_CAPACITY).optional(), delivery: count(MAX_SLOT_CAPACITY).optional() }).optional() });
export type UpdateTerminalRequest = z.infer<typeof updateTerminalRequest>;

export const terminal = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  slotMinutes: z.number().int(),
  capacity: z.object({ pickup: z.number().int(), delivery: z.number().int() }),
  horizonDays: z.number().int(),
  minLeadMinutes: z.number().int(),
  toleranceMinutes: z.number().int(),
  hours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))).nullable(),
  closedDates: z.array(z.string()),
  /** Today in the terminal's zone: the booking calendar's first day. */
  today: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Terminal = z.infer<typeof terminal>;

export const createGateRequest = z.object({
  code: z.string({ error: requiredOr('INVALID_TYPE') }).trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, { message: 'INVALID_VALUE' }),
  name: requiredText(100),
  direction: z.enum(gateDirections, { error: requiredOr('INVALID_VALUE') }),
});
export type CreateGateRequest = z.infer<typeof createGateRequest>;

export const gate = z.object({
  id: z.string(),
  terminalId: z.string(),
  code: z.string(),
  name: z.string(),
  direction: z.enum(gateDirections),
  createdAt: z.string(),
});
export type Gate = z.infer<typeof gate>;

// ---------------------------------------------------------------------------------------------
// Slots and the booking calendar.

export const slot = z.object({
  id: z.string(),
  /** The slot's day in the terminal's zone. */
  date: z.string(),
  /** ISO 8601 with the terminal's offset, e.g. 2026-11-25T08:00:00+08:00. */
  start: z.string(),
  end: z.string(),
  capacity: z.object({ pickup: z.number().int(), delivery: z.number().int() }),
  booked: z.object({ pickup: z.number().int(), delivery: z.number().int() }),
  /** The terminal closed the day after its slots were made: nothing more can be booked. */
  closed: z.boolean(),
  refusal: z
    .enum(['SLOT_PAST', 'LEAD_TIME', 'BEYOND_HORIZON', 'SLOT_CLOSED'])
    .nullable()
    .describe('Why a booking of this slot would be refused now, whatever places are left (the same codes as the 409 of submit); null: bookable. A flag whose capacity is 0 is closed too.'),
});
export type Slot = z.infer<typeof slot>;

export const slotListQuery = z.object({ date: localDateInput });

export const MAX_CALENDAR_DAYS = 14;
/** `from` defaults to today in the terminal's zone; `days` to the booking horizon. */
export const calendarQuery = z.object({
  from: localDateInput.optional(),
  days: z.coerce.number().int({ message: 'INVALID_VALUE' }).min(1, { message: 'TOO_SMALL' }).max(MAX_CALENDAR_DAYS, { message: 'TOO_BIG' }).optional(),
});

export const calendarResponse = z.object({
  terminalId: z.string(),
  timeZone: z.string(),
  today: z.string(),
  /** The last bookable day (today + horizon). */
  lastDay: z.string(),
  days: z.array(z.object({ date: z.string(), closed: z.boolean(), slots: z.array(slot) })),
});
export type CalendarResponse = z.infer<typeof calendarResponse>;

export const capacityPatch = z
  .object({ pickup: count(MAX_SLOT_CAPACITY).optional(), delivery: count(MAX_SLOT_CAPACITY).optional() })
  .strict()
  .refine((c) => c.pickup !== undefined || c.delivery !== undefined, { message: 'REQUIRED' });
export const updateCapacityRequest = z.object({ capacity: capacityPatch });
export type UpdateCapacityRequest = z.infer<typeof updateCapacityRequest>;

// ---------------------------------------------------------------------------------------------
// Appointments.

/** `176-12345675`, `17612345675`, `176 1234 5675` are one AWB; stored canonical, check digit verified. */
export const awbNumberInput = z
  .string({ error: requiredOr('INVALID_TYPE') })
  .trim()
  .min(1, { message: 'REQUIRED' })
  .transform((value) => normalizeAwb(value) ?? value)
  .refine(isAwb, { message: 'AWB_INVALID' });

export const appointmentAwbInput = z.object({
  awb: awbNumberInput,
  pieces: z.number({ error: requiredOr('INVALID_TYPE') }).int({ message: 'INVALID_VALUE' }).min(1, { message: 'TOO_SMALL' }).max(99_999, { message: 'TOO_BIG' }),
  weightKg: z.number({ error: requiredOr('INVALID_TYPE') }).positive({ message: 'TOO_SMALL' }).max(1_000_000, { message: 'TOO_BIG' }),
});

const awbList = z
  .array(appointmentAwbInput, { error: requiredOr('INVALID_TYPE') })
  .min(1, { message: 'REQUIRED' })
  .max(MAX_APPOINTMENT_AWBS, { message: 'TOO_LONG' })
  .superRefine((awbs, ctx) => {
    const seen = new Set<string>();
    awbs.forEach((row, index) => {
      if (seen.has(row.awb)) ctx.addIssue({ code: 'custom', path: [index, 'awb'], message: 'AWB_DUPLICATE' });
      seen.add(row.awb);
    });
  });

const residentIdInput = z.string().trim().toUpperCase().refine(isResidentId, { message: 'ID_NO_INVALID' });

const appointmentFields = {
  slotId: uuidInput,
  flag: z.enum(appointmentFlags, { error: requiredOr('INVALID_VALUE') }),
  declarationType: z.enum(declarationTypes, { error: requiredOr('INVALID_VALUE') }),
  vehicleId: uuidInput,
  awbs: awbList,
  /** Default: the fleet vehicle's driver. */
  driverName: personName.optional(),
  driverPhone: mobile.optional(),
  /** Needed only when the driver is not the fleet vehicle's. */
  driverIdNo: residentIdInput.optional(),
};

export const createAppointmentRequest = z.object({ terminalId: uuidInput, ...appointmentFields });
export type CreateAppointmentRequest = z.infer<typeof createAppointmentRequest>;

/** `PUT /appointments/{id}`: replaces a draft's slot, vehicle, driver and AWBs (the terminal stays). */
export const updateAppointmentRequest = z.object({ terminalId: uuidInput.optional(), ...appointmentFields });
export type UpdateAppointmentRequest = z.infer<typeof updateAppointmentRequest>;

export const changeAppointmentVehicleRequest = z
  .object({ vehicleId: uuidInput.optional(), driverName: personName.optional(), driverPhone: mobile.optional(), driverIdNo: residentIdInput.optional() })
  .refine((v) => v.vehicleId !== undefined || v.driverName !== undefined || v.driverPhone !== undefined, { message: 'REQUIRED', path: ['vehicleId'] });
export type ChangeAppointmentVehicleRequest = z.infer<typeof changeAppointmentVehicleRequest>;

export const rejectAppointmentRequest = z.object({ reason: requiredText(200) });

const appointmentSlotRef = z.object({ id: z.string(), date: z.string(), start: z.string(), end: z.string() });
const terminalRef = z.object({ id: z.string(), code: z.string(), name: z.string(), timeZone: z.string() });

/** One row of 提/交货预约查询 (序号 is the client's). */
export const appointmentSummary = z.object({
  id: z.string(),
  businessNo: z.string(),
  appointmentNo: z.string().nullable(),
  plate: z.string(),
  flag: z.enum(appointmentFlags),
  declarationType: z.enum(declarationTypes),
  status: z.enum(appointmentStatuses),
  /** 录入日期 */
  createdAt: z.string(),
  /** 申报日期: when it was submitted. */
  submittedAt: z.string().nullable(),
  declaredAt: z.string().nullable(),
  terminal: terminalRef,
  slot: appointmentSlotRef,
});
export type AppointmentSummary = z.infer<typeof appointmentSummary>;

export const appointmentHistoryEntry = z.object({
  at: z.string(),
  /** The username, or `system` for the no-show sweep. */
  actor: z.string().nullable(),
  action: z.string(),
  fromStatus: z.enum(appointmentStatuses).nullable(),
  toStatus: z.enum(appointmentStatuses).nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AppointmentHistoryEntry = z.infer<typeof appointmentHistoryEntry>;

export const appointmentAwb = z.object({ seq: z.number().int(), awb: z.string(), pieces: z.number().int(), weightKg: z.number() });

export const appointmentDetail = appointmentSummary.extend({
  enterprise: z.object({ id: z.string(), name: z.string() }),
  vehicleId: z.string(),
  driverName: z.string(),
  driverPhone: z.string(),
  driverIdNo: z.string().nullable(),
  rejectReason: z.string().nullable(),
  updatedAt: z.string(),
  awbs: z.array(appointmentAwb),
  history: z.array(appointmentHistoryEntry),
  /** The empty-truck declaration (申报类型 空车) recorded by 交货确认 / 提货确认, once. */
  emptyDeclaration: z
    .object({ declarationType: z.literal('empty'), enterpriseName: z.string(), declaredAt: z.string(), declaredByRole: z.string() })
    .nullable(),
});
export type AppointmentDetail = z.infer<typeof appointmentDetail>;

const exactText = (max: number) => z.string().trim().max(max, { message: 'TOO_LONG' }).optional().transform((v) => (v ? v : undefined));

/** `GET /appointments` and its export: 申报状态, 车牌号, 提交货标志, numbers, 录入日期 range (Asia/Shanghai days). */
export const appointmentListQuery = pageQuery.extend({
  status: z.enum(appointmentStatuses, { message: 'INVALID_VALUE' }).optional(),
  plate: z.string().max(20, { message: 'TOO_LONG' }).overwrite(normalizePlate).optional().transform((v) => (v ? v : undefined)),
  flag: z.enum(appointmentFlags, { message: 'INVALID_VALUE' }).optional(),
  declarationType: z.enum(declarationTypes, { message: 'INVALID_VALUE' }).optional(),
  businessNo: exactText(40).transform((v) => v?.toUpperCase()),
  appointmentNo: exactText(40),
  terminalId: z.string().uuid({ message: 'INVALID_VALUE' }).optional(),
  createdFrom: localDateInput.optional(),
  createdTo: localDateInput.optional(),
});
export type AppointmentListQuery = z.output<typeof appointmentListQuery>;

/** The terminal operator's queue: its terminal's appointments, by status (提交 = waiting for it). */
export const terminalAppointmentListQuery = pageQuery.extend({
  status: z.enum(appointmentStatuses, { message: 'INVALID_VALUE' }).optional(),
  date: localDateInput.optional(),
});
export type TerminalAppointmentListQuery = z.output<typeof terminalAppointmentListQuery>;

export const terminalAppointment = appointmentSummary.extend({
  enterprise: z.object({ id: z.string(), name: z.string() }),
  driverName: z.string(),
  driverPhone: z.string(),
  rejectReason: z.string().nullable(),
  awbs: z.array(appointmentAwb),
});
export type TerminalAppointment = z.infer<typeof terminalAppointment>;
