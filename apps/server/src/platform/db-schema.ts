import type { ColumnType, Generated } from 'kysely';

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

export interface Database {
  enterprises: EnterprisesTable;
  terminals: TerminalsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
