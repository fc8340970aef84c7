-- Version 3: the agent event bus shared by the nodes.

-- One row per agent event stream (tenant, agent, stream): its id counter, and when it was last used.
-- A publish bumps last_id and inserts the event in one statement, so the row lock orders the publishes
-- of a topic on every node: ids are gapless, and id n commits before id n + 1 can be taken.
-- topic_key, not the three names, goes into the NOTIFY payload and the events table; a topic forgotten
-- (idle past the retention, no events left) and made again gets a new key, so a stale id never matches.
CREATE TABLE crm_agent_topics (
    topic_key   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text        NOT NULL,
    agent_id    text        NOT NULL,
    stream      text        NOT NULL,
    last_id     bigint      NOT NULL DEFAULT 0,
    last_active timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, agent_id, stream)
);
-- the sweep of idle topics
CREATE INDEX crm_agent_topics_idle ON crm_agent_topics (last_active);

-- The events, kept for the retention time so a stream resumed on any node (Last-Event-ID) gets what it
-- missed. No foreign key: a topic row is deleted only when it has no events left.
CREATE TABLE crm_agent_events (
    topic_key  bigint      NOT NULL,
    id         bigint      NOT NULL,
    name       text        NOT NULL,
    data       bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic_key, id)
);
-- the retention sweep
CREATE INDEX crm_agent_events_created ON crm_agent_events (created_at);
