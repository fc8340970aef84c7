-- Tenant and adapter configurations shared by the nodes of a cluster (package config): one row per
-- configuration, keyed by an identity that is the same on every node (factory PID ~ name), holding its
-- newest properties as typed JSON. A deletion stays as a tombstone, so a node that was away deletes its
-- copy too. version orders every change cluster-wide: writers take an advisory lock before drawing it,
-- so versions become visible in order and a node that has read version n has read every change up to n.
CREATE SEQUENCE crm_configuration_version;
CREATE TABLE crm_configurations (
    identity    text PRIMARY KEY,
    factory_pid text NOT NULL,
    name        text NOT NULL,
    properties  text NOT NULL,
    deleted     boolean NOT NULL DEFAULT false,
    version     bigint NOT NULL,
    origin      text NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX crm_configurations_version ON crm_configurations (version);
