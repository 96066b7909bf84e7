-- Access applications (R-6.1), their evidence (R-6.1.b, R-6.8.d, R-6.8.e)
-- and the API credentials issued on approval.
create table applications (
    id blob primary key not null,
    number text not null unique,
    party_id blob not null references access_parties(id),
    state text not null,
    scope text not null,
    plan text not null,
    version integer not null,
    created_by blob,
    created_at text not null,
    updated_at text not null
);
create index applications_party on applications(party_id, id);
create index applications_state on applications(state, id);

-- what was submitted, one row per submission (for the reviewer's diff)
create table application_versions (
    application_id blob not null references applications(id),
    version integer not null,
    snapshot text not null,
    submitted_at text not null,
    primary key (application_id, version)
);

-- the timeline: every transition, upload and comment
create table application_events (
    id blob primary key not null,
    application_id blob not null references applications(id),
    at text not null,
    actor_id blob,
    actor_name text not null,
    action text not null,
    from_state text,
    to_state text,
    section text,
    comment text,
    version integer not null
);
create index application_events_app on application_events(application_id, at);

-- uploaded files, content-addressed
create table files (
    sha256 text primary key not null,
    size integer not null,
    media_type text not null,
    content blob not null,
    created_at text not null
);

create table evidence (
    id blob primary key not null,
    application_id blob not null references applications(id),
    kind text not null,
    sha256 text not null references files(sha256),
    file_name text not null,
    media_type text not null,
    size integer not null,
    cert_number text,
    cert_level integer,
    issuer text,
    valid_until text,
    active boolean not null,
    uploaded_by blob,
    uploaded_at text not null
);
create index evidence_app on evidence(application_id, kind);
create index evidence_valid on evidence(active, valid_until);

create table credentials (
    id blob primary key not null,
    key_id text not null unique,
    party_id blob not null references access_parties(id),
    secret_enc text not null,
    scopes text not null,
    ip_allowlist text not null,
    revoked_at text,
    revoked_reason text,
    expires_at text not null,
    rotated_from blob,
    created_by blob,
    created_at text not null,
    last_used_at text
);
create index credentials_party on credentials(party_id, created_at);
