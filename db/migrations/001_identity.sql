-- Enterprises, people, sessions and the audit trail: the foundation every module writes through.

create table enterprises (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  uscc text not null,
  customs_code text,
  address text,
  contact_name text not null,
  contact_phone text not null,
  email text,
  registration_mode text not null check (registration_mode in ('standalone', 'linked')),
  national_id text,
  created_at timestamptz not null default now(),
  constraint enterprises_uscc_key unique (uscc),
  constraint enterprises_national_id_key unique (national_id)
);

create table terminals (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  name text not null,
  time_zone text not null,
  slot_minutes integer not null check (slot_minutes in (30, 60)),
  capacity_pickup integer not null check (capacity_pickup >= 0),
  capacity_delivery integer not null check (capacity_delivery >= 0),
  horizon_days integer not null default 3 check (horizon_days between 1 and 60),
  min_lead_minutes integer not null default 60 check (min_lead_minutes >= 0),
  tolerance_minutes integer not null default 30 check (tolerance_minutes >= 0),
  hours jsonb,
  closed_dates date[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint terminals_code_key unique (code)
);

create table users (
  id uuid primary key default gen_random_uuid(),
  username text not null,
  password_hash text not null,
  name text not null,
  phone text,
  role text not null check (role in ('admin', 'operator', 'reviewer', 'terminal_operator', 'gate_officer', 'platform_admin')),
  enterprise_id uuid references enterprises (id),
  terminal_id uuid references terminals (id),
  permissions text[] not null default '{}',
  disabled boolean not null default false,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- enterprise people belong to an enterprise, platform staff never do
  constraint users_enterprise_role check ((role in ('admin', 'operator')) = (enterprise_id is not null))
);
-- usernames are unique platform-wide, whatever their case
create unique index users_username_key on users (lower(username));
create index users_enterprise_idx on users (enterprise_id, created_at, id);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null,
  user_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text,
  revoked_at timestamptz,
  constraint sessions_token_hash_key unique (token_hash)
);
create index sessions_user_idx on sessions (user_id);

-- One row per state change, written in the same transaction as the change.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_username text,
  enterprise_id uuid,
  ip text,
  action text not null,
  entity_type text not null,
  entity_id text not null,
  before jsonb,
  after jsonb
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, id);
create index audit_log_enterprise_idx on audit_log (enterprise_id, id);
