/**
 * The gate rule: for one plate read at one lane, lift or deny, and why. DESIGN.md "Gate decisions".
 * Pure, and the rule's reference: the server decides a batch of reads in the statement that
 * records them, with the same rule in SQL (`gateRule`, decide-sql.ts), which decide-sql.test.ts
 * holds to this one case by case. A change to the rule is made in both.
 */

export type Direction = 'in' | 'out';
export type GateDecisionCode =
  | 'LIFT_IN'
  | 'LIFT_OUT'
  | 'VEHICLE_NOT_FILED'
  | 'VEHICLE_BLOCKED'
  | 'NO_APPOINTMENT'
  | 'APPOINTMENT_PENDING'
  | 'WRONG_TERMINAL'
  | 'OUTSIDE_WINDOW'
  | 'ALREADY_INSIDE'
  | 'NOT_INSIDE'
  | 'NOT_CONFIRMED';

/** The statuses this rule looks at; the rest (draft, cancelled, exited, ...) never open a gate. */
export type LiveStatus = 'submitted' | 'booked' | 'entered' | 'empty_confirmed';

export interface GateAppointment {
  id: string;
  appointmentNo: string | null;
  terminalId: string;
  status: LiveStatus;
  windowStart: Date;
  windowEnd: Date;
}

export interface GateInput {
  plate: string;
  direction: Direction;
  terminalId: string;
  /** The time the rule judges at: the server's when the device asks. The read's own time, by the device's clock, is only recorded. */
  at: Date;
  toleranceMinutes: number;
  /** The plate's vehicle in an active fleet, or null when no enterprise has it filed and approved. */
  vehicle: { blocked: boolean } | null;
  appointments: GateAppointment[];
}

export interface GateDecision {
  decision: 'lift' | 'deny';
  code: GateDecisionCode;
  appointmentId: string | null;
  appointmentNo: string | null;
  /** Short zh-CN text for the lane's LED board. */
  message: string;
  /** For OUTSIDE_WINDOW: minutes before the window opens (early) or after it closed (late). */
  earlyByMinutes?: number;
  lateByMinutes?: number;
}

const INSIDE: ReadonlySet<LiveStatus> = new Set(['entered', 'empty_confirmed']);

export function decideGate(input: GateInput): GateDecision {
  return input.direction === 'in' ? decideIn(input) : decideOut(input);
}

function decideIn(input: GateInput): GateDecision {
  const { plate } = input;
  if (!input.vehicle) return deny(plate, 'VEHICLE_NOT_FILED', '未备案');
  if (input.vehicle.blocked) return deny(plate, 'VEHICLE_BLOCKED', '车辆已禁行');
  const inside = input.appointments.find((a) => INSIDE.has(a.status));
  if (inside) return deny(plate, 'ALREADY_INSIDE', '已在区内', inside);

  const here = input.appointments.filter((a) => a.terminalId === input.terminalId);
  const booked = here.filter((a) => a.status === 'booked');
  if (booked.length === 0) {
    const pending = here.find((a) => a.status === 'submitted');
    if (pending) return deny(plate, 'APPOINTMENT_PENDING', '预约待货站确认', pending);
    if (input.appointments.some((a) => a.status === 'booked')) return deny(plate, 'WRONG_TERMINAL', '非本货站预约');
    return deny(plate, 'NO_APPOINTMENT', '无预约');
  }

  const tolerance = input.toleranceMinutes * 60_000;
  const at = input.at.getTime();
  const open = booked.find((a) => a.windowStart.getTime() - tolerance <= at && at <= a.windowEnd.getTime() + tolerance);
  if (open) return { decision: 'lift', code: 'LIFT_IN', appointmentId: open.id, appointmentNo: open.appointmentNo, message: `${plate} 预约入区 请通行` };

  // Tell the driver about the nearest window: how early or how late.
  const distance = (a: GateAppointment) => Math.min(Math.abs(a.windowStart.getTime() - tolerance - at), Math.abs(at - a.windowEnd.getTime() - tolerance));
  const nearest = [...booked].sort((a, b) => distance(a) - distance(b))[0];
  const opensAt = nearest.windowStart.getTime() - tolerance;
  if (at < opensAt) {
    const early = Math.ceil((opensAt - at) / 60_000);
    return { ...deny(plate, 'OUTSIDE_WINDOW', `未到预约时段 早${early}分钟`, nearest), earlyByMinutes: early };
  }
  const late = Math.ceil((at - (nearest.windowEnd.getTime() + tolerance)) / 60_000);
  return { ...deny(plate, 'OUTSIDE_WINDOW', `已过预约时段 晚${late}分钟`, nearest), lateByMinutes: late };
}

function decideOut(input: GateInput): GateDecision {
  const { plate } = input;
  const inside = input.appointments.filter((a) => INSIDE.has(a.status));
  if (inside.length === 0) {
    if (!input.vehicle) return deny(plate, 'VEHICLE_NOT_FILED', '未备案');
    return deny(plate, 'NOT_INSIDE', '无入区记录');
  }
  const here = inside.filter((a) => a.terminalId === input.terminalId);
  if (here.length === 0) return deny(plate, 'WRONG_TERMINAL', '非本货站车辆', inside[0]);
  const confirmed = here.find((a) => a.status === 'empty_confirmed');
  if (confirmed) return { decision: 'lift', code: 'LIFT_OUT', appointmentId: confirmed.id, appointmentNo: confirmed.appointmentNo, message: `${plate} 空车确认 请通行` };
  return deny(plate, 'NOT_CONFIRMED', '未交货确认', here[0]);
}

function deny(plate: string, code: GateDecisionCode, reason: string, appointment?: GateAppointment): GateDecision {
  return {
    decision: 'deny',
    code,
    appointmentId: appointment?.id ?? null,
    appointmentNo: appointment?.appointmentNo ?? null,
    message: `${plate} ${reason}`,
  };
}
