-- Issue #14.2: every audit record carries a keyed MAC (HMAC-SM3 over its
-- hash, with a key kept outside the database), and so does the chain head.
-- Records written before this migration have none: they are verified by
-- their hashes only, and `keyed_from` (covered by the head's MAC) says where
-- the keyed records begin.
alter table audit_log add column mac text not null default '';
alter table audit_head add column mac text not null default '';
alter table audit_head add column keyed_from bigint not null default 1;
update audit_head set keyed_from = seq + 1;
