package org.crmconnector.it;

import static org.crmconnector.it.Api.map;
import static org.crmconnector.it.Api.tenantPath;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentEventBus;
import org.crmconnector.eventbus.AgentEventBusException;
import org.crmconnector.eventbus.AgentSubscription;
import org.crmconnector.eventbus.AgentTopic;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server-sent event streams over real HTTP: the softphone's callbacks
 * (greeting, start_call, update_presence) and the agent event channel
 * (screenPop, agentStatus), each reaching its own agent only; resume with
 * Last-Event-ID; keep-alives.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StreamsIT extends PreparedServer {

    private static final String T = "stream";
    private static final String KEY = "stream-key-5f1e0c2b9d";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Override
    protected void prepare() throws Exception {
        org.osgi.service.cm.Configuration channel = configAdmin.getConfiguration("org.crmconnector.agentchannel", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("keepalive.seconds", 1);
        props.put("replay.size", 64);
        channel.update(props);
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=org.crmconnector.core.agent.AgentStreams)(keepalive.seconds=1))"), null);
        tracker.open();
        try {
            assertTrue("the agent channel takes its configuration", tracker.waitForService(30_000) != null);
        } finally {
            tracker.close();
        }
        api.createTenant(configAdmin, T, KEY, map("dispositions", new String[] {"Sold", "Not interested", "Call back"},
                "partner.id", "215fd887-39be-4935-981f-2670d6afeaa7", "business.segment.id", "d6afeaa7-39be-4935-981f-2670215fd887",
                "channel.origin.id", "57053e21-0440-4689-a27a-513d7dceebde", "dial.from", "+18449401117"));
        api.createTenant(configAdmin, "other", "other-key-77aa", Map.of());
        api.allowScrapes(configAdmin);
    }

    private String url(String rest) {
        return api.base + tenantPath(T, rest);
    }

    private Sse callbacks(String agent) {
        Sse s = Sse.open(api.http, url("softphone/callbacks?agentId=" + agent), KEY, null);
        assertEquals(200, s.status);
        assertTrue(s.contentType, s.contentType.startsWith("text/event-stream"));
        // greeting: disposition then partner_config, neither numbered
        assertEquals("disposition", s.nextEvent(WAIT).name());
        assertEquals("partner_config", s.nextEvent(WAIT).name());
        return s;
    }

    private Sse agentEvents(String agent, String lastEventId) {
        Sse s = Sse.open(api.http, url("agents/" + agent + "/events"), KEY, lastEventId);
        assertEquals(200, s.status);
        assertTrue(s.contentType, s.contentType.startsWith("text/event-stream"));
        assertEquals("connected", s.next(WAIT).comment());
        return s;
    }

    /** Publishes an agentStatus event for the agent: a marker that everything published before it has been delivered. */
    private void marker(String agent, String softphoneId) {
        api.post(tenantPath(T, "softphone/statusChanged"), KEY, map("agentId", agent, "softphoneId", softphoneId)).expect(200);
    }

    private static List<String> names(List<Sse.Event> events) {
        List<String> out = new ArrayList<>();
        events.stream().filter(e -> e.name() != null).forEach(e -> out.add(e.name()));
        return out;
    }

    @Test
    public void callbacksStreamGreetsWithDispositionsAndPartnerConfig() {
        try (Sse s = Sse.open(api.http, url("softphone/callbacks?agentId=greet-1"), KEY, null)) {
            assertEquals(200, s.status);
            assertEquals("connected", s.next(WAIT).comment());
            Sse.Event disposition = s.nextEvent(WAIT);
            assertEquals("disposition", disposition.name());
            assertNull("greetings carry no id", disposition.id());
            JsonNode codes = disposition.json();
            assertTrue(codes.isArray());
            assertEquals(List.of("Sold", "Not interested", "Call back"),
                    List.of(codes.get(0).asText(), codes.get(1).asText(), codes.get(2).asText()));
            Sse.Event partner = s.nextEvent(WAIT);
            assertEquals("partner_config", partner.name());
            assertNull(partner.id());
            JsonNode pc = partner.json();
            assertEquals("215fd887-39be-4935-981f-2670d6afeaa7", pc.path("partnerId").asText());
            assertEquals("d6afeaa7-39be-4935-981f-2670215fd887", pc.path("businessSegmentId").asText());
            assertEquals("57053e21-0440-4689-a27a-513d7dceebde", pc.path("channelOriginId").asText());
        }
    }

    @Test
    public void callbacksStreamNeedsAnAgentAndAKey() {
        api.get(tenantPath(T, "softphone/callbacks"), KEY).expectError(400, "MISSING_FIELD");
        api.get(tenantPath(T, "softphone/callbacks?agentId=a"), null).expectError(401, "MISSING_CREDENTIALS");
        api.get(tenantPath(T, "softphone/callbacks?agentId=a"), "other-key-77aa").expectError(401, "BAD_CREDENTIALS");
        api.post(tenantPath(T, "softphone/callbacks?agentId=a"), KEY, map()).expectError(405, "METHOD_NOT_ALLOWED");
        api.get(tenantPath(T, "agents/a/events"), null).expectError(401, "MISSING_CREDENTIALS");
        api.get(tenantPath(T, "agents/bad%20agent/events"), KEY).expectError(400, "INVALID_FIELD");
        api.send(api.request(tenantPath(T, "agents/a/events"), KEY).header("Last-Event-ID", "yesterday").GET().build())
                .expectError(400, "INVALID_FIELD");
    }

    @Test
    public void streamsRefuseTheTenantKeyInTheQuery() {
        api.get(tenantPath(T, "agents/q-agent/events?access_token=" + KEY), null).expectError(401, "BAD_CREDENTIALS");
        api.get(tenantPath(T, "softphone/callbacks?agentId=q-agent&access_token=" + KEY), null)
                .expectError(401, "BAD_CREDENTIALS");
        api.get(tenantPath(T, "interactions?access_token=" + KEY), null).expectError(401, "BAD_CREDENTIALS");
    }

    @Test
    public void aStreamTokenOpensThatAgentsStreams() {
        JsonNode issued = api.send(tenantPath(T, "agents/tok-a/stream-tokens"), "POST", KEY, null, null).expect(200).json();
        String token = issued.path("token").asText();
        assertTrue(issued.toString(), token.length() > 40);
        assertTrue(issued.toString(), Instant.parse(issued.path("expiresAt").asText())
                .isAfter(Instant.now()));
        try (Sse events = Sse.open(api.http, url("agents/tok-a/events?access_token=" + token), null, null);
                Sse calls = Sse.open(api.http, url("softphone/callbacks?agentId=tok-a&access_token=" + token), null, null)) {
            assertEquals(200, events.status);
            assertEquals("connected", events.next(WAIT).comment());
            assertEquals(200, calls.status);
            assertEquals("disposition", calls.nextEvent(WAIT).name());
            marker("tok-a", "via-token");
            assertEquals("via-token", events.await("agentStatus", WAIT).json().path("softphoneId").asText());
            api.post(tenantPath(T, "agents/tok-a/presence"), KEY, map("softphoneId", "via-token")).expect(202);
            assertEquals("via-token", calls.await("update_presence", WAIT).json().path("softphoneId").asText());
        }
    }

    @Test
    public void aStreamTokenOpensNothingElse() {
        String token = api.send(tenantPath(T, "agents/tok-b/stream-tokens"), "POST", KEY, null, null).expect(200).json()
                .path("token").asText();
        String q = "access_token=" + token;
        // another agent's streams
        api.get(tenantPath(T, "agents/tok-other/events?" + q), null).expectError(401, "BAD_CREDENTIALS");
        api.get(tenantPath(T, "softphone/callbacks?agentId=tok-other&" + q), null).expectError(401, "BAD_CREDENTIALS");
        // the same agent on another tenant
        api.get(tenantPath("other", "agents/tok-b/events?" + q), null).expectError(401, "BAD_CREDENTIALS");
        // what only the tenant key may do: read interactions, issue tokens, touch dead letters
        api.get(tenantPath(T, "interactions?" + q), null).expectError(401, "BAD_CREDENTIALS");
        api.send(tenantPath(T, "agents/tok-b/stream-tokens?" + q), "POST", null, null, null)
                .expectError(401, "BAD_CREDENTIALS");
        api.send(tenantPath(T, "dead-letters/1?" + q), "DELETE", null, null, null).expectError(401, "BAD_CREDENTIALS");
        // nor is it a key in the header
        api.get(tenantPath(T, "agents/tok-b/events"), token).expectError(401, "BAD_CREDENTIALS");
        // a tampered token
        int i = token.indexOf('.') + 10;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
        api.get(tenantPath(T, "agents/tok-b/events?access_token=" + tampered), null).expectError(401, "BAD_CREDENTIALS");
        // issuing takes the tenant key, by POST
        api.send(tenantPath(T, "agents/tok-b/stream-tokens"), "POST", null, null, null)
                .expectError(401, "MISSING_CREDENTIALS");
        api.send(tenantPath(T, "agents/tok-b/stream-tokens"), "POST", "other-key-77aa", null, null)
                .expectError(401, "BAD_CREDENTIALS");
        api.get(tenantPath(T, "agents/tok-b/stream-tokens"), KEY).expectError(405, "METHOD_NOT_ALLOWED");
    }

    @Test
    public void click2dialStartsTheCallOnThatAgentsSoftphoneOnly() {
        try (Sse mine = callbacks("dial-a"); Sse other = callbacks("dial-b"); Sse desk = agentEvents("dial-a", null)) {
            api.post(tenantPath(T, "interactions/click2dial"), KEY, map("agentId", "dial-a", "click2DialData",
                    map("clickToDialNumber", "+18883973342", "crmObject",
                            map("id", "789", "label", "Account", "name", "Umbrella", "isWho", false, "isWhat", true))))
                    .expect(202);
            Sse.Event start = mine.await("start_call", WAIT);
            assertTrue(start.id() != null && start.id() > 0);
            JsonNode call = start.json();
            assertEquals("+18883973342", call.path("dialTo").asText());
            assertEquals("+18449401117", call.path("dialFrom").asText());
            assertEquals("Agent", call.path("participantType").asText());
            assertEquals("215fd887-39be-4935-981f-2670d6afeaa7", call.path("partnerId").asText());
            assertEquals("d6afeaa7-39be-4935-981f-2670215fd887", call.path("businessSegmentId").asText());
            assertEquals("57053e21-0440-4689-a27a-513d7dceebde", call.path("channelOriginId").asText());
            JsonNode linked = desk.await("click2dial", WAIT).json();
            assertEquals("789", linked.path("crmObject").path("id").asText());
            assertEquals("+18883973342", linked.path("dialTo").asText());

            // the other agent's stream: its own presence event comes, no start_call before it
            api.post(tenantPath(T, "agents/dial-b/presence"), KEY, map("softphoneId", "marker")).expect(202);
            other.await("update_presence", WAIT);
            assertFalse(names(other.seen).contains("start_call"));
        }
    }

    @Test
    public void presenceBecomesUpdatePresence() {
        try (Sse s = callbacks("pres-a")) {
            api.post(tenantPath(T, "agents/pres-a/presence"), KEY, map("softphoneId", "d6afeaa7-39be-4935-981f-2670215fd887"))
                    .expect(202);
            Sse.Event e = s.await("update_presence", WAIT);
            assertEquals("d6afeaa7-39be-4935-981f-2670215fd887", e.json().path("softphoneId").asText());
            assertTrue(e.id() != null);
        }
    }

    @Test
    public void screenPopReachesTheRightAgentOnly() {
        try (Sse mine = agentEvents("pop-a", null); Sse other = agentEvents("pop-b", null)) {
            api.post(tenantPath(T, "softphone/incomingCall"), KEY, map("partnerId", "p", "conversationId", "pop-conv-1",
                    "callerANI", "+15557654321", "agentId", "pop-a")).expect(200);
            Sse.Event pop = mine.await("screenPop", WAIT);
            assertTrue(pop.id() != null);
            JsonNode p = pop.json();
            assertEquals("pop-conv-1", p.path("interactionId").asText());
            assertEquals("adapter_unavailable", p.path("status").asText());
            assertEquals("NONE", p.path("match").asText());
            assertEquals("+15557654321", p.path("ani").asText());
            assertEquals("VOICE", p.path("channel").asText());
            assertTrue(p.path("matches").isArray());
            assertTrue(p.path("message").isTextual());

            marker("pop-b", "marker-b");
            Sse.Event status = other.await("agentStatus", WAIT);
            assertEquals("pop-b", status.json().path("agentId").asText());
            assertEquals("marker-b", status.json().path("softphoneId").asText());
            assertFalse(names(other.seen).contains("screenPop"));
        }
    }

    @Test
    public void avayaScreenPopMessagePopsAtTheNamedAgentUnlessForbidden() {
        try (Sse s = agentEvents("avaya-a", null)) {
            JsonNode reply = api.post(tenantPath(T, "crm-connect/messages") + "?agentId=avaya-a", KEY, map("type", "CRMConnectMessage",
                    "action", "requestPerformInteractionScreenPop", "data", map("aniValues", List.of("+15550002222"),
                            "dnisValues", List.of(), "interactionData", map(), "allowScreenPop", false))).expect(200).json();
            assertEquals("adapter_unavailable", reply.path("data").path("status").asText());
            assertFalse(reply.path("data").path("popped").asBoolean());
            reply = api.post(tenantPath(T, "crm-connect/messages") + "?agentId=avaya-a", KEY, map("type", "CRMConnectMessage",
                    "action", "requestPerformInteractionScreenPop", "data", map("aniValues", List.of("+15550003333"),
                            "allowScreenPop", true))).expect(200).json();
            assertTrue(reply.path("data").path("popped").asBoolean());
            Sse.Event pop = s.await("screenPop", WAIT);
            assertEquals("+15550003333", pop.json().path("ani").asText());
            assertEquals(1, names(s.seen).stream().filter("screenPop"::equals).count());
        }
    }

    @Test
    public void resumeWithLastEventIdReplaysExactlyTheMissedEvents() {
        long lastSeen;
        try (Sse first = agentEvents("resume-a", null)) {
            marker("resume-a", "before");
            lastSeen = first.await("agentStatus", WAIT).id();
        }
        // sent while the desktop is away
        marker("resume-a", "missed-1");
        marker("resume-a", "missed-2");
        try (Sse again = agentEvents("resume-a", String.valueOf(lastSeen))) {
            Sse.Event m1 = again.nextEvent(WAIT);
            Sse.Event m2 = again.nextEvent(WAIT);
            assertEquals("missed-1", m1.json().path("softphoneId").asText());
            assertEquals("missed-2", m2.json().path("softphoneId").asText());
            assertEquals(Long.valueOf(lastSeen + 1), m1.id());
            assertEquals(Long.valueOf(lastSeen + 2), m2.id());
            marker("resume-a", "live");
            Sse.Event live = again.nextEvent(WAIT);
            assertEquals("live", live.json().path("softphoneId").asText());
            assertEquals(Long.valueOf(lastSeen + 3), live.id());
        }
        // the query form, for clients that cannot set the header
        try (Sse q = Sse.open(api.http, url("agents/resume-a/events?lastEventId=" + (lastSeen + 2)), KEY, null)) {
            assertEquals(200, q.status);
            Sse.Event only = q.nextEvent(WAIT);
            assertEquals("live", only.json().path("softphoneId").asText());
            marker("resume-a", "after");
            assertEquals("after", q.nextEvent(WAIT).json().path("softphoneId").asText());
        }
        // without Last-Event-ID nothing old is replayed
        try (Sse fresh = agentEvents("resume-a", null)) {
            marker("resume-a", "fresh");
            assertEquals("fresh", fresh.nextEvent(WAIT).json().path("softphoneId").asText());
        }
    }

    @Test
    public void callbacksResumeToo() {
        long last;
        try (Sse s = callbacks("cb-resume")) {
            api.post(tenantPath(T, "agents/cb-resume/presence"), KEY, map("softphoneId", "one")).expect(202);
            last = s.await("update_presence", WAIT).id();
        }
        api.post(tenantPath(T, "agents/cb-resume/presence"), KEY, map("softphoneId", "two")).expect(202);
        try (Sse s = Sse.open(api.http, url("softphone/callbacks?agentId=cb-resume"), KEY, String.valueOf(last))) {
            // greeting first (fresh, unnumbered), then the missed event
            assertEquals("disposition", s.nextEvent(WAIT).name());
            assertEquals("partner_config", s.nextEvent(WAIT).name());
            Sse.Event missed = s.nextEvent(WAIT);
            assertEquals("update_presence", missed.name());
            assertEquals("two", missed.json().path("softphoneId").asText());
            assertEquals(Long.valueOf(last + 1), missed.id());
        }
    }

    @Test
    public void keepAliveCommentsArrive() {
        try (Sse s = agentEvents("idle-a", null)) {
            Sse.Event e = s.await(x -> "keep-alive".equals(x.comment()), Duration.ofSeconds(5));
            assertNull(e.name());
            s.await(x -> "keep-alive".equals(x.comment()), Duration.ofSeconds(5));
        }
    }

    /** An agent event bus whose database does not answer, as the PostgreSQL bus is while its database is down. */
    private static final class DownBus implements AgentEventBus {
        @Override
        public long publish(AgentTopic topic, String name, byte[] data) {
            throw new AgentEventBusException("Agent event not published: the database did not take it (Connection refused)", null);
        }

        @Override
        public AgentSubscription subscribe(AgentTopic topic) {
            throw new AgentEventBusException("Cannot subscribe: the database did not answer (Connection refused)", null);
        }

        @Override
        public List<AgentEvent> replay(AgentTopic topic, long afterId) {
            throw new AgentEventBusException("Cannot read agent events: Connection refused", null);
        }
    }

    @Test
    public void whileTheBusIsDownPublishesAndStreamsAre503AndStoredEventsStillSucceed() {
        // the engine binds the highest-ranked bus at once (dynamic, greedy)
        ServiceRegistration<AgentEventBus> down = context.registerService(AgentEventBus.class, new DownBus(),
                new Hashtable<>(Map.of(Constants.SERVICE_RANKING, Integer.MAX_VALUE)));
        try {
            Api.Resp presence = api.post(tenantPath(T, "agents/down-a/presence"), KEY, map("softphoneId", "sp-1"));
            presence.expectError(503, "AGENT_CHANNEL_UNAVAILABLE");
            assertTrue(presence.body(), presence.body().contains("Connection refused"));
            assertFalse("no stack trace: " + presence.body(), presence.body().contains("Exception"));
            api.post(tenantPath(T, "interactions/click2dial"), KEY, map("agentId", "down-a", "click2DialData",
                    map("clickToDialNumber", "+18883973342"))).expectError(503, "AGENT_CHANNEL_UNAVAILABLE");
            api.post(tenantPath(T, "softphone/statusChanged"), KEY, map("agentId", "down-a", "softphoneId", "sp-1"))
                    .expectError(503, "AGENT_CHANNEL_UNAVAILABLE");
            api.get(tenantPath(T, "agents/down-a/events"), KEY).expectError(503, "AGENT_CHANNEL_UNAVAILABLE");
            api.get(tenantPath(T, "softphone/callbacks?agentId=down-a"), KEY).expectError(503, "AGENT_CHANNEL_UNAVAILABLE");

            // the call is stored and answered; its pop is what is lost, and counted
            api.post(tenantPath(T, "softphone/incomingCall"), KEY, map("partnerId", "p", "conversationId", "down-conv-1",
                    "callerANI", "+15557654321", "agentId", "down-a")).expect(200);
            api.get(tenantPath(T, "interactions/down-conv-1"), KEY).expect(200);
            Api.awaitTrue("the dropped pop is counted", WAIT, () -> api.get("/metrics", Api.SCRAPE_TOKEN).body().lines()
                    .anyMatch(l -> l.startsWith("crm_agent_events_dropped_total{") && l.contains("tenant=\"stream\"")
                            && l.contains("reason=\"unavailable\"") && !l.endsWith(" 0")));
        } finally {
            down.unregister();
        }
        api.post(tenantPath(T, "agents/down-a/presence"), KEY, map("softphoneId", "sp-1")).expect(202);
    }

    @Test
    public void openStreamsAreCounted() {
        try (Sse s = agentEvents("count-a", null)) {
            Api.awaitTrue("health counts the stream", WAIT,
                    () -> api.get("/health", null).json().path("openAgentStreams").asInt() >= 1);
            assertTrue(api.get("/metrics", Api.SCRAPE_TOKEN).body().contains("crm_open_agent_streams"));
        }
    }
}
