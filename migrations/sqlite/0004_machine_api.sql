-- The machine API: nonces remembered for the signature window (they survive
-- a restart) and a log of every call (R-6.8.a: registered and monitored).
create table api_nonces (
    key_id text not null,
    nonce text not null,
    seen_at text not null,
    primary key (key_id, nonce)
);
create index api_nonces_seen on api_nonces(seen_at);

create table api_calls (
    id blob primary key not null,
    at text not null,
    party_id blob,
    key_id text,
    method text not null,
    endpoint text not null,
    status integer not null,
    code integer not null,
    latency_us integer not null,
    bytes_in integer not null,
    bytes_out integer not null,
    request_id text not null
);
create index api_calls_party on api_calls(party_id, at);
