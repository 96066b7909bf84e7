-- The basic catalog (基本目录, R-6.2.a): the published state of each item
-- with the version that last changed it, the drafts waiting to be published,
-- and the versions.
create table catalog_items (
    basic_code text primary key not null,
    data text not null,
    name text not null,
    item_type text not null,
    department text not null,
    retired boolean not null,
    version integer not null,
    updated_at text not null
);
-- increments: everything changed after a version, in code order
create index catalog_items_version on catalog_items(version, basic_code);
create index catalog_items_type on catalog_items(item_type, basic_code);

create table catalog_drafts (
    basic_code text primary key not null,
    kind text not null,
    data text not null,
    reason text not null,
    updated_by text not null,
    updated_at text not null
);

create table catalog_versions (
    version integer primary key not null,
    published_at text not null,
    published_by text not null,
    note text not null,
    changes integer not null
);
