-- Reported basic catalogs (R-6.2.b): each party's own catalog items, checked
-- against the target's basic catalog and reviewed like implementation lists.
create table reported_catalog (
    id uuid primary key not null,
    party_id uuid not null references access_parties(id),
    basic_code text not null,
    name text not null,
    department text not null,
    item_type text not null,
    status text not null,
    data text not null,
    approved_data text,
    comment text,
    reviewed_by text,
    reviewed_at timestamptz,
    submitted_at timestamptz not null,
    unique (party_id, basic_code)
);
create index reported_catalog_status on reported_catalog(status, party_id, basic_code);

-- Published implementation lists (the approved version of each item), searched
-- by region, department, item type and name. The page order is (division,
-- implementation code, id); each filter has an index that yields that order,
-- so keyset pages read only the rows they show. Names are kept once each in
-- impl_names: a million items carry a few thousand distinct names (a catalog
-- item's name, with a local suffix), so a substring search reads the names,
-- not the items, and finds the items through impl_published_name.
create table impl_names (
    id uuid primary key not null,
    name text not null unique
);

create table impl_published (
    id uuid primary key not null,
    party_id uuid not null references access_parties(id),
    implementation_code text not null,
    basic_code text not null,
    name text not null,
    name_id uuid not null references impl_names(id),
    division_code text not null,
    department text not null,
    item_type text not null,
    data text not null,
    approved_at timestamptz not null,
    unique (party_id, implementation_code)
);
create index impl_published_order on impl_published(division_code, implementation_code, id);
create index impl_published_type on impl_published(item_type, division_code, implementation_code, id);
create index impl_published_department on impl_published(department, division_code, implementation_code, id);
create index impl_published_name on impl_published(name_id, division_code, implementation_code, id);

-- items approved before this version
insert into impl_names (id, name)
    select gen_random_uuid(), name from (select distinct name from impl_items where status = 'approved' and approved_data is not null) d;
insert into impl_published (id, party_id, implementation_code, basic_code, name, name_id, division_code, department, item_type, data, approved_at)
    select i.id, i.party_id, i.implementation_code, i.basic_code, i.name, n.id, i.division_code, i.department, i.item_type, i.approved_data, coalesce(i.reviewed_at, i.submitted_at)
    from impl_items i join impl_names n on n.name = i.name
    where i.status = 'approved' and i.approved_data is not null;
