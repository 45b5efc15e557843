import { z } from 'zod';

import { requiredText } from './common.ts';
import { plateInput } from './vehicles.ts';

/** A lane camera's clock is this far off at most: a read from year 0 or 20000 is a broken clock, not a truck. */
const READ_YEARS = { min: 2000, max: 9999 } as const;

export const gateDecisionRequest = z.object({
  plate: requiredText(20),
  readId: requiredText(100),
  readAt: z
    .string({ error: (issue) => (issue.input === undefined ? 'REQUIRED' : 'INVALID_TYPE') })
    // One error for a malformed time: the year is not checked on it.
    .datetime({ offset: true, message: 'INVALID_VALUE', abort: true })
    .refine((value) => {
      const year = new Date(value).getUTCFullYear();
      return year >= READ_YEARS.min && year <= READ_YEARS.max;
    }, { message: 'INVALID_VALUE' })
    .describe('When the camera read the plate, by the device\'s clock: recorded with the event and shown on the gate console. The rule judges at the platform\'s time, when the read arrives, so a device\'s clock that is off, or a read sent again later, does not open the barrier.'),
});
export type GateDecisionRequest = z.infer<typeof gateDecisionRequest>;

export const gateDecisionResponse = z.object({
  decision: z.enum(['lift', 'deny']),
  code: z.string(),
  appointmentNo: z.string().optional(),
  message: z.string(),
  eventId: z.number(),
  earlyByMinutes: z.number().optional(),
  lateByMinutes: z.number().optional(),
});
export type GateDecisionResponse = z.infer<typeof gateDecisionResponse>;

export const createGateDeviceRequest = z.object({ name: requiredText(60) });
export const gateDeviceCreated = z.object({ id: z.string(), gateId: z.string(), name: z.string(), token: z.string(), createdAt: z.string() });
export const gateDevice = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastSeenAt: z.string().nullable(), revokedAt: z.string().nullable() });

export const gateOverrideRequest = z.object({
  gateId: z.string().uuid({ message: 'INVALID_VALUE' }),
  // Typed by the officer: a plate as filed (GA 36), unlike a camera's read, which is answered whatever it reads.
  plate: plateInput,
  reason: z.string({ error: (issue) => (issue.input === undefined ? 'REQUIRED' : 'INVALID_TYPE') }).trim().min(4, { message: 'REASON_TOO_SHORT' }).max(500, { message: 'TOO_LONG' }),
});
export type GateOverrideRequest = z.infer<typeof gateOverrideRequest>;

export const gateEvent = z.object({
  id: z.number(),
  gateId: z.string(),
  gateCode: z.string(),
  direction: z.enum(['in', 'out']),
  plate: z.string(),
  readAt: z.string(),
  decision: z.enum(['lift', 'deny']),
  code: z.string(),
  message: z.string(),
  appointmentNo: z.string().nullable(),
  overrideBy: z.string().nullable(),
  overrideReason: z.string().nullable(),
});
export type GateEvent = z.infer<typeof gateEvent>;

export const gateLane = z.object({ id: z.string(), code: z.string(), name: z.string(), direction: z.enum(['in', 'out']), terminalId: z.string(), terminalName: z.string() });
export type GateLane = z.infer<typeof gateLane>;

export const insideVehicle = z.object({
  appointmentId: z.string(),
  appointmentNo: z.string().nullable(),
  plate: z.string(),
  enterpriseName: z.string(),
  flag: z.enum(['pickup', 'delivery']),
  status: z.enum(['entered', 'empty_confirmed']),
  enteredAt: z.string().nullable(),
});
export type InsideVehicle = z.infer<typeof insideVehicle>;

export const confirmResponse = z.object({ status: z.enum(['empty_confirmed', 'exited']), declaredAt: z.string() });

/** Gate decision codes with the words a gate officer reads on the console. */
export const gateCodeLabels: Record<string, { 'zh-CN': string; en: string }> = {
  LIFT_IN: { 'zh-CN': '预约入区', en: 'Booked entry' },
  LIFT_OUT: { 'zh-CN': '确认出区', en: 'Confirmed exit' },
  MANUAL_OVERRIDE: { 'zh-CN': '人工抬杆', en: 'Manual lift' },
  VEHICLE_NOT_FILED: { 'zh-CN': '车辆未备案', en: 'Vehicle not filed' },
  VEHICLE_BLOCKED: { 'zh-CN': '车辆禁行', en: 'Vehicle blocked' },
  NO_APPOINTMENT: { 'zh-CN': '无预约', en: 'No appointment' },
  APPOINTMENT_PENDING: { 'zh-CN': '预约待货站确认', en: 'Awaiting terminal' },
  WRONG_TERMINAL: { 'zh-CN': '非本货站', en: 'Wrong terminal' },
  OUTSIDE_WINDOW: { 'zh-CN': '不在预约时段', en: 'Outside the window' },
  ALREADY_INSIDE: { 'zh-CN': '已在区内', en: 'Already inside' },
  NOT_INSIDE: { 'zh-CN': '无入区记录', en: 'Never entered' },
  NOT_CONFIRMED: { 'zh-CN': '未交货确认', en: 'Not confirmed' },
};
