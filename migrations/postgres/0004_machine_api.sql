-- The machine API: nonces remembered for the signature window (they survive
-- a restart) and a log of every call (R-6.8.a: registered and monitored).
create table api_nonces (
    key_id text not null,
    nonce text not null,
    seen_at timestamptz not null,
    primary key (key_id, nonce)
);
create index api_nonces_seen on api_nonces(seen_at);

create table api_calls (
    id uuid primary key not null,
    at timestamptz not null,
    party_id uuid,
    key_id text,
    method text not null,
    endpoint text not null,
    status bigint not null,
    code bigint not null,
    latency_us bigint not null,
    bytes_in bigint not null,
    bytes_out bigint not null,
    request_id text not null
);
create index api_calls_party on api_calls(party_id, at);
