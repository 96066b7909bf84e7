-- Reported basic catalogs (R-6.2.b): each party's own catalog items, checked
-- against the target's basic catalog and reviewed like implementation lists.
create table reported_catalog (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    basic_code text not null,
    name text not null,
    department text not null,
    item_type text not null,
    status text not null,
    data text not null,
    approved_data text,
    comment text,
    reviewed_by text,
    reviewed_at text,
    submitted_at text not null,
    unique (party_id, basic_code)
);
create index reported_catalog_status on reported_catalog(status, party_id, basic_code);

-- Published implementation lists (the approved version of each item), searched
-- by region, department, item type and name. The page order is (division,
-- implementation code, id); each filter has an index that yields that order,
-- so keyset pages read only the rows they show.
create table impl_published (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    implementation_code text not null,
    basic_code text not null,
    name text not null,
    division_code text not null,
    department text not null,
    item_type text not null,
    data text not null,
    approved_at text not null,
    unique (party_id, implementation_code)
);
create index impl_published_order on impl_published(division_code, implementation_code, id);
create index impl_published_type on impl_published(item_type, division_code, implementation_code, id);
create index impl_published_department on impl_published(department, division_code, implementation_code, id);

insert into impl_published (id, party_id, implementation_code, basic_code, name, division_code, department, item_type, data, approved_at)
    select id, party_id, implementation_code, basic_code, name, division_code, department, item_type, approved_data, coalesce(reviewed_at, submitted_at)
    from impl_items where status = 'approved' and approved_data is not null;
