-- Roll-ups are merged from the points a batch stores (0010's scratch table of
-- touched buckets is no longer used).
drop table ops_dirty;
