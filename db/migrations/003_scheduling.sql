-- Terminals' gates and slot calendars, and pickup/delivery appointments (提/交货预约).
-- Every hot row carries terminal_id (DESIGN.md "Scale": the distribution key past one primary).

create table gates (
  id uuid primary key default gen_random_uuid(),
  terminal_id uuid not null references terminals (id),
  code text not null,
  name text not null,
  direction text not null check (direction in ('in', 'out')),
  created_at timestamptz not null default now(),
  constraint gates_terminal_code_key unique (terminal_id, code)
);

-- A terminal's days whose slots have been made. Slots are made lazily, the first time a day is
-- looked at, from the terminal's settings at that moment; a made day is never made again, so a
-- later settings change applies to days not made yet and never mixes two slot lengths in a day.
create table slot_days (
  terminal_id uuid not null references terminals (id),
  local_date date not null,
  created_at timestamptz not null default now(),
  primary key (terminal_id, local_date)
);

create table slots (
  id uuid primary key default gen_random_uuid(),
  terminal_id uuid not null references terminals (id),
  -- the slot's day in the terminal's zone
  local_date date not null,
  start_at timestamptz not null,
  end_at timestamptz not null,
  capacity_pickup integer not null,
  capacity_delivery integer not null,
  booked_pickup integer not null default 0,
  booked_delivery integer not null default 0,
  -- capacity is never exceeded and never lowered below what is booked, whatever the concurrency
  constraint slots_booked_pickup check (booked_pickup between 0 and capacity_pickup),
  constraint slots_booked_delivery check (booked_delivery between 0 and capacity_delivery),
  constraint slots_window check (start_at < end_at),
  constraint slots_terminal_start_key unique (terminal_id, start_at),
  -- lets appointments name (terminal, slot) together, so a slot of another terminal cannot be used
  constraint slots_terminal_id_key unique (terminal_id, id)
);
create index slots_terminal_day_idx on slots (terminal_id, local_date, start_at);

-- businessNo = 'T' + yyyymmdd + 16 digits; appointmentNo = '10' + yyMMdd + 10 digits.
create sequence appointment_business_no_seq maxvalue 9999999999999999;
create sequence appointment_no_seq maxvalue 9999999999;

create table appointments (
  id uuid primary key default gen_random_uuid(),
  terminal_id uuid not null references terminals (id),
  enterprise_id uuid not null references enterprises (id),
  slot_id uuid not null,
  vehicle_id uuid not null references vehicles (id),
  plate text not null,
  driver_name text not null,
  -- null when the driver named on the appointment is not the fleet vehicle's and gave no ID
  driver_id_no text,
  driver_phone text not null,
  flag text not null check (flag in ('pickup', 'delivery')),
  declaration_type text not null check (declaration_type in ('ordinary', 'operational')),
  status text not null check (status in ('draft', 'submitted', 'booked', 'rejected', 'entered', 'empty_confirmed', 'exited', 'cancelled', 'no_show')),
  business_no text not null,
  appointment_no text,
  -- copied from the slot when submitted: the gate and the no-show sweep read these
  window_start timestamptz,
  window_end timestamptz,
  reject_reason text,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  submitted_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint appointments_business_no_key unique (business_no),
  constraint appointments_appointment_no_key unique (appointment_no),
  constraint appointments_slot_fk foreign key (terminal_id, slot_id) references slots (terminal_id, id),
  constraint appointments_window check (status = 'draft' or (window_start is not null and window_end is not null and submitted_at is not null)),
  constraint appointments_numbered check (status not in ('booked', 'entered', 'empty_confirmed', 'exited', 'no_show') or appointment_no is not null),
  constraint appointments_rejected check ((status = 'rejected') = (reject_reason is not null))
);
-- the enterprise's list (提/交货预约查询): newest first, with or without a status
create index appointments_enterprise_idx on appointments (enterprise_id, created_at desc, id desc);
create index appointments_enterprise_status_idx on appointments (enterprise_id, status, created_at desc, id desc);
create index appointments_enterprise_plate_idx on appointments (enterprise_id, plate);
-- the no-show sweep: booked ones whose window has ended
create index appointments_status_window_idx on appointments (status, window_end);
-- "does this vehicle hold another live appointment?"
create index appointments_vehicle_idx on appointments (vehicle_id, status);
-- the terminal operator's queue
create index appointments_terminal_idx on appointments (terminal_id, status, created_at desc, id desc);
-- how many places a slot holds, to check the counters
create index appointments_slot_idx on appointments (slot_id, status);

create table appointment_awbs (
  appointment_id uuid not null references appointments (id) on delete cascade,
  terminal_id uuid not null references terminals (id),
  seq integer not null check (seq between 1 and 20),
  awb text not null,
  pieces integer not null check (pieces between 1 and 99999),
  weight_kg numeric(12, 3) not null check (weight_kg > 0),
  primary key (appointment_id, seq),
  constraint appointment_awbs_awb_key unique (appointment_id, awb)
);
create index appointment_awbs_awb_idx on appointment_awbs (awb);

-- Who changed what and when: the detail page's sub-table. Written in the change's transaction.
create table appointment_history (
  id bigint generated always as identity primary key,
  appointment_id uuid not null references appointments (id) on delete cascade,
  terminal_id uuid not null references terminals (id),
  at timestamptz not null default now(),
  actor_id uuid references users (id),
  actor_username text,
  action text not null,
  from_status text,
  to_status text,
  detail jsonb
);
create index appointment_history_appointment_idx on appointment_history (appointment_id, id);
