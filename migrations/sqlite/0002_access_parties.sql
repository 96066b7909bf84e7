-- The registry of access parties (R-5.2).
create table access_parties (
    id blob primary key not null,
    name text not null,
    kind text not null,
    level text not null,
    division_code text not null,
    organisation_id blob not null references organisations(id),
    contacts text not null,
    status text not null,
    created_at text not null,
    updated_at text not null,
    unique (organisation_id, name)
);
-- keyset pages ordered by (name, id), alone or under one equality filter
create index access_parties_name on access_parties(name, id);
create index access_parties_kind on access_parties(kind, name, id);
create index access_parties_level on access_parties(level, name, id);
create index access_parties_status on access_parties(status, name, id);
create index access_parties_division on access_parties(division_code);
create index access_parties_org on access_parties(organisation_id);
