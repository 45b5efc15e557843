-- Gate devices, every plate read with its decision, manual overrides, and delivery confirmations.

-- A vehicle can be stopped at the gate whatever its bookings (customs hold, safety).
alter table vehicles add column blocked_at timestamptz;
alter table vehicles add column blocked_reason text;

create table gate_devices (
  id uuid primary key default gen_random_uuid(),
  gate_id uuid not null references gates (id),
  terminal_id uuid not null references terminals (id),
  name text not null,
  -- sha-256 of the bearer token, which is shown once at creation and never stored
  token_hash text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz,
  revoked_at timestamptz,
  constraint gate_devices_token_hash_key unique (token_hash)
);
create index gate_devices_gate_idx on gate_devices (gate_id);

-- One row per plate read (or manual override). (device_id, read_id) makes a device's retry of the
-- same read one event, whatever the race: the second insert waits for the first and finds it.
create table gate_events (
  id bigint generated always as identity primary key,
  terminal_id uuid not null references terminals (id),
  gate_id uuid not null references gates (id),
  device_id uuid references gate_devices (id),
  read_id text,
  direction text not null check (direction in ('in', 'out')),
  plate text not null,
  read_at timestamptz not null,
  decision text not null check (decision in ('lift', 'deny')),
  code text not null,
  message text not null,
  appointment_id uuid references appointments (id),
  detail jsonb,
  override_by uuid references users (id),
  override_reason text,
  created_at timestamptz not null default now(),
  constraint gate_events_read_key unique (device_id, read_id),
  constraint gate_events_source check ((device_id is not null and read_id is not null) or (override_by is not null and override_reason is not null))
);
create index gate_events_gate_idx on gate_events (gate_id, id desc);
create index gate_events_terminal_idx on gate_events (terminal_id, id desc);
create index gate_events_appointment_idx on gate_events (appointment_id);

-- The empty-truck declaration (空车) recorded by 交货确认 / 提货确认: one per appointment.
create table empty_declarations (
  appointment_id uuid primary key references appointments (id),
  terminal_id uuid not null references terminals (id),
  enterprise_name text not null,
  declared_by uuid not null references users (id),
  declared_by_role text not null,
  declared_at timestamptz not null
);

-- who is inside the zone now, per terminal
create index appointments_inside_idx on appointments (terminal_id, status) where status in ('entered', 'empty_confirmed');
-- the gate looks a plate's live appointments up by plate
create index appointments_plate_live_idx on appointments (plate) where status in ('submitted', 'booked', 'entered', 'empty_confirmed');
