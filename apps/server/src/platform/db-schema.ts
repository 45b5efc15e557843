import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Timestamps come back as Date and go in as Date or ISO strings. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export interface EnterprisesTable {
  id: Generated<string>;
  name: string;
  uscc: string;
  customs_code: string | null;
  address: string | null;
  contact_name: string;
  contact_phone: string;
  email: string | null;
  registration_mode: 'standalone' | 'linked';
  national_id: string | null;
  created_at: Timestamp;
}

export interface TerminalsTable {
  id: Generated<string>;
  code: string;
  name: string;
  time_zone: string;
  slot_minutes: number;
  capacity_pickup: number;
  capacity_delivery: number;
  horizon_days: Generated<number>;
  min_lead_minutes: Generated<number>;
  tolerance_minutes: Generated<number>;
  hours: Json<unknown> | null;
  closed_dates: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The transaction that last wrote the row (xid8, set by the database): see kept-pages.ts. */
  changed_xid: Generated<string>;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  name: string;
  phone: string | null;
  role: 'admin' | 'operator' | 'reviewer' | 'terminal_operator' | 'gate_officer' | 'platform_admin';
  enterprise_id: string | null;
  terminal_id: string | null;
  permissions: ColumnType<string[], string[] | undefined, string[]>;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_username: string | null;
  enterprise_id: string | null;
  ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

export interface VehicleFilingsTable {
  id: Generated<string>;
  enterprise_id: string;
  status: 'draft' | 'declared' | 'approved' | 'returned';
  contact_name: string;
  contact_phone: string;
  remarks: string | null;
  return_reason: string | null;
  created_by: string;
  declared_by: string | null;
  reviewed_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  declared_at: Date | null;
  reviewed_at: Date | null;
}

export interface VehicleFilingRowsTable {
  id: Generated<string>;
  filing_id: string;
  seq: number;
  plate: string;
  plate_color: 'blue' | 'yellow' | 'green' | 'yellow_green' | 'black' | 'white';
  vehicle_type: 'van' | 'flatbed' | 'refrigerated' | 'container_tractor' | 'tank' | 'other';
  rated_load_kg: number;
  driver_name: string;
  driver_id_no: string;
  driver_phone: string;
  vin: string | null;
  permit_no: string | null;
  replaces_vehicle_id: string | null;
  vehicle_id: string | null;
}

export interface VehiclesTable {
  id: Generated<string>;
  enterprise_id: string;
  plate: string;
  plate_color: 'blue' | 'yellow' | 'green' | 'yellow_green' | 'black' | 'white';
  vehicle_type: 'van' | 'flatbed' | 'refrigerated' | 'container_tractor' | 'tank' | 'other';
  rated_load_kg: number;
  driver_name: string;
  driver_id_no: string;
  driver_phone: string;
  vin: string | null;
  permit_no: string | null;
  status: 'active' | 'cancelled';
  filing_id: string;
  approved_at: Timestamp;
  cancelled_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  blocked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  blocked_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface FilingHistoryTable {
  id: Generated<number>;
  filing_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_username: string | null;
  action: 'created' | 'updated' | 'declared' | 'approved' | 'returned' | 'vehicle_cancelled' | 'vehicle_changed';
  detail: string | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  enterprise_id: string | null;
  kind: string;
  title: string;
  body: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface GatesTable {
  id: Generated<string>;
  terminal_id: string;
  code: string;
  name: string;
  direction: 'in' | 'out';
  created_at: Timestamp;
}

export interface SlotDaysTable {
  terminal_id: string;
  local_date: string;
  created_at: Timestamp;
}

export interface SlotsTable {
  id: Generated<string>;
  terminal_id: string;
  local_date: string;
  start_at: Timestamp;
  end_at: Timestamp;
  capacity_pickup: number;
  capacity_delivery: number;
  booked_pickup: Generated<number>;
  booked_delivery: Generated<number>;
}

export interface AppointmentsTable {
  id: Generated<string>;
  terminal_id: string;
  enterprise_id: string;
  slot_id: string;
  vehicle_id: string;
  plate: string;
  driver_name: string;
  driver_id_no: string | null;
  driver_phone: string;
  flag: 'pickup' | 'delivery';
  declaration_type: 'ordinary' | 'operational';
  status: 'draft' | 'submitted' | 'booked' | 'rejected' | 'entered' | 'empty_confirmed' | 'exited' | 'cancelled' | 'no_show';
  business_no: string;
  appointment_no: string | null;
  window_start: Date | null;
  window_end: Date | null;
  reject_reason: string | null;
  created_by: string;
  created_at: Timestamp;
  submitted_at: Date | null;
  updated_at: Timestamp;
  /** The transaction that last wrote the row (xid8, set by the database): see kept-pages.ts. */
  changed_xid: Generated<string>;
}

export interface AppointmentAwbsTable {
  appointment_id: string;
  terminal_id: string;
  seq: number;
  awb: string;
  pieces: number;
  /** numeric(12,3): read as a string, written as a number. */
  weight_kg: ColumnType<string, number | string, number | string>;
}

export interface AppointmentHistoryTable {
  id: Generated<number>;
  appointment_id: string;
  terminal_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  detail: Json<Record<string, unknown>> | null;
}

export interface GateDevicesTable {
  id: Generated<string>;
  gate_id: string;
  terminal_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_seen_at: Date | null;
  revoked_at: Date | null;
}

export interface GateEventsTable {
  id: Generated<number>;
  terminal_id: string;
  gate_id: string;
  device_id: string | null;
  read_id: string | null;
  direction: 'in' | 'out';
  plate: string;
  read_at: Timestamp;
  decision: 'lift' | 'deny';
  code: string;
  message: string;
  appointment_id: string | null;
  detail: Json<Record<string, unknown>> | null;
  override_by: string | null;
  override_reason: string | null;
  /** An override's gate (null for a device's read), kept by PostgreSQL for the override's lane key. */
  override_gate_id: GeneratedAlways<string | null>;
  created_at: Timestamp;
}

export interface EmptyDeclarationsTable {
  appointment_id: string;
  terminal_id: string;
  enterprise_name: string;
  declared_by: string;
  declared_by_role: string;
  declared_at: Timestamp;
}

export interface NotificationOptoutsTable {
  user_id: string;
  kind: string;
  created_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  created_by: string;
  name: string;
  token_hash: string;
  permissions: ColumnType<string[], string[] | undefined, string[]>;
  expires_at: Timestamp;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface SecurityKeysTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  kind: 'legal_person' | 'operator';
  credential_id: string;
  public_key: string;
  counter: ColumnType<number, number | undefined, number>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface WebauthnChallengesTable {
  id: Generated<string>;
  challenge: string;
  user_id: string | null;
  purpose: 'register' | 'login';
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface Database {
  enterprises: EnterprisesTable;
  terminals: TerminalsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  vehicle_filings: VehicleFilingsTable;
  vehicle_filing_rows: VehicleFilingRowsTable;
  vehicles: VehiclesTable;
  filing_history: FilingHistoryTable;
  notifications: NotificationsTable;
  gates: GatesTable;
  slot_days: SlotDaysTable;
  slots: SlotsTable;
  appointments: AppointmentsTable;
  appointment_awbs: AppointmentAwbsTable;
  appointment_history: AppointmentHistoryTable;
  gate_devices: GateDevicesTable;
  gate_events: GateEventsTable;
  empty_declarations: EmptyDeclarationsTable;
  notification_optouts: NotificationOptoutsTable;
  api_tokens: ApiTokensTable;
  security_keys: SecurityKeysTable;
  webauthn_challenges: WebauthnChallengesTable;
}
