package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

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
 * Issue 14, end to end: a call from a number Salesforce does not know creates
 * one Lead, which the agent gets popped and which the call's Task is linked
 * to; the Task is assigned to the agent's Salesforce user, found by e-mail.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SalesforceOwnersAndLeadsIT {

    private static final Path WORK = ServerOptions.newWorkDir();
    private static final String TENANT = "sfown";
    private static final String KEY = "sfown-key-0123456789";
    private static final String INSTANCE = "sf-own";
    private static final String AGENT = "agent-7";
    private static final String CALL = "sf-own-call-1";
    private static final String CALLER = "+1 (555) 987-6543";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        String[] sf = SalesforceEmulatorLauncher.startWithUser("ada@acme.example");
        return new Option[] {ServerOptions.server(ServerOptions.freePort(), WORK, true),
                frameworkProperty("it.salesforce.url").value(sf[0]),
                frameworkProperty("it.salesforce.userId").value(sf[1]),
                frameworkProperty("it.salesforce.clientId").value(sf[2]),
                frameworkProperty("it.salesforce.clientSecret").value(sf[3]),
                frameworkProperty("it.salesforce.inspect").value(sf[4])};
    }

    @Test
    public void unknownCallerGetsOneLeadPoppedAndTheTaskIsTheAgentsAndLinkedToIt() throws Exception {
        String org = context.getProperty("it.salesforce.url");
        String userId = context.getProperty("it.salesforce.userId");
        ConnectorClient api = new ConnectorClient(ConnectorClient.baseUrl(context), TENANT, KEY);

        Dictionary<String, Object> sf = ConnectorClient.salesforceAdapter(context, INSTANCE);
        sf.put("owner.map", new String[] {AGENT + "=ada@acme.example"});
        sf.put("create.object", "Lead");
        ConnectorClient.factoryConfig(configAdmin, "org.crmconnector.crm.salesforce", "it-sf-own", sf);
        ConnectorClient.createTenant(configAdmin, TENANT, INSTANCE, KEY);
        api.awaitServed();

        String leadId;
        try (ConnectorClient.AgentEvents events = api.agentEvents(AGENT)) {
            api.softphone("incomingCall", ConnectorClient.JSON.writeValueAsString(Map.of("conversationId", CALL,
                    "agentId", AGENT, "callerANI", CALLER)));
            JsonNode pop = events.pop(CALL);
            assertEquals(pop.toString(), "ok", pop.path("status").asText());
            assertEquals(pop.toString(), "ONE", pop.path("match").asText());
            leadId = pop.path("matches").path(0).path("id").asText();
            assertTrue(pop.toString(), leadId.startsWith("00Q"));
            assertEquals(org + "/lightning/r/Lead/" + leadId + "/view", pop.path("url").asText());
        }
        List<JsonNode> leads = records(org, "Lead");
        assertEquals(leads.toString(), 1, leads.size());
        assertEquals("15559876543", leads.get(0).path("CrmConnector_Phone__c").asText());
        assertEquals(CALLER, leads.get(0).path("Phone").asText());

        api.finishCall(CALL, AGENT, 42, "Resolved", "New prospect");

        JsonNode task = ConnectorClient.awaitValue("the Task of " + CALL + " with the wrap-up", () -> {
            List<JsonNode> tasks = records(org, "Task");
            return tasks.size() == 1 && "Resolved".equals(tasks.get(0).path("CallDisposition").asText()) ? tasks.get(0)
                    : null;
        });
        assertEquals(task.toString(), userId, task.path("OwnerId").asText());
        assertEquals(task.toString(), leadId, task.path("WhoId").asText());
        assertEquals("still one Lead", 1, records(org, "Lead").size());
    }

    /** Records of one type in the emulator, through its test-only inspection endpoint. */
    private List<JsonNode> records(String org, String type) {
        ConnectorClient.Answer a = ConnectorClient.get(org + context.getProperty("it.salesforce.inspect") + type);
        assertEquals(a.body(), 200, a.status());
        List<JsonNode> out = new ArrayList<>();
        a.json().forEach(out::add);
        return out;
    }
}
