-- Personal access tokens for enterprise systems, and security keys (卡介质) for card login.

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  created_by uuid not null references users (id),
  name text not null,
  -- sha-256 of the token, which is shown once
  token_hash text not null,
  -- the scope: a subset of the owner's permissions (enterprise applications)
  permissions text[] not null default '{}',
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint api_tokens_token_hash_key unique (token_hash)
);
create index api_tokens_user_idx on api_tokens (user_id, created_at);

-- WebAuthn credentials bound to a person (法人卡 / 操作员卡).
create table security_keys (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  name text not null,
  kind text not null check (kind in ('legal_person', 'operator')),
  credential_id text not null,
  public_key text not null,
  counter bigint not null default 0,
  transports text[] not null default '{}',
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint security_keys_credential_key unique (credential_id)
);
create index security_keys_user_idx on security_keys (user_id);

-- A WebAuthn challenge lives until it is used or expires: any instance may receive the answer.
create table webauthn_challenges (
  id uuid primary key default gen_random_uuid(),
  challenge text not null,
  user_id uuid references users (id),
  purpose text not null check (purpose in ('register', 'login')),
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
