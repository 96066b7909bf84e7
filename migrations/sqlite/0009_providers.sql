-- Third-party providers (R-6.9): qualification, services with their access
-- flow, documents, joint-debugging runs, releases with test reports, and
-- emergency suspensions with restoration applications (R-6.9.4.3).
create table provider_profiles (
    party_id blob primary key not null references access_parties(id),
    capability text not null,
    state text not null,
    comment text,
    reviewed_by text,
    reviewed_at text,
    submitted_at text,
    updated_at text not null
);

create table provider_services (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    name text not null,
    category text not null,
    step text not null,
    suspended boolean not null,
    data text not null,
    created_at text not null,
    updated_at text not null
);
create index provider_services_party on provider_services(party_id, name);

-- qualification documents (service_id null), access documents and emergency plans
create table provider_documents (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    service_id blob references provider_services(id),
    kind text not null,
    title text not null,
    version integer not null,
    valid_until text,
    sha256 text not null references files(sha256),
    file_name text not null,
    media_type text not null,
    size integer not null,
    status text not null,
    comment text,
    uploaded_by text not null,
    uploaded_at text not null,
    reviewed_by text,
    reviewed_at text
);
create index provider_documents_owner on provider_documents(party_id, service_id, kind, version);

create table service_debug_runs (
    id blob primary key not null,
    service_id blob not null references provider_services(id),
    cases text not null,
    result text not null,
    notes text not null,
    run_by text not null,
    run_at text not null
);
create index service_debug_runs_service on service_debug_runs(service_id, run_at);

-- releases (R-6.9.4.2.e) and their test reports (R-6.9.4.2.d)
create table service_releases (
    id blob primary key not null,
    service_id blob not null references provider_services(id),
    version text not null,
    kind text not null,
    tested_on text not null,
    scope text not null,
    results text not null,
    sha256 text not null references files(sha256),
    file_name text not null,
    status text not null,
    live boolean not null,
    comment text,
    submitted_by text not null,
    submitted_at text not null,
    reviewed_by text,
    reviewed_at text,
    unique (service_id, version)
);

create table suspensions (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    service_id blob references provider_services(id),
    severity text not null,
    reason text not null,
    alarm_ref text,
    state text not null,
    suspended_by text not null,
    suspended_at text not null,
    restored_by text,
    restored_at text
);
create index suspensions_state on suspensions(state, suspended_at);
create index suspensions_party on suspensions(party_id, suspended_at);

create table restorations (
    id blob primary key not null,
    suspension_id blob not null references suspensions(id),
    failure text not null,
    fix text not null,
    release_id blob references service_releases(id),
    state text not null,
    comment text,
    filed_by text not null,
    filed_at text not null,
    reviewed_by text,
    reviewed_at text
);
create index restorations_suspension on restorations(suspension_id, filed_at);

-- console notifications: to an organisation's people, or to a role
create table notifications (
    id blob primary key not null,
    organisation_id blob,
    role text,
    kind text not null,
    title text not null,
    link text not null,
    created_at text not null
);
create index notifications_created on notifications(created_at);

alter table credentials add column service_id blob references provider_services(id);
