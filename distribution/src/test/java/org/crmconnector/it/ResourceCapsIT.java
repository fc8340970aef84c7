package org.crmconnector.it;

import static org.crmconnector.it.Api.map;
import static org.crmconnector.it.Api.tenantPath;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one tenant key can make the server hold is bounded (issue 12, item 2):
 * CAVs and CRM objects per interaction, agents with stream state per tenant,
 * open streams per agent and per tenant. Past a cap the answer is a JSON 4xx
 * naming it, and nothing changes. Each test has a tenant of its own, since the
 * caps count per tenant. Also: a made-up route adds no metrics series.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResourceCapsIT extends PreparedServer {

    static final String INTERACTIONS = "caps-i";
    static final String AGENTS = "caps-a";
    static final String STREAMS = "caps-s";
    static final String KEY = "caps-key-8d41b7e0c95a";
    static final Duration WAIT = Duration.ofSeconds(10);

    @Override
    protected void prepare() throws Exception {
        configure("org.crmconnector.lifecycle", "org.crmconnector.core.lifecycle.InteractionRegistry", "max.cavs", 4,
                "max.crm.objects", 2);
        // keep-alives every second, so a stream the client closed is noticed (and its place given back) at once
        configure("org.crmconnector.agentchannel", "org.crmconnector.core.agent.AgentStreams", "max.agents.per.tenant", 3,
                "max.streams.per.agent", 2, "max.streams.per.tenant", 3, "keepalive.seconds", 1);
        for (String tenant : List.of(INTERACTIONS, AGENTS, STREAMS)) {
            api.createTenant(configAdmin, tenant, KEY, Map.of());
        }
        api.allowScrapes(configAdmin);
    }

    /** Sets the configuration and waits until the component's service carries it. */
    private void configure(String pid, String service, Object... kv) throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        StringBuilder filter = new StringBuilder("(&(objectClass=" + service + ")");
        for (int i = 0; i < kv.length; i += 2) {
            props.put((String) kv[i], kv[i + 1]);
            filter.append('(').append(kv[i]).append('=').append(kv[i + 1]).append(')');
        }
        configAdmin.getConfiguration(pid, "?").update(props);
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter(filter + ")"), null);
        tracker.open();
        try {
            assertTrue(pid + " is in force", tracker.waitForService(30_000) != null);
        } finally {
            tracker.close();
        }
    }

    private String incoming(String tenant, String conversationId, String agent) {
        api.post(tenantPath(tenant, "softphone/incomingCall"), KEY, map("conversationId", conversationId,
                "callerANI", "+15551230000", "agentId", agent)).expect(200);
        return conversationId;
    }

    private static List<Map<String, Object>> cavs(String... ids) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : ids) {
            list.add(map("id", id, "value", "v-" + id));
        }
        return list;
    }

    @Test
    public void cavsPerInteractionAreCapped() {
        String id = incoming(INTERACTIONS, "cap-cav", "cap-agent-1");
        String path = tenantPath(INTERACTIONS, "interactions/" + id + "/cavs");
        api.put(path, KEY, map("cavList", cavs("1", "2", "3"))).expect(200);
        String before = api.get(tenantPath(INTERACTIONS, "interactions/" + id), KEY).expect(200).body();
        Api.Resp refused = api.put(path, KEY, map("cavList", cavs("1", "4", "5"))).expectError(409, "TOO_MANY_CAVS");
        assertTrue(refused.body(), refused.body().contains("max.cavs"));
        assertEquals("nothing changed, not even the CAV that was there", before,
                api.get(tenantPath(INTERACTIONS, "interactions/" + id), KEY).expect(200).body());
        api.put(path, KEY, map("cavList", cavs("4"))).expect(200);
        api.put(path, KEY, map("cavList", cavs("1", "2"))).expect(200); // new values, no new CAV
        assertEquals(4, api.get(path, KEY).expect(200).json().size());
        // an interaction event's CAVs count the same
        api.post(tenantPath(INTERACTIONS, "interaction-events/chatOffered"), KEY, map("interactionId", "cap-chat",
                "agentId", "cap-agent-1", "cavs", cavs("a", "b", "c", "d", "e"))).expectError(409, "TOO_MANY_CAVS");
        api.get(tenantPath(INTERACTIONS, "interactions/cap-chat"), KEY).expectError(404, "INTERACTION_NOT_FOUND");
    }

    @Test
    public void crmObjectsPerInteractionAreCapped() {
        String id = incoming(INTERACTIONS, "cap-obj", "cap-agent-1");
        String visited = tenantPath(INTERACTIONS, "interactions/" + id + "/visited");
        for (String objectId : List.of("c-1", "c-2")) {
            api.post(visited, KEY, map("crmObject", map("id", objectId, "label", "Contact", "isWho", true))).expect(200);
        }
        String before = api.get(tenantPath(INTERACTIONS, "interactions/" + id), KEY).expect(200).body();
        Api.Resp refused = api.post(visited, KEY, map("crmObject", map("id", "c-3", "label", "Contact", "isWho", true)))
                .expectError(409, "TOO_MANY_CRM_OBJECTS");
        assertTrue(refused.body(), refused.body().contains("max.crm.objects"));
        assertEquals(before, api.get(tenantPath(INTERACTIONS, "interactions/" + id), KEY).expect(200).body());
        // visiting one it has again is no growth
        api.post(visited, KEY, map("crmObject", map("id", "c-1", "label", "Contact", "isWho", true))).expect(200);
        assertEquals(2, api.get(tenantPath(INTERACTIONS, "interactions/" + id + "/name-objects"), KEY).expect(200)
                .json().size());
    }

    @Test
    public void agentsPerTenantAreCapped() throws Exception {
        for (String agent : List.of("ag-1", "ag-2", "ag-3")) {
            api.post(tenantPath(AGENTS, "agents/" + agent + "/presence"), KEY, map("softphoneId", "s")).expect(202);
        }
        Api.Resp refused = api.post(tenantPath(AGENTS, "agents/zz-made-up-4/presence"), KEY, map("softphoneId", "s"))
                .expectError(429, "TOO_MANY_AGENTS");
        assertTrue(refused.body(), refused.body().contains("max.agents.per.tenant"));
        api.post(tenantPath(AGENTS, "click2dial"), KEY, map("agentId", "zz-made-up-5", "click2DialData",
                map("clickToDialNumber", "+15550001111"))).expectError(429, "TOO_MANY_AGENTS");
        api.post(tenantPath(AGENTS, "softphone/statusChanged"), KEY, map("agentId", "zz-made-up-6", "softphoneId", "s"))
                .expectError(429, "TOO_MANY_AGENTS");
        stream(tenantPath(AGENTS, "agents/zz-made-up-7/events")).expectError(429, "TOO_MANY_AGENTS");
        // the tenant's agents go on, with both their streams' kinds
        api.post(tenantPath(AGENTS, "click2dial"), KEY, map("agentId", "ag-1", "click2DialData",
                map("clickToDialNumber", "+15550001111", "crmObject", map("id", "1", "isWho", true)))).expect(202);
        // a call for one more agent is taken: its pop, which nobody can be listening for, is dropped
        incoming(AGENTS, "cap-agents-call", "zz-made-up-8");
        assertEquals("OFFERED", api.get(tenantPath(AGENTS, "interactions/cap-agents-call"), KEY).expect(200).json()
                .path("state").asText());
    }

    @Test
    public void streamsPerAgentAndPerTenantAreCapped() throws Exception {
        String events = api.base + tenantPath(STREAMS, "agents/st-1/events");
        try (Sse first = open(events); Sse second = open(api.base + tenantPath(STREAMS, "softphone/callbacks?agentId=st-1"))) {
            Api.Resp perAgent = stream(tenantPath(STREAMS, "agents/st-1/events")).expectError(429, "TOO_MANY_STREAMS");
            assertTrue(perAgent.body(), perAgent.body().contains("max.streams.per.agent"));
            try (Sse third = open(api.base + tenantPath(STREAMS, "agents/st-2/events"))) {
                Api.Resp perTenant = stream(tenantPath(STREAMS, "agents/st-3/events")).expectError(429, "TOO_MANY_STREAMS");
                assertTrue(perTenant.body(), perTenant.body().contains("max.streams.per.tenant"));
            }
            // a closed stream gives its place back (noticed at the next keep-alive)
            Api.awaitTrue("st-2's place is free again", WAIT, () -> {
                try (Sse again = Sse.open(api.http, api.base + tenantPath(STREAMS, "agents/st-3/events"), KEY, null)) {
                    return again.status == 200;
                }
            });
        }
    }

    /**
     * A stream request that should be refused: its answer, read only when it is
     * not a stream, so a stream that opens fails the test instead of hanging it.
     */
    private Api.Resp stream(String path) throws Exception {
        HttpResponse<InputStream> r = api.http.sendAsync(api.request(path, KEY).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
        try (InputStream body = r.body()) {
            return r.statusCode() == 200 ? new Api.Resp(200, "(a stream that opened)", r.headers())
                    : new Api.Resp(r.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8), r.headers());
        }
    }

    private Sse open(String url) {
        Sse s = Sse.open(api.http, url, KEY, null);
        assertEquals(200, s.status);
        assertEquals("connected", s.next(WAIT).comment());
        return s;
    }

    @Test
    public void aMadeUpRouteAddsNoMetricsSeries() {
        api.get(tenantPath(INTERACTIONS, "zz-route-1"), KEY).expectError(404, "NOT_FOUND");
        api.get(tenantPath(INTERACTIONS, "zz-route-2/deeper"), KEY).expectError(404, "NOT_FOUND");
        String metrics = api.get("/metrics", Api.SCRAPE_TOKEN).expect(200).body();
        assertFalse(metrics, metrics.contains("zz-route"));
        assertTrue(metrics, metrics.contains("route=\"unknown\""));
        JsonNode health = api.get("/health", null).expect(200).json();
        assertEquals("UP", health.path("status").asText());
    }
}
