package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Issue 5: a generic REST instance configured through Configuration Admin
 * (lookup, pop, web requests on ringing and hang-up, log and disposition
 * templates) against a recording HTTP server on loopback; a call through the
 * softphone API produces exactly the requests the configuration describes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GenericRestIT {

    private static final Path WORK = ServerOptions.newWorkDir();
    private static final String TENANT = "restit";
    private static final String KEY = "restit-key-0123456789";
    private static final String INSTANCE = "rest-it";
    private static final String AGENT = "agent-3";
    private static final String CALL = "rest-call-1";
    private static final String ANI = "+15551234567";
    /** Caller-side text with JSON, URL and template syntax in it: it must arrive as it is, and change nothing else. */
    private static final String NOTES = "Said \"hi\" & left {notes} \\ ?x=1\nsecond line";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private HttpServer crm;

    @Configuration
    public Option[] config() {
        return new Option[] {ServerOptions.server(ServerOptions.freePort(), WORK, true)};
    }

    /** One request as the CRM saw it. */
    record Seen(String method, String uri, String contentType, String interactionKey, String body) {
        JsonNode json() throws IOException {
            return ConnectorClient.JSON.readTree(body);
        }

        @Override
        public String toString() {
            return method + " " + uri + (body.isEmpty() ? "" : " " + body);
        }
    }

    @After
    public void stopCrm() {
        if (crm != null) {
            crm.stop(0);
        }
    }

    @Test
    public void callProducesExactlyTheConfiguredRequests() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        crm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        crm.createContext("/", exchange -> answer(exchange, seen));
        crm.start();
        String crmUrl = "http://127.0.0.1:" + crm.getAddress().getPort();

        ConnectorClient api = new ConnectorClient(ConnectorClient.baseUrl(context), TENANT, KEY);
        ConnectorClient.factoryConfig(configAdmin, "org.crmconnector.crm.genericrest", "it-rest", adapterConfiguration(crmUrl));
        ConnectorClient.createTenant(configAdmin, TENANT, INSTANCE, KEY);
        api.awaitServed();

        try (ConnectorClient.AgentEvents events = api.agentEvents(AGENT)) {
            api.softphone("incomingCall", ConnectorClient.JSON.writeValueAsString(Map.of("conversationId", CALL, "agentId", AGENT,
                    "callerANI", ANI)));
            JsonNode pop = events.pop(CALL);
            assertEquals(pop.toString(), "ok", pop.path("status").asText());
            assertEquals(pop.toString(), "ONE", pop.path("match").asText());
            assertEquals("https://crm.example.test/contacts/c-42", pop.path("url").asText());
            assertEquals("crm-tab", pop.path("target").asText());
            assertEquals("Caller: Ada Lovelace", pop.path("title").asText());
            assertTrue(pop.path("visible").asBoolean());
        }
        api.finishCall(CALL, AGENT, 42, "Resolved", NOTES);

        ConnectorClient.await("the log reaches the CRM", () -> seen.stream().anyMatch(s -> s.uri().equals("/activities")));
        ConnectorClient.await("the outbox is empty", () -> api.delivery().path("pending").asInt() == 0);

        List<String> requests = seen.stream().map(s -> s.method() + " " + s.uri()).toList();
        String lookup = "GET /contacts?phone=%2B15551234567";
        String ring = "POST /hooks/ring?agent=agent-3";
        String hangup = "GET /hooks/hangup?id=rest-call-1&seconds=42";
        String log = "POST /activities";
        assertEquals("exactly the lookup, two triggers and the log: " + seen, 4, requests.size());
        assertTrue(requests.toString(), requests.containsAll(List.of(lookup, ring, hangup, log)));
        // the lookup runs beside the ringing trigger; the deliveries of one call keep their order
        assertTrue(requests.toString(), requests.indexOf(ring) < requests.indexOf(hangup));
        assertTrue(requests.toString(), requests.indexOf(hangup) < requests.indexOf(log));

        Seen ringing = seen.get(requests.indexOf(ring));
        assertTrue(ringing.contentType(), ringing.contentType().startsWith("application/json"));
        assertEquals(ConnectorClient.JSON.readTree("{\"event\":\"ringing\",\"caller\":\"" + ANI + "\",\"id\":\"" + CALL + "\"}"),
                ringing.json());

        Seen logged = seen.get(requests.indexOf(log));
        assertTrue(logged.contentType(), logged.contentType().startsWith("application/json"));
        assertEquals(TENANT + ":" + CALL, logged.interactionKey());
        JsonNode body = logged.json();
        assertEquals(body.toString(), CALL, body.path("interactionId").asText());
        assertEquals(body.toString(), TENANT + ":" + CALL, body.path("key").asText());
        assertEquals(body.toString(), ANI, body.path("ani").asText());
        assertEquals(body.toString(), AGENT, body.path("agent").asText());
        assertEquals(body.toString(), "inbound", body.path("direction").asText());
        assertTrue(body.toString(), body.path("seconds").isNumber());
        assertEquals(body.toString(), 42, body.path("seconds").asInt());
        assertEquals(body.toString(), NOTES, body.path("notes").asText());
        assertEquals(body.toString(), "Resolved", body.path("disposition").asText());
        assertEquals("the lookup's only match is the Name object", "c-42", body.path("contact").path("id").asText());
        assertEquals("nothing but the template's nine members: " + body, 9, body.size());
        // the disposition came with the log; no separate disposition request
        assertFalse(requests.toString(), requests.stream().anyMatch(r -> r.startsWith("PATCH")));
    }

    private static Dictionary<String, Object> adapterConfiguration(String crmUrl) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("crm.instance", INSTANCE);
        p.put("base.url", crmUrl);
        p.put("http.max.attempts", 1);
        p.put("lookup.url", "/contacts?phone={ani}");
        p.put("lookup.records.pointer", "/results");
        p.put("lookup.record.url.template", "https://crm.example.test/contacts/{recordId}");
        p.put("pop.one.url", "{recordUrl}");
        p.put("pop.target", "crm-tab");
        p.put("pop.title", "Caller: {recordName}");
        p.put("triggers", new String[] {
            "{\"trigger\":\"offered\",\"channel\":\"voice\",\"method\":\"POST\",\"url\":\"/hooks/ring?agent={agentId}\","
                    + "\"json\":{\"event\":\"ringing\",\"caller\":\"{ani}\",\"id\":\"{interactionId}\"}}",
            "{\"trigger\":\"ended\",\"url\":\"/hooks/hangup?id={interactionId}&seconds={durationSeconds}\"}"});
        p.put("log.url", "/activities");
        p.put("log.headers", new String[] {"X-Interaction-Key: {key}"});
        p.put("log.body", "{\"interactionId\":\"{interactionId}\",\"key\":\"{key}\",\"ani\":\"{ani}\","
                + "\"agent\":\"{agentId}\",\"direction\":\"{direction}\",\"seconds\":\"{durationSeconds}\","
                + "\"notes\":\"{notes}\",\"disposition\":\"{disposition}\",\"contact?\":{\"id\":\"{nameId}\"}}");
        p.put("log.id.pointer", "/id");
        p.put("disposition.url", "/activities/{recordId}");
        p.put("disposition.body", "{\"disposition\":\"{disposition}\"}");
        return p;
    }

    /** The CRM: records every request; finds Ada for the lookup, creates activity act-9 for a log. */
    private static void answer(HttpExchange exchange, List<Seen> seen) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String key = exchange.getRequestHeaders().getFirst("X-Interaction-Key");
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    contentType == null ? "" : contentType, key, body));
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String answer = "{}";
            if (path.equals("/contacts")) {
                answer = "{\"results\":[{\"id\":\"c-42\",\"name\":\"Ada Lovelace\",\"type\":\"Contact\"}]}";
            } else if (path.equals("/activities") && exchange.getRequestMethod().equals("POST")) {
                status = 201;
                answer = "{\"id\":\"act-9\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
