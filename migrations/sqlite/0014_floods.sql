-- Issue #14.5: sign-ins under unknown usernames are counted per source address
-- and 15-minute window; only the first of each window goes into the audit
-- chain (with a pointer here), so a flood cannot grow the permanent chain.
create table anonymous_failures (
    source_ip text not null,
    window_start bigint not null,
    attempts bigint not null,
    last_username text not null,
    primary key (source_ip, window_start)
);
create index api_calls_at_purge on api_calls(at);
