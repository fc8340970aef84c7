-- Version 1: the interaction store and the outbox store.

-- One row per tenant and interaction: live with its data, or a tombstone (data null) of a finished one.
-- Every change of a row happens under its row lock (SELECT ... FOR UPDATE) and bumps the version, so
-- changes of one interaction from different nodes are serialised, never lost.
CREATE TABLE crm_interactions (
    tenant_id       text        NOT NULL,
    interaction_id  text        NOT NULL,
    state           text        NOT NULL,
    touched         timestamptz NOT NULL,
    data            bytea,
    version         bigint      NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, interaction_id)
);
-- the sweep of tombstones past their grace period
CREATE INDEX crm_interactions_tombstones ON crm_interactions (touched) WHERE data IS NULL;

-- Outbox items. Claimed with SELECT ... FOR UPDATE SKIP LOCKED inside a transaction, under a lease
-- (lease_owner, lease_expiry) that lapses by itself when a node dies. may_have_reached: a node claimed
-- it and did not hand it back unsent, so it is never superseded.
CREATE TABLE crm_outbox_items (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        text        NOT NULL,
    kind             text        NOT NULL,
    ordering_key     text        NOT NULL,
    payload          text        NOT NULL,
    status           text        NOT NULL DEFAULT 'PENDING',
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    last_error       text,
    lease_owner      text,
    lease_expiry     timestamptz,
    may_have_reached boolean     NOT NULL DEFAULT false
);
-- claims: a tenant's pending items in id order
CREATE INDEX crm_outbox_items_pending ON crm_outbox_items (tenant_id, id) WHERE status = 'PENDING';
-- per-key order and superseding: the pending items of one key
CREATE INDEX crm_outbox_items_key ON crm_outbox_items (tenant_id, ordering_key, id) WHERE status = 'PENDING';
-- a node handing back all its leases
CREATE INDEX crm_outbox_items_lease ON crm_outbox_items (lease_owner) WHERE lease_owner IS NOT NULL;

-- The CRM record a delivery wrote for an interaction key, so later deliveries update it.
CREATE TABLE crm_outbox_record_refs (
    tenant_id    text        NOT NULL,
    ordering_key text        NOT NULL,
    record_type  text,
    record_id    text,
    record_url   text,
    saved_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, ordering_key)
);
CREATE INDEX crm_outbox_record_refs_saved ON crm_outbox_record_refs (saved_at);
