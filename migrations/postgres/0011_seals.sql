-- Electronic seals (R-6.6): parties' seal making and publishing systems
-- registered with their certificates, the units designated to make seals,
-- every seal filed (备案), and filings refused because the system was not
-- registered or not connected.
create table seal_systems (
    id uuid primary key not null,
    party_id uuid not null references access_parties(id),
    kind text not null,
    name text not null,
    vendor text not null,
    vendor_id text not null unique,
    version text not null,
    deployment text not null,
    cert_sha256 text not null references files(sha256),
    cert_subject text not null,
    cert_issuer text not null,
    cert_serial text not null,
    cert_not_before timestamptz not null,
    cert_not_after timestamptz not null,
    cert_algorithm text not null,
    state text not null,
    comment text,
    reviewed_by text,
    reviewed_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table seal_units (
    id uuid primary key not null,
    party_id uuid not null references access_parties(id),
    name text not null,
    uscc text not null unique,
    qualification text not null,
    qualification_until text not null,
    designation_sha256 text not null references files(sha256),
    designation_file text not null,
    system_id uuid not null references seal_systems(id),
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table seals (
    id uuid primary key not null,
    party_id uuid not null references access_parties(id),
    es_id text not null unique,
    name text not null,
    seal_type text not null,
    owner_name text not null,
    owner_uscc text not null,
    unit_id uuid not null references seal_units(id),
    system_id uuid not null references seal_systems(id),
    signer_certs text not null,
    made_at timestamptz not null,
    valid_from timestamptz not null,
    valid_to timestamptz not null,
    image_sha256 text not null references files(sha256),
    maker_cert_serial text not null,
    signature_algorithm text not null,
    state text not null,
    state_reason text,
    state_at timestamptz,
    filed_at timestamptz not null
);
-- one organisation has at most one active 法定名称章
create unique index seals_one_official on seals(owner_uscc) where seal_type = 'official' and state = 'active';
create index seals_unit on seals(unit_id, filed_at);
create index seals_owner on seals(owner_uscc, seal_type);
create index seals_filed on seals(filed_at);

create table seal_refusals (
    id uuid primary key not null,
    party_id uuid not null references access_parties(id),
    vendor_id text not null,
    es_id text not null,
    reason text not null,
    at timestamptz not null
);
create index seal_refusals_at on seal_refusals(at);
