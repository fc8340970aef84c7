package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

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

/**
 * Issue 4: a tenant configured for Salesforce through Configuration Admin;
 * a call driven through the softphone API pops the caller's Contact and
 * leaves exactly one Task in the Salesforce emulator, however often its
 * log is delivered.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SalesforceIT {

    private static final Path WORK = ServerOptions.newWorkDir();
    private static final String TENANT = "sfit";
    private static final String KEY = "sfit-key-0123456789";
    private static final String INSTANCE = "sf-it";
    private static final String AGENT = "agent-7";
    private static final String CALL = "sf-call-1";
    /** Stored in the org as 555-123-4567: the adapter normalises the two. */
    private static final String CALLER = "+1 (555) 123-4567";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    /** Runs in the JUnit JVM: the emulator lives there; the probe learns its address from framework properties. */
    @Configuration
    public Option[] config() {
        String[] sf = SalesforceEmulatorLauncher.start("Ada Lovelace", "555-123-4567");
        return new Option[] {ServerOptions.server(ServerOptions.freePort(), WORK, true),
                frameworkProperty("it.salesforce.url").value(sf[0]),
                frameworkProperty("it.salesforce.contactId").value(sf[1]),
                frameworkProperty("it.salesforce.clientId").value(sf[2]),
                frameworkProperty("it.salesforce.clientSecret").value(sf[3]),
                frameworkProperty("it.salesforce.inspect").value(sf[4])};
    }

    @Test
    public void callPopsTheContactAndLeavesExactlyOneTask() throws Exception {
        String org = context.getProperty("it.salesforce.url");
        String contactId = context.getProperty("it.salesforce.contactId");
        ConnectorClient api = new ConnectorClient(ConnectorClient.baseUrl(context), TENANT, KEY);

        Dictionary<String, Object> sf = ConnectorClient.salesforceAdapter(context, INSTANCE);
        ConnectorClient.factoryConfig(configAdmin, "org.crmconnector.crm.salesforce", "it-sf", sf);
        ConnectorClient.createTenant(configAdmin, TENANT, INSTANCE, KEY);
        api.awaitServed();

        Instant before = Instant.now();
        try (ConnectorClient.AgentEvents events = api.agentEvents(AGENT)) {
            api.softphone("incomingCall", ConnectorClient.JSON.writeValueAsString(Map.of("conversationId", CALL, "agentId", AGENT,
                    "callerANI", CALLER)));
            JsonNode pop = events.pop(CALL);
            assertEquals(pop.toString(), "ok", pop.path("status").asText());
            assertEquals(pop.toString(), "ONE", pop.path("match").asText());
            assertEquals(org + "/lightning/r/Contact/" + contactId + "/view", pop.path("url").asText());
            assertEquals(contactId, pop.path("matches").path(0).path("id").asText());
        }
        api.finishCall(CALL, AGENT, 95, "Resolved", "Asked about the invoice");
        Instant after = Instant.now();

        // the log written at hang-up may reach the org before the wrap-up's update of the same Task
        JsonNode task = ConnectorClient.awaitValue("one Task for " + CALL + " with the wrap-up in the emulator", () -> {
            List<JsonNode> tasks = tasks(org);
            return tasks.size() == 1 && "Resolved".equals(tasks.get(0).path("CallDisposition").asText()) ? tasks.get(0)
                    : null;
        });
        assertEquals(task.toString(), TENANT + ":" + CALL, task.path("CrmConnector_Key__c").asText());
        assertEquals(task.toString(), "Inbound call from " + CALLER, task.path("Subject").asText());
        assertEquals(task.toString(), "Call", task.path("TaskSubtype").asText());
        assertEquals(task.toString(), "Inbound", task.path("CallType").asText());
        assertEquals(task.toString(), 95, task.path("CallDurationInSeconds").asInt());
        assertEquals(task.toString(), "Resolved", task.path("CallDisposition").asText());
        assertEquals(task.toString(), CALL, task.path("CallObject").asText());
        assertEquals(task.toString(), "Completed", task.path("Status").asText());
        assertEquals(task.toString(), contactId, task.path("WhoId").asText());
        assertTrue(task.toString(), task.path("Description").asText().startsWith("Asked about the invoice"));
        // the UTC date of the call's start (the call may straddle midnight)
        Set<String> days = new HashSet<>(List.of(LocalDate.ofInstant(before, ZoneOffset.UTC).toString(),
                LocalDate.ofInstant(after, ZoneOffset.UTC).toString()));
        assertTrue(task.toString(), days.contains(task.path("ActivityDate").asText()));
        // one delivery when the wrap-up's log took the place of the waiting first one, two when it came later
        int[] delivered = new int[1];
        ConnectorClient.await("the log is delivered", () -> {
            JsonNode d = api.delivery();
            delivered[0] = d.path("delivered").asInt();
            return delivered[0] >= 1 && d.path("pending").asInt() == 0;
        });

        // the same log again, as the Avaya connector sends it: upserted onto the same Task
        ConnectorClient.Answer again = api.tenantPost("crm-connect/messages", ConnectorClient.JSON.writeValueAsString(Map.of(
                "type", "CRMConnectMessage", "action", "requestSaveInteractionLog",
                "data", Map.of("interactionId", CALL, "callerNumber", CALLER, "channel", "Voice",
                        "direction", "Inbound", "duration", 95, "dispositionCode", "Resolved",
                        "comments", "Asked about the invoice"))));
        assertEquals(again.body(), 202, again.status());
        ConnectorClient.await("the second delivery is done", () -> {
            JsonNode d = api.delivery();
            return d.path("delivered").asInt() == delivered[0] + 1 && d.path("pending").asInt() == 0;
        });
        List<JsonNode> tasks = tasks(org);
        assertEquals("still exactly one Task: " + tasks, 1, tasks.size());
        assertEquals(task.path("Id").asText(), tasks.get(0).path("Id").asText());
        assertEquals(TENANT + ":" + CALL, tasks.get(0).path("CrmConnector_Key__c").asText());
        assertEquals(0, api.tenantGet("dead-letters").json().size());
    }

    /** Every Task in the emulator, through its test-only inspection endpoint. */
    private List<JsonNode> tasks(String org) {
        ConnectorClient.Answer a = ConnectorClient.get(org + context.getProperty("it.salesforce.inspect") + "Task");
        assertEquals(a.body(), 200, a.status());
        List<JsonNode> out = new ArrayList<>();
        a.json().forEach(out::add);
        return out;
    }
}
