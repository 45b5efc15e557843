import type { Selectable } from 'kysely';

import type { AppointmentHistoryEntry, AppointmentStatus, AppointmentSummary, Gate, Slot, Terminal } from '@cargo-window/contracts';

import type { AppointmentHistoryTable, GatesTable, SlotsTable, TerminalsTable } from '../../platform/db-schema.ts';
import { slotRefusal } from './booking-rules.ts';
import type { OpeningHours } from './slot-calendar.ts';
import { formatInZone, localDateOf } from './time-zone.ts';

export type TerminalRow = Selectable<TerminalsTable>;
export type SlotRow = Selectable<SlotsTable>;
export type GateRow = Selectable<GatesTable>;
export type HistoryRow = Selectable<AppointmentHistoryTable>;

/** A terminal's settings in the words the rules use. */
export interface TerminalSettings {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  slotMinutes: number;
  capacity: { pickup: number; delivery: number };
  horizonDays: number;
  minLeadMinutes: number;
  toleranceMinutes: number;
  hours: OpeningHours | null;
  closedDates: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** date[] comes back as strings (PGlite) or as Dates at local midnight (node-postgres). */
export function calendarDay(value: unknown): string {
  if (value instanceof Date) return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  return String(value).slice(0, 10);
}

export function terminalSettings(row: TerminalRow): TerminalSettings {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    timeZone: row.time_zone,
    slotMinutes: row.slot_minutes,
    capacity: { pickup: row.capacity_pickup, delivery: row.capacity_delivery },
    horizonDays: row.horizon_days,
    minLeadMinutes: row.min_lead_minutes,
    toleranceMinutes: row.tolerance_minutes,
    hours: (typeof row.hours === 'string' ? JSON.parse(row.hours) : row.hours) as OpeningHours | null,
    closedDates: (row.closed_dates ?? []).map(calendarDay).sort(),
  };
}

export function presentTerminal(row: TerminalRow, now: Date): Terminal {
  const settings = terminalSettings(row);
  return {
    ...settings,
    hours: settings.hours as Terminal['hours'],
    today: localDateOf(now, settings.timeZone),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentGate(row: GateRow): Gate {
  return { id: row.id, terminalId: row.terminal_id, code: row.code, name: row.name, direction: row.direction, createdAt: row.created_at.toISOString() };
}

/** A slot as the API shows it, with why a booking of it would be refused at `now` (null: bookable). */
export function presentSlot(row: SlotRow, terminal: Pick<TerminalSettings, 'timeZone' | 'closedDates' | 'horizonDays' | 'minLeadMinutes'>, now: Date): Slot {
  return {
    id: row.id,
    date: row.local_date,
    start: formatInZone(row.start_at, terminal.timeZone),
    end: formatInZone(row.end_at, terminal.timeZone),
    capacity: { pickup: row.capacity_pickup, delivery: row.capacity_delivery },
    booked: { pickup: row.booked_pickup, delivery: row.booked_delivery },
    closed: terminal.closedDates.includes(row.local_date),
    refusal: slotRefusal({ now, terminal, slot: { localDate: row.local_date, start: row.start_at } }),
  };
}

/** The columns a list row is made of: the appointment joined with its terminal and slot. */
export interface AppointmentListRow {
  id: string;
  business_no: string;
  appointment_no: string | null;
  plate: string;
  flag: 'pickup' | 'delivery';
  declaration_type: 'ordinary' | 'operational';
  status: AppointmentStatus;
  created_at: Date;
  submitted_at: Date | null;
  terminal_id: string;
  terminal_code: string;
  terminal_name: string;
  time_zone: string;
  slot_id: string;
  slot_date: string;
  slot_start: Date;
  slot_end: Date;
}

export function presentAppointmentSummary(row: AppointmentListRow): AppointmentSummary {
  const zone = row.time_zone;
  const submittedAt = row.submitted_at ? formatInZone(row.submitted_at, zone) : null;
  return {
    id: row.id,
    businessNo: row.business_no,
    appointmentNo: row.appointment_no,
    plate: row.plate,
    flag: row.flag,
    declarationType: row.declaration_type,
    status: row.status,
    createdAt: formatInZone(row.created_at, zone),
    submittedAt,
    declaredAt: submittedAt,
    terminal: { id: row.terminal_id, code: row.terminal_code, name: row.terminal_name, timeZone: zone },
    slot: { id: row.slot_id, date: row.slot_date, start: formatInZone(row.slot_start, zone), end: formatInZone(row.slot_end, zone) },
  };
}

export function presentHistory(row: HistoryRow, timeZone: string): AppointmentHistoryEntry {
  return {
    at: formatInZone(row.at, timeZone),
    actor: row.actor_username,
    action: row.action,
    fromStatus: row.from_status as AppointmentStatus | null,
    toStatus: row.to_status as AppointmentStatus | null,
    detail: (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as Record<string, unknown> | null,
  };
}

export function presentAwb(row: { seq: number; awb: string; pieces: number; weight_kg: string }) {
  return { seq: row.seq, awb: row.awb, pieces: row.pieces, weightKg: Number(row.weight_kg) };
}
