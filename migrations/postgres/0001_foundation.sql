-- Foundation: organisations, staff accounts and roles, sessions, the audit chain.
create table organisations (
    id uuid primary key not null,
    name text not null,
    uscc text not null unique,
    kind text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table accounts (
    id uuid primary key not null,
    username text not null unique,
    display_name text not null,
    password_hash text not null,
    must_change_password boolean not null default false,
    totp_secret text,
    totp_enabled boolean not null default false,
    totp_last_step bigint,
    failed_count integer not null default 0,
    locked_until timestamptz,
    disabled boolean not null default false,
    organisation_id uuid references organisations(id),
    last_login_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table account_roles (
    account_id uuid not null references accounts(id) on delete cascade,
    role text not null,
    primary key (account_id, role)
);

create table sessions (
    id uuid primary key not null,
    token_hash text not null unique,
    account_id uuid not null references accounts(id) on delete cascade,
    stage text not null,
    pending_secret text,
    ip text not null,
    user_agent text not null,
    created_at timestamptz not null,
    last_seen_at timestamptz not null
);
create index sessions_account on sessions(account_id);

create table audit_log (
    seq bigint primary key not null,
    id uuid not null unique,
    at timestamptz not null,
    actor_kind text not null,
    actor_id text not null,
    actor_name text not null,
    roles text not null,
    action text not null,
    object_type text not null,
    object_id text not null,
    object_label text not null,
    changes text not null,
    reason text not null,
    source_ip text not null,
    request_id text not null,
    prev_hash text not null,
    hash text not null,
    hash_alg text not null
);
create index audit_log_at on audit_log(at);
create index audit_log_actor on audit_log(actor_name, seq);
create index audit_log_action on audit_log(action, seq);
create index audit_log_object on audit_log(object_type, object_id, seq);

create table audit_head (
    id integer primary key not null,
    seq bigint not null,
    hash text not null
);
insert into audit_head (id, seq, hash) values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
