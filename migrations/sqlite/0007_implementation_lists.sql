-- Implementation lists (实施清单, R-6.2.c) reported by parties: the record as
-- last submitted, the one last approved (for the reviewer's diff), and the
-- review outcome.
create table impl_items (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    implementation_code text not null,
    basic_code text not null,
    name text not null,
    division_code text not null,
    department text not null,
    item_type text not null,
    status text not null,
    data text not null,
    approved_data text,
    comment text,
    reviewed_by text,
    reviewed_at text,
    submitted_at text not null,
    unique (party_id, implementation_code)
);
create index impl_items_status on impl_items(status, party_id, implementation_code);
create index impl_items_division on impl_items(division_code, implementation_code);
create index impl_items_type on impl_items(item_type, implementation_code);
