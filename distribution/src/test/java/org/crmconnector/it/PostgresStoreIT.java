package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.testing.postgres.PostgresExtension;
import org.crmconnector.testing.postgres.PostgresServer;
import org.crmconnector.testing.postgres.PostgresUnavailableException;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 13: a server switched to PostgreSQL by its framework properties alone
 * ({@code crm.store=postgresql} and the {@code crm.store.postgresql.*}
 * connection, as bin/crm-connector writes them), with the bundles the
 * distribution ships in bundle/. It takes a call end to end into the CRM; a
 * live call survives a full framework restart; and the interaction and
 * outbox live in the database, not in the embedded files, which are never
 * created: the embedded stores are not even registered on such a node, so no
 * request can land in them while the tenants' files arrive from deploy/.
 * Launched like {@link FrameworkRestartIT}, for the restart.
 */
public class PostgresStoreIT {

    private static final String TENANT = "pgstore";
    private static final String KEY = "pgstore-key-0123456789";
    private static final String INSTANCE = "pgstore-crm";
    private static final String AGENT = "agent-7";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private FelixServer server;
    private RecordingCrm crm;
    private PostgresServer postgres;

    @After
    public void stopEverything() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (crm != null) {
            crm.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    public void aServerOnPostgresTakesACallEndToEndAndKeepsALiveCallThroughARestart() throws Exception {
        try {
            postgres = PostgresServer.start();
        } catch (PostgresUnavailableException e) {
            if (Boolean.getBoolean(PostgresExtension.REQUIRED_PROPERTY)) {
                throw e;
            }
            Assume.assumeNoException("PostgreSQL tests skipped: " + e.getMessage(), e);
        }
        String database = postgres.createDatabase("crm_it");
        crm = RecordingCrm.start();
        Path work = ServerOptions.newWorkDir();
        server = new FelixServer(work, ServerOptions.freePort(), Map.of("crm.store", "postgresql",
                "crm.store.postgresql.url", postgres.jdbcUrl(database), "crm.store.postgresql.user",
                PostgresServer.USER, "crm.store.postgresql.pool.size", "4"));
        server.deploy("org.crmconnector.crm.genericrest-" + INSTANCE + ".config",
                RecordingCrm.configFile(crm.adapterConfiguration(INSTANCE)));
        server.deploy("org.crmconnector.tenant-" + TENANT + ".config",
                RecordingCrm.configFile(RecordingCrm.tenantConfiguration(TENANT, INSTANCE, KEY)));
        server.start(true);
        ConnectorClient api = new ConnectorClient(server.baseUrl(), TENANT, KEY);
        api.awaitServed(WAIT);

        // a whole call: offered, accepted, ended, wrapped up; its log reaches the CRM once
        api.softphone("incomingCall", json("conversationId", "pg-call-1", "agentId", AGENT, "callerANI", "+4930123"));
        api.softphone("callAccepted", json("conversationId", "pg-call-1", "agentId", AGENT));
        api.softphone("callEnded", json("conversationId", "pg-call-1", "agentId", AGENT, "duration", 42,
                "callType", "inbound"));
        api.softphone("callNotesSubmitted", json("conversationId", "pg-call-1", "agentId", AGENT,
                "disposition", "Resolved", "notes", "on PostgreSQL"));
        RecordingCrm.Activity logged = ConnectorClient.awaitValue(() -> "CRM requests: " + crm.requests,
                "the call's log reaches the CRM", () -> {
                    RecordingCrm.Activity a = crm.onlyActivityFor("pg-call-1");
                    return a != null && "Resolved".equals(a.field("disposition")) ? a : null;
                });
        assertEquals(logged.toString(), "on PostgreSQL", logged.field("notes"));
        assertEquals("FINISHED", postgres.psql(database,
                "SELECT state FROM crm_interactions WHERE tenant_id = '" + TENANT + "' AND interaction_id = 'pg-call-1'"));

        // a live call, then a full restart of the framework
        api.softphone("incomingCall", json("conversationId", "pg-call-2", "agentId", AGENT, "callerANI", "+4930999"));
        api.softphone("callAccepted", json("conversationId", "pg-call-2", "agentId", AGENT));
        JsonNode before = api.tenantGet("interactions/pg-call-2").json();
        assertEquals("ACCEPTED", postgres.psql(database,
                "SELECT state FROM crm_interactions WHERE interaction_id = 'pg-call-2'"));
        server.stop();
        server.start(false);
        api.awaitServed(WAIT);
        assertEquals("the live call after the restart is the one from before", before,
                api.tenantGet("interactions/pg-call-2").json());
        api.softphone("callEnded", json("conversationId", "pg-call-2", "agentId", AGENT, "duration", 5,
                "callType", "inbound"));
        api.softphone("callNotesSubmitted", json("conversationId", "pg-call-2", "agentId", AGENT,
                "disposition", "Callback", "notes", ""));
        ConnectorClient.awaitValue(() -> "CRM requests: " + crm.requests, "the second call's log reaches the CRM",
                () -> {
                    RecordingCrm.Activity a = crm.onlyActivityFor("pg-call-2");
                    return a != null && "Callback".equals(a.field("disposition")) ? a : null;
                });
        ConnectorClient.await("the outbox is empty", WAIT, () -> api.delivery().path("pending").asInt() == 0);
        assertEquals(1, crm.activitiesFor("pg-call-1").size());
        assertEquals(1, crm.activitiesFor("pg-call-2").size());
        assertEquals("0", postgres.psql(database, "SELECT count(*) FROM crm_outbox_items"));
        assertFalse("the embedded interaction store was never opened",
                Files.exists(work.resolve("data/interactions/interactions.mv.db")));
        assertFalse("the embedded outbox store was never opened", Files.exists(work.resolve("data/outbox/outbox.mv.db")));
    }


    private static String json(Object... kv) throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ConnectorClient.JSON.writeValueAsString(m);
    }
}
