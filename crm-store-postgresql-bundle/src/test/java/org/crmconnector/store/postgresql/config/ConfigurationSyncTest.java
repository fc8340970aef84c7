package org.crmconnector.store.postgresql.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import org.crmconnector.store.postgresql.datasource.PooledDatabase;
import org.crmconnector.store.postgresql.datasource.TestDatabases;
import org.crmconnector.store.postgresql.schema.SchemaMigrations;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.crmconnector.testing.postgres.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.cm.Configuration;

/**
 * Nodes, each a Config Admin of its own, sharing one real PostgreSQL: what
 * one node's console, deploy/ folder or API changes is what every other node
 * has after its next poll, whatever PIDs the copies have locally.
 */
@ExtendWith(PostgresExtension.class)
class ConfigurationSyncTest {

    private static final String TENANT = "org.crmconnector.tenant";
    private static final String GENERIC_REST = "org.crmconnector.crm.genericrest";

    private PostgresServer server;
    private String database;
    private final List<PooledDatabase> pools = new ArrayList<>();

    @BeforeEach
    void freshDatabase(PostgresServer server) throws Exception {
        this.server = server;
        this.database = server.createDatabase("configurations");
        try (PooledDatabase db = TestDatabases.on(server, database, 1); Connection c = db.openDedicated()) {
            SchemaMigrations.migrate(c);
        }
    }

    @AfterEach
    void closePools() {
        pools.forEach(PooledDatabase::close);
    }

    @Test
    void aTenantCreatedInOneNodesConsoleIsOnTheOtherNodeWithItsTypesAndSecretsButNotItsFile() throws Exception {
        Node a = node("a");
        Node b = node("b");
        a.settle();
        b.settle();
        Configuration created = a.admin.createFactoryConfiguration(TENANT, null);
        created.update(tenant("acme", "sf-acme", "file:/srv/a/deploy/org.crmconnector.tenant-acme.config"));
        a.settle();
        b.settle();

        String copy = only(b.admin.pids());
        assertEquals(TENANT + "~" + created.getPid().substring(TENANT.length() + 1), copy,
                "made on the other node under a name derived from the stable identity");
        Dictionary<String, Object> replicated = b.admin.properties(copy);
        assertEquals("acme", replicated.get("tenant.id"));
        assertArrayEquals(new String[] {"hash-1", "hash-2"}, (String[]) replicated.get("api.key.hashes"));
        assertEquals(500L, replicated.get("max.live.interactions"));
        assertEquals(Boolean.TRUE, replicated.get("enabled"));
        assertEquals(List.of(7, 8), replicated.get("retry.codes"));
        assertArrayEquals(new int[] {1, 2}, (int[]) replicated.get("weights"));
        assertEquals("s3cret-value", replicated.get("client.secret"), "secrets are replicated as stored");
        assertNull(replicated.get("felix.fileinstall.filename"), "FileInstall of the other node must not write it");

        long version = version();
        a.settle();
        b.settle();
        a.settle();
        assertEquals(version, version(), "applying a change is not published again by the node applying it");
    }

    @Test
    void aChangeOnTheOtherNodeReachesTheOriginalCopyWhichKeepsItsFile() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Configuration original = a.admin.getFactoryConfiguration(TENANT, "acme", "?");
        original.update(tenant("acme", "sf-acme", "file:/srv/a/deploy/org.crmconnector.tenant-acme.config"));
        a.settle();
        b.settle();

        Dictionary<String, Object> edited = b.admin.properties(TENANT + "~acme");
        edited.put("adapter.instance", "sf-other");
        b.admin.getFactoryConfiguration(TENANT, "acme", "?").update(edited);
        b.settle();
        a.settle();

        Dictionary<String, Object> onA = a.admin.properties(TENANT + "~acme");
        assertEquals("sf-other", onA.get("adapter.instance"));
        assertEquals("file:/srv/a/deploy/org.crmconnector.tenant-acme.config", onA.get("felix.fileinstall.filename"),
                "FileInstall writes the change into the node's own file");
        assertEquals(Set.of(TENANT + "~acme"), a.admin.pids());
    }

    @Test
    void aDeletionReachesEveryNodeAndANodeJoiningLaterGetsTheRestOnly() throws Exception {
        Node a = node("a");
        Node b = node("b");
        a.admin.createFactoryConfiguration(TENANT, null).update(tenant("acme", "sf-acme", null));
        a.admin.getFactoryConfiguration(GENERIC_REST, "hub", "?").update(adapter("https://hub.example.com"));
        a.settle();
        b.settle();
        assertEquals(2, b.admin.pids().size());

        Configuration onB = b.admin.listConfigurations("(tenant.id=acme)")[0];
        onB.delete();
        b.settle();
        a.settle();
        assertNull(a.admin.listConfigurations("(tenant.id=acme)"), "deleted on the node that created it");

        Node c = node("c");
        c.settle();
        assertEquals(Set.of(GENERIC_REST + "~hub"), c.admin.pids());
        assertEquals("https://hub.example.com", c.admin.properties(GENERIC_REST + "~hub").get("base.url"));
    }

    @Test
    void theFirstNodeOnAnEmptyDatabasePublishesItsOwnAndAJoiningNodeTakesTheTable() throws Exception {
        Node a = node("a");
        a.admin.getFactoryConfiguration(TENANT, "demo", "?").update(tenant("demo", "first", null));
        a.admin.events.clear(); // there before the node started: the start finds them
        a.settle();

        Node b = node("b");
        b.admin.getFactoryConfiguration(TENANT, "demo", "?").update(tenant("demo", "stale", null));
        b.admin.getFactoryConfiguration(TENANT, "only-b", "?").update(tenant("only-b", "b", null));
        b.admin.events.clear();
        b.settle();
        a.settle();

        assertEquals("first", b.admin.properties(TENANT + "~demo").get("adapter.instance"),
                "the table wins for a configuration it knows");
        assertEquals("b", a.admin.properties(TENANT + "~only-b").get("adapter.instance"),
                "what the table does not know is published");
    }

    @Test
    void changesMadeOnTwoNodesAtOnceEndAsTheLastCommittedOnEveryNode() throws Exception {
        Node a = node("a");
        Node b = node("b");
        a.admin.getFactoryConfiguration(TENANT, "acme", "?").update(tenant("acme", "start", null));
        a.settle();
        b.settle();

        Dictionary<String, Object> fromA = a.admin.properties(TENANT + "~acme");
        fromA.put("adapter.instance", "from-a");
        a.admin.getFactoryConfiguration(TENANT, "acme", "?").update(fromA);
        Dictionary<String, Object> fromB = b.admin.properties(TENANT + "~acme");
        fromB.put("adapter.instance", "from-b");
        b.admin.getFactoryConfiguration(TENANT, "acme", "?").update(fromB);
        a.publishOnly();
        b.publishOnly(); // commits second
        a.settle();
        b.settle();

        assertEquals("from-b", a.admin.properties(TENANT + "~acme").get("adapter.instance"));
        assertEquals("from-b", b.admin.properties(TENANT + "~acme").get("adapter.instance"));
    }

    @Test
    void onlyTenantsAndAdapterInstancesAreShared() throws Exception {
        Node a = node("a");
        a.settle();
        a.admin.getConfiguration("org.crmconnector.node").update(new Hashtable<>(java.util.Map.of("node.id", "a")));
        a.admin.getFactoryConfiguration("org.apache.felix.http", "tls", "?")
                .update(new Hashtable<>(java.util.Map.of("org.osgi.service.http.port.secure", 8443)));
        a.admin.getFactoryConfiguration("org.crmconnector.crm.salesforce", "sf", "?")
                .update(adapter("https://login.salesforce.com"));
        a.settle();

        assertEquals("org.crmconnector.crm.salesforce~sf",
                server.psql(database, "SELECT string_agg(identity, ',') FROM crm_configurations"));
    }

    private long version() throws Exception {
        return Long.parseLong(server.psql(database, "SELECT coalesce(max(version), 0) FROM crm_configurations"));
    }

    private Node node(String name) throws Exception {
        PooledDatabase pool = TestDatabases.on(server, database, 2);
        pools.add(pool);
        return new Node(name, pool);
    }

    private static Hashtable<String, Object> tenant(String id, String instance, String file) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("tenant.id", id);
        p.put("adapter.instance", instance);
        p.put("api.key.hashes", new String[] {"hash-1", "hash-2"});
        p.put("max.live.interactions", 500L);
        p.put("enabled", true);
        p.put("retry.codes", List.of(7, 8));
        p.put("weights", new int[] {1, 2});
        p.put("client.secret", "s3cret-value");
        if (file != null) {
            p.put("felix.fileinstall.filename", file);
        }
        return p;
    }

    private static Hashtable<String, Object> adapter(String url) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("base.url", url);
        p.put("client.secret", "$[secret:crm-client]");
        return p;
    }

    private static String only(Set<String> pids) {
        assertEquals(1, pids.size(), pids.toString());
        return pids.iterator().next();
    }

    /** A node: its Config Admin and what ConfigurationReplicator runs on its one thread. */
    private static final class Node {
        final FakeConfigurationAdmin admin = new FakeConfigurationAdmin();
        final ConfigurationSync sync;

        Node(String name, PooledDatabase database) {
            this.sync = new ConfigurationSync(admin, new ReplicatedConfigurations(database.pool("configurations")),
                    ConfigurationReplicator.matcher(new String[] {TENANT, "org.crmconnector.crm.*"}), name);
        }

        /** The queued Config Admin events, then a poll, then the events the poll caused. */
        void settle() throws Exception {
            publishOnly();
            sync.poll();
            publishOnly();
        }

        void publishOnly() throws Exception {
            for (var e = admin.events.poll(); e != null; e = admin.events.poll()) {
                sync.localChanged(e.pid(), e.factoryPid(), e.deleted());
            }
        }
    }

}
