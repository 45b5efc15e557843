-- Vehicle filing (车辆备案), the enterprise fleet it feeds, the filing's history, and notifications.

-- The form: a header per filing; the enterprise fields are read from `enterprises` when shown.
create table vehicle_filings (
  id uuid primary key default gen_random_uuid(),
  enterprise_id uuid not null references enterprises (id),
  status text not null check (status in ('draft', 'declared', 'approved', 'returned')),
  contact_name text not null,
  contact_phone text not null,
  remarks text,
  return_reason text,
  created_by uuid not null references users (id),
  declared_by uuid references users (id),
  reviewed_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  declared_at timestamptz,
  reviewed_at timestamptz,
  -- a filing that has been declared keeps its (latest) declaration time
  constraint vehicle_filings_declared check (status = 'draft' or declared_at is not null),
  constraint vehicle_filings_returned check ((status = 'returned') = (return_reason is not null))
);
-- the list page: newest first, optionally by status or declaration date
create index vehicle_filings_enterprise_idx on vehicle_filings (enterprise_id, created_at desc, id desc);
create index vehicle_filings_enterprise_status_idx on vehicle_filings (enterprise_id, status, created_at desc, id desc);
create index vehicle_filings_enterprise_declared_idx on vehicle_filings (enterprise_id, declared_at);
-- the reviewers' queue: oldest declaration first, across enterprises
create index vehicle_filings_review_idx on vehicle_filings (status, declared_at, id) where status <> 'draft';

-- The fleet: approved vehicles. A plate is in at most one enterprise's active fleet.
create table vehicles (
  id uuid primary key default gen_random_uuid(),
  enterprise_id uuid not null references enterprises (id),
  plate text not null,
  plate_color text not null check (plate_color in ('blue', 'yellow', 'green', 'yellow_green', 'black', 'white')),
  vehicle_type text not null check (vehicle_type in ('van', 'flatbed', 'refrigerated', 'container_tractor', 'tank', 'other')),
  rated_load_kg integer not null check (rated_load_kg between 1 and 100000),
  driver_name text not null,
  driver_id_no text not null,
  driver_phone text not null,
  vin text,
  permit_no text,
  status text not null check (status in ('active', 'cancelled')),
  -- the filing whose approval last set this vehicle's data
  filing_id uuid not null references vehicle_filings (id),
  approved_at timestamptz not null,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint vehicles_cancelled check ((status = 'cancelled') = (cancelled_at is not null))
);
create unique index vehicles_active_plate_key on vehicles (plate) where status = 'active';
create index vehicles_enterprise_idx on vehicles (enterprise_id, status, created_at desc, id desc);
create index vehicles_enterprise_plate_idx on vehicles (enterprise_id, plate);

-- The body: one row per vehicle, numbered 1..n in the order entered.
create table vehicle_filing_rows (
  id uuid primary key default gen_random_uuid(),
  filing_id uuid not null references vehicle_filings (id) on delete cascade,
  seq integer not null check (seq >= 1),
  plate text not null,
  plate_color text not null check (plate_color in ('blue', 'yellow', 'green', 'yellow_green', 'black', 'white')),
  vehicle_type text not null check (vehicle_type in ('van', 'flatbed', 'refrigerated', 'container_tractor', 'tank', 'other')),
  rated_load_kg integer not null check (rated_load_kg between 1 and 100000),
  driver_name text not null,
  driver_id_no text not null,
  driver_phone text not null,
  vin text,
  permit_no text,
  -- a change (变更): the active fleet vehicle whose data this row replaces when approved
  replaces_vehicle_id uuid references vehicles (id),
  -- set on approval: the fleet vehicle this row became or updated
  vehicle_id uuid references vehicles (id),
  constraint vehicle_filing_rows_seq_key unique (filing_id, seq),
  constraint vehicle_filing_rows_plate_key unique (filing_id, plate)
);
-- "filings containing this plate"
create index vehicle_filing_rows_plate_idx on vehicle_filing_rows (plate, filing_id);

-- What happened to a filing, who did it and when: the detail page's sub-table.
create table filing_history (
  id bigint generated always as identity primary key,
  filing_id uuid not null references vehicle_filings (id) on delete cascade,
  at timestamptz not null default now(),
  actor_id uuid references users (id),
  actor_username text,
  action text not null check (action in ('created', 'updated', 'declared', 'approved', 'returned', 'vehicle_cancelled', 'vehicle_changed')),
  detail text
);
create index filing_history_filing_idx on filing_history (filing_id, id);

-- One row per recipient: an enterprise-wide notice is copied to each of its users at the time,
-- so reading it is a per-user fact and listing is one indexed range per user.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  enterprise_id uuid references enterprises (id),
  kind text not null,
  title text not null,
  body text not null,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc, id desc);
create index notifications_user_unread_idx on notifications (user_id, created_at desc, id desc) where read_at is null;
