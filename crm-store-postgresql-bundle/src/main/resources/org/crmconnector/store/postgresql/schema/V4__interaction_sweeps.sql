-- Version 4: the sweeps' read of every tenant at once.

-- The owed-pop and timeout sweeps of each node read, in one query for all tenants, the rows in a few
-- states untouched since a cut-off (state = ANY (...) AND touched < ...). The primary key leads with
-- the tenant and the tombstone index holds finished rows only, so without this index that query reads
-- the whole table every few seconds. Built inside the migration's transaction (CONCURRENTLY cannot be):
-- writes to the table wait for the build, which is short on a table of live calls and recent tombstones.
CREATE INDEX crm_interactions_state_touched ON crm_interactions (state, touched);
