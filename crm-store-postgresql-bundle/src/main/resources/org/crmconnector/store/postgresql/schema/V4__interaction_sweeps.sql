-- Version 4: the sweeps' read of every tenant at once, and the owed screen pops.

-- The owed-pop and timeout sweeps of each node read, in one query for all tenants, the rows in a few
-- states untouched since a cut-off (state = ANY (...) AND touched < ...). The primary key leads with
-- the tenant and the tombstone index holds finished rows only, so without this index that query reads
-- the whole table every few seconds. Built inside the migration's transaction (CONCURRENTLY cannot be):
-- writes to the table wait for the build, which is short on a table of live calls and recent tombstones.
CREATE INDEX crm_interactions_state_touched ON crm_interactions (state, touched);

-- Since when an interaction's screen pop is owed to its agent (null: none is), written with every change
-- of the row. The sweep for lost pops reads only the rows owing one, through the partial index, instead
-- of every offered and accepted call with its data. Nodes of earlier versions neither write nor read it.
ALTER TABLE crm_interactions ADD COLUMN pop_owed_since timestamptz;
-- Rows written before this version keep the time inside their data (the JSON field popOwedSince): moved
-- into the column, so a pop owed at the upgrade is still redone. Only rows naming the field are parsed.
UPDATE crm_interactions SET pop_owed_since = (convert_from(data, 'UTF8')::jsonb ->> 'popOwedSince')::timestamptz
    WHERE data IS NOT NULL AND position('"popOwedSince"'::bytea IN data) > 0;
CREATE INDEX crm_interactions_owed_pops ON crm_interactions (pop_owed_since) WHERE pop_owed_since IS NOT NULL;
