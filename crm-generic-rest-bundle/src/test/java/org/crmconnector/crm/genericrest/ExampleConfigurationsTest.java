package org.crmconnector.crm.genericrest;

import static org.crmconnector.crm.genericrest.testing.Configs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.utils.properties.ConfigurationHandler;
import org.apache.felix.utils.properties.TypedProperties;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.genericrest.config.ConnectorSettings;
import org.crmconnector.crm.genericrest.config.SettingsReader;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm.Received;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm.Reply;
import org.crmconnector.crm.genericrest.testing.RecordingSleeper;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.testing.MutableClock;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The example configurations in distribution/ are read the way Felix
 * FileInstall and Configuration Admin read them, pass the adapter's checks,
 * and make the requests their comments promise.
 */
class ExampleConfigurationsTest {

    private static final File EXAMPLES = new File("../distribution/src/main/dist/examples");
    /** The demo tenant's instance ships in the demo folder, copied into deploy/ by a demo start. */
    private static final File DEMO = new File("../distribution/src/main/dist/demo");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LoopbackCrm crm;
    private final SharedHttpClients clients = new SharedHttpClients("test");
    private GenericRestConnector connector;

    @BeforeEach
    void start() throws Exception {
        crm = new LoopbackCrm();
        connector = new GenericRestConnector(clients, new MutableClock(Instant.parse("2026-03-01T10:00:00Z")),
                new RecordingSleeper());
    }

    @AfterEach
    void stop() {
        connector.deactivate();
        clients.close();
        crm.close();
    }

    /** As Felix FileInstall reads a .config file. */
    static Map<String, Object> fileInstall(String instance) throws Exception {
        // FileInstall substitutes framework properties such as the HTTP port
        TypedProperties p = new TypedProperties((name, key, value) -> "org.osgi.service.http.port".equals(value) ? "8080" : null);
        p.load(file(instance));
        return new HashMap<>(p);
    }

    private static File file(String instance) {
        return new File("demo".equals(instance) ? DEMO : EXAMPLES, "org.crmconnector.crm.genericrest-" + instance + ".config");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "hubspot", "zoho"})
    void examplesAreAcceptedAsFileInstallReadsThem(String instance) throws Exception {
        Map<String, Object> props = fileInstall(instance);
        assertEquals(instance, props.get("crm.instance"));
        assertTrue(props.get("http.headers") instanceof String[], "arrays stay arrays");
        assertTrue(props.get("pop.visible") instanceof Boolean, "typed values keep their type");
        ConnectorSettings s = SettingsReader.read(config(props));
        assertEquals(instance, s.instance());
        assertTrue(s.lookup() != null && s.log().create() != null && s.log().update() != null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "hubspot", "zoho"})
    void examplesReadTheSameWithConfigurationAdminsParser(String instance) throws Exception {
        Map<String, Object> viaFileInstall = fileInstall(instance);
        Dictionary<String, Object> viaConfigAdmin;
        try (InputStream in = new FileInputStream(file(instance))) {
            @SuppressWarnings("unchecked")
            Dictionary<String, Object> d = ConfigurationHandler.read(in);
            viaConfigAdmin = d;
        }
        for (Enumeration<String> keys = viaConfigAdmin.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            Object a = viaConfigAdmin.get(key);
            Object b = viaFileInstall.get(key);
            if (a instanceof String[] arr) {
                assertArrayEquals(arr, (String[]) b, key);
            } else if (a instanceof String str && str.contains("${")) {
                // Configuration Admin's parser keeps ${...}; FileInstall substitutes it
                assertEquals(str.replace("${org.osgi.service.http.port}", "8080"), b, key);
            } else {
                assertEquals(a, b, key);
            }
        }
        assertEquals(viaFileInstall.size(), viaConfigAdmin.size());
    }

    /** The example with every URL moved from its real host to the loopback CRM. */
    private Map<String, Object> pointedAtLoopback(String instance, String... hosts) throws Exception {
        Map<String, Object> props = fileInstall(instance);
        props.replaceAll((k, v) -> {
            if (v instanceof String s) {
                for (String host : hosts) {
                    s = s.replace(host, crm.url(""));
                }
                return s;
            }
            return v;
        });
        return props;
    }

    private static Interaction call() {
        Interaction in = new Interaction();
        in.tenantId = "demo";
        in.interactionId = "i-42";
        in.agentId = "agent-1";
        in.callerNumber = "+4722334455";
        in.dnis = "+4780000000";
        in.startTime = Instant.parse("2026-03-01T09:58:00Z");
        in.endTime = Instant.parse("2026-03-01T09:59:35Z");
        in.durationSeconds = 95L;
        in.comments = "Asked about \"invoice\" & payment";
        in.dispositionCode = "Resolved";
        return in;
    }

    private ScreenPopResult pop(Interaction in) throws Exception {
        ScreenPopRequest r = new ScreenPopRequest();
        r.interaction = in;
        r.ani = in.ani();
        return connector.screenPop(r);
    }

    @Test
    void demoTenantCallMakesTheDocumentedRequests() throws Exception {
        crm.on("GET", "/demo-crm/api/contacts",
                Reply.json(200, "{\"results\":[{\"id\":\"c1\",\"name\":\"Ada Lovelace\",\"type\":\"Contact\"}]}"));
        crm.on("POST", "/demo-crm/api/activities", Reply.json(201, "{\"id\":\"a1\"}"));
        crm.on("PATCH", "/demo-crm/api/activities/a1", Reply.json(200, "{}"));
        connector.activate(config(pointedAtLoopback("demo", "http://localhost:8080")));

        Interaction in = call();
        ScreenPopResult popped = pop(in);
        assertEquals("phone=%2B4722334455", crm.received("/demo-crm/api/contacts").get(0).rawQuery());
        assertEquals(crm.url("/demo-crm/contacts/c1"), popped.pop.url);
        assertEquals("Ada Lovelace", popped.pop.title);

        in.searchResults = popped.matches;
        DeliveryResult logged = connector.saveInteractionLog(new InteractionLog(in, null));
        assertEquals(new CrmRecordRef("Activity", "a1", null).toString(), logged.record().toString());
        Received log = crm.received("/demo-crm/api/activities").get(0);
        JsonNode body = MAPPER.readTree(log.body());
        assertEquals("i-42", body.get("interactionId").textValue());
        assertEquals("c1", body.get("contactId").textValue());
        assertEquals(95, body.get("durationSeconds").intValue());
        assertEquals("Asked about \"invoice\" & payment", body.get("notes").textValue());
        assertEquals("demo:i-42", log.header("X-Interaction-Key"), "the key is scoped by the tenant");

        assertEquals("Resolved", body.get("disposition").textValue(), "the disposition travels in the log");

        // the wrap-up's log updates the same record, disposition included
        in.dispositionCode = "Callback requested";
        assertTrue(connector.saveInteractionLog(new InteractionLog(in, logged.record())).isOk());
        Received update = crm.received("/demo-crm/api/activities/a1").get(0);
        assertEquals("PATCH", update.method());
        assertEquals("Callback requested", MAPPER.readTree(update.body()).get("disposition").textValue());
    }

    @Test
    void hubspotExampleSearchesByPhoneAndLogsALinkedCall() throws Exception {
        crm.on("POST", "/crm/v3/objects/contacts/search", Reply.json(200,
                "{\"total\":1,\"results\":[{\"id\":\"51\",\"properties\":{\"firstname\":\"Ada\",\"lastname\":\"Lovelace\","
                        + "\"hs_object_id\":\"51\"},\"archived\":false}]}"));
        crm.on("POST", "/crm/v3/objects/calls", Reply.json(201, "{\"id\":\"9001\",\"properties\":{}}"));
        Map<String, Object> props = pointedAtLoopback("hubspot", "https://api.hubapi.com");
        props.put(".auth.token", "pat-test");
        connector.activate(config(props));

        Interaction in = call();
        ScreenPopResult popped = pop(in);
        Received search = crm.received("/crm/v3/objects/contacts/search").get(0);
        assertEquals("Bearer pat-test", search.header("Authorization"));
        assertEquals("+4722334455", MAPPER.readTree(search.body()).at("/filterGroups/0/filters/0/value").textValue());
        assertEquals("Ada Lovelace", popped.matches.get(0).name);
        assertEquals("https://app.hubspot.com/contacts/YOUR_PORTAL_ID/record/0-1/51", popped.pop.url);

        in.searchResults = popped.matches;
        DeliveryResult logged = connector.saveInteractionLog(new InteractionLog(in, null));
        assertEquals("9001", logged.record().id);
        JsonNode call = MAPPER.readTree(crm.received("/crm/v3/objects/calls").get(0).body());
        assertEquals("2026-03-01T09:58:00Z", call.at("/properties/hs_timestamp").textValue());
        assertEquals(95000, call.at("/properties/hs_call_duration").intValue());
        assertEquals("INBOUND", call.at("/properties/hs_call_direction").textValue());
        assertEquals("51", call.at("/associations/0/to/id").textValue());
        assertEquals(194, call.at("/associations/0/types/0/associationTypeId").intValue());

        in.searchResults = List.of();
        connector.saveInteractionLog(new InteractionLog(in, null));
        JsonNode unlinked = MAPPER.readTree(crm.received("/crm/v3/objects/calls").get(1).body());
        assertNull(unlinked.get("associations"), "an unknown caller's call is logged without association");
    }

    @Test
    void hubspotExampleOwnsTheCallByTheAgentsOwnerAndAddsTheRecording() throws Exception {
        crm.on("GET", "/crm/v3/owners/", Reply.json(200,
                "{\"results\":[{\"id\":\"41629779\",\"email\":\"ada@acme.example\",\"userId\":9586504}]}"));
        crm.on("POST", "/crm/v3/objects/calls", Reply.json(201, "{\"id\":\"9001\",\"properties\":{}}"));
        crm.on("PATCH", "/crm/v3/objects/calls/9001", Reply.json(200, "{\"id\":\"9001\"}"));
        Map<String, Object> props = pointedAtLoopback("hubspot", "https://api.hubapi.com");
        props.put("owner.map", new String[] {"agent-7=ada@acme.example"});
        connector.activate(config(props));

        Interaction in = call();
        in.agentId = "agent-7";
        DeliveryResult logged = connector.saveInteractionLog(new InteractionLog(in, null));
        JsonNode call = MAPPER.readTree(crm.received("/crm/v3/objects/calls").get(0).body());
        assertEquals("41629779", call.at("/properties/hubspot_owner_id").textValue(), "the owner id, not the user id");
        assertEquals(List.of("ada@acme.example"), crm.received("/crm/v3/owners/").get(0).query().get("email"));

        in.agentId = "agent-without-owner";
        connector.saveInteractionLog(new InteractionLog(in, null));
        JsonNode unowned = MAPPER.readTree(crm.received("/crm/v3/objects/calls").get(1).body());
        assertNull(unowned.at("/properties").get("hubspot_owner_id"), "no owner: HubSpot's default applies");

        InteractionAddition recording = new InteractionAddition();
        recording.tenantId = in.tenantId;
        recording.interactionId = in.interactionId;
        recording.additionKey = "rec-1";
        recording.kind = InteractionAddition.Kind.RECORDING;
        recording.url = "https://recordings.example/9001.mp3";
        recording.record = logged.record();
        assertTrue(connector.saveAddition(recording).isOk());
        JsonNode patch = MAPPER.readTree(crm.received("/crm/v3/objects/calls/9001").get(0).body());
        assertEquals("https://recordings.example/9001.mp3", patch.at("/properties/hs_call_recording_url").textValue());
    }

    @Test
    void zohoExampleUsesItsOAuthHeaderAndReadsTheCreatedId() throws Exception {
        crm.on("POST", "/oauth/v2/token", Reply.json(200,
                "{\"access_token\":\"1000.abc\",\"api_domain\":\"https://www.zohoapis.com\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        crm.on("GET", "/crm/v7/Contacts/search", Reply.json(200,
                "{\"data\":[{\"id\":\"3652397000000624046\",\"Full_Name\":\"Ada Lovelace\",\"Phone\":\"+4722334455\"}],"
                        + "\"info\":{\"count\":1,\"more_records\":false}}"));
        crm.on("POST", "/crm/v7/Calls", Reply.json(201,
                "{\"data\":[{\"code\":\"SUCCESS\",\"details\":{\"id\":\"3652397000000999001\"},\"message\":\"record added\","
                        + "\"status\":\"success\"}]}"));
        connector.activate(config(pointedAtLoopback("zoho", "https://www.zohoapis.com", "https://accounts.zoho.com")));

        Interaction in = call();
        ScreenPopResult popped = pop(in);
        Received search = crm.received("/crm/v7/Contacts/search").get(0);
        assertEquals("Zoho-oauthtoken 1000.abc", search.header("Authorization"));
        assertEquals("phone=%2B4722334455", search.rawQuery());
        Received token = crm.received("/oauth/v2/token").get(0);
        assertEquals(List.of("refresh_token"), token.form().get("grant_type"));
        assertEquals("Ada Lovelace", popped.matches.get(0).name);

        in.searchResults = popped.matches;
        DeliveryResult logged = connector.saveInteractionLog(new InteractionLog(in, null));
        assertEquals("3652397000000999001", logged.record().id);
        JsonNode call = MAPPER.readTree(crm.received("/crm/v7/Calls").get(0).body()).at("/data/0");
        assertEquals("Inbound", call.get("Call_Type").textValue());
        assertEquals("2026-03-01T09:58:00+00:00", call.get("Call_Start_Time").textValue());
        assertEquals("01:35", call.get("Call_Duration").textValue());
        assertEquals("3652397000000624046", call.at("/Who_Id/id").textValue());
        assertEquals(1, crm.received("/oauth/v2/token").size(), "the token is reused");
    }

    @Test
    void zohoNoContentAnswerMeansNoMatch() throws Exception {
        crm.on("POST", "/oauth/v2/token", Reply.json(200, "{\"access_token\":\"t\",\"expires_in\":3600}"));
        crm.on("GET", "/crm/v7/Contacts/search", new Reply(204, "", Map.of()));
        connector.activate(config(pointedAtLoopback("zoho", "https://www.zohoapis.com", "https://accounts.zoho.com")));
        ScreenPopResult popped = pop(call());
        assertEquals(ScreenPopResult.Match.NONE, popped.match());
        assertEquals("https://crm.zoho.com/crm/YOUR_ORG_ID/tab/Contacts/create", popped.pop.url);
        assertFalse(popped.offerAsOptions);
    }
}
