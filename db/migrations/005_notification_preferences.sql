-- Kinds of notification a person chose not to receive (users of port systems ask to cut the noise).
create table notification_optouts (
  user_id uuid not null references users (id),
  kind text not null,
  created_at timestamptz not null default now(),
  primary key (user_id, kind)
);
