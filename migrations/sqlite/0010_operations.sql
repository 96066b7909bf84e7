-- Operations management (R-6.7): what parties' operations systems report —
-- resources of the five categories and their sub-resources, performance
-- series (raw points, 5-minute and 1-hour roll-ups), alarms de-duplicated by
-- fingerprint, co-operation tickets, and the reporting operations nodes.
create table ops_nodes (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    node_id text not null,
    name text not null,
    version text not null,
    interval_seconds integer not null,
    last_seen_at text not null,
    created_at text not null,
    unique (party_id, node_id)
);

create table ops_resources (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    resource_id text not null,
    category text not null,
    kind text not null,
    name text not null,
    address text not null,
    attributes text not null,
    created_at text not null,
    updated_at text not null,
    unique (party_id, resource_id)
);
create index ops_resources_category on ops_resources(category, party_id, name);

create table ops_sub_resources (
    id blob primary key not null,
    resource_id blob not null references ops_resources(id),
    sub_id text not null,
    kind text not null,
    name text not null,
    attributes text not null,
    updated_at text not null,
    unique (resource_id, sub_id)
);

-- one series per (resource, sub-resource or '', metric)
create table ops_series (
    id integer primary key autoincrement,
    party_id blob not null,
    resource_id blob not null references ops_resources(id),
    sub_key text not null,
    metric text not null,
    unit text not null,
    unique (resource_id, sub_key, metric)
);

-- raw points: epoch seconds; a resent point changes nothing
create table ops_points (
    series_id integer not null,
    ts integer not null,
    value real not null,
    primary key (series_id, ts)
) without rowid;

-- buckets touched by ingestion, rolled up by the background job
create table ops_dirty (
    series_id integer not null,
    bucket integer not null,
    primary key (series_id, bucket)
) without rowid;

-- resolution 300 (5 minutes) or 3600 (1 hour)
create table ops_rollups (
    series_id integer not null,
    resolution integer not null,
    bucket integer not null,
    min real not null,
    max real not null,
    sum real not null,
    count integer not null,
    primary key (series_id, resolution, bucket)
) without rowid;

create table ops_alarms (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    fingerprint text not null,
    resource_id blob references ops_resources(id),
    severity integer not null,
    title text not null,
    detail text not null,
    state text not null,
    raised_at text not null,
    last_seen_at text not null,
    occurrences integer not null,
    ack_by text,
    ack_message text,
    ack_at text,
    resolved_by text,
    resolved_at text,
    suppressed_until text
);
-- one open alarm per fingerprint: a repeated report updates it
create unique index ops_alarms_open on ops_alarms(party_id, fingerprint) where state <> 'resolved';
create index ops_alarms_state on ops_alarms(state, severity, last_seen_at);

create table ops_tickets (
    id blob primary key not null,
    party_id blob not null references access_parties(id),
    number text not null unique,
    title text not null,
    description text not null,
    resource_id blob references ops_resources(id),
    alarm_id blob references ops_alarms(id),
    state text not null,
    opened_by text not null,
    opened_side text not null,
    created_at text not null,
    updated_at text not null
);
create index ops_tickets_state on ops_tickets(state, updated_at);

create table ops_ticket_messages (
    id blob primary key not null,
    ticket_id blob not null references ops_tickets(id),
    author text not null,
    body text not null,
    at text not null
);
create index ops_ticket_messages_ticket on ops_ticket_messages(ticket_id, at);
