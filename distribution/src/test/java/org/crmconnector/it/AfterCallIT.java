package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.Disposition;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.interaction.CrmObject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 14, the engine's side: a recording added after a finished call
 * reaches the CRM once though posted twice, an addition for an interaction
 * the server does not know is a 404, an excluded number's call never reaches
 * the CRM, and a log the CRM refused is listed as unlogged and retried.
 * The CRM is an adapter service this test registers, so the engine's path
 * is tested apart from any adapter's own mapping of additions.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AfterCallIT {

    private static final Path WORK = ServerOptions.newWorkDir();
    private static final String TENANT = "aftercall";
    private static final String KEY = "aftercall-key-0123456789";
    private static final String INSTANCE = "after-call-crm";
    private static final String AGENT = "agent-14";
    private static final String RECORDING = "{\"key\":\"rec-1\",\"kind\":\"recording\","
            + "\"url\":\"https://recordings.example/ac-1.mp3\"}";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private ServiceRegistration<CrmConnector> registration;

    @Configuration
    public Option[] config() {
        return new Option[] {ServerOptions.server(ServerOptions.freePort(), WORK, false)};
    }

    @After
    public void unregister() {
        if (registration != null) {
            registration.unregister();
        }
    }

    /** A CRM that writes one record per log key, takes additions, and refuses the logs of {@link #refused}. */
    private static final class ProbeCrm implements CrmConnector {
        final Set<String> logged = ConcurrentHashMap.newKeySet();
        final List<String> lookedUp = new CopyOnWriteArrayList<>();
        final List<InteractionAddition> additions = new CopyOnWriteArrayList<>();
        volatile String refused;

        @Override
        public ScreenPopResult screenPop(ScreenPopRequest request) {
            lookedUp.add(request.ani);
            return new ScreenPopResult();
        }

        @Override
        public DeliveryResult saveInteractionLog(InteractionLog log) {
            if (log.key().equals(refused)) {
                return DeliveryResult.cancel("REQUIRED_FIELD_MISSING: Subject");
            }
            logged.add(log.tenantKey());
            return DeliveryResult.ok(new CrmRecordRef("Task", "T-" + log.key(), null));
        }

        @Override
        public DeliveryResult saveAddition(InteractionAddition addition) {
            additions.add(addition);
            return DeliveryResult.ok(addition.record);
        }

        @Override
        public DeliveryResult setDisposition(DispositionUpdate update) {
            return DeliveryResult.ok(update.record);
        }

        @Override
        public List<CrmObject> search(SearchRequest request) {
            return List.of();
        }

        @Override
        public List<Disposition> dispositions() {
            return List.of();
        }
    }

    @Test
    public void additionsExcludedNumbersAndUnloggedCalls() throws Exception {
        ProbeCrm crm = new ProbeCrm();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(CrmConnector.CRM_TYPE, "probe");
        props.put(CrmConnector.CRM_INSTANCE, INSTANCE);
        registration = context.registerService(CrmConnector.class, crm, props);
        org.osgi.service.cm.Configuration tenant = ConnectorClient.createTenant(configAdmin, TENANT, INSTANCE, KEY);
        Dictionary<String, Object> tenantProps = tenant.getProperties();
        tenantProps.put("excluded.numbers", new String[] {"4???"});
        tenant.update(tenantProps);
        ConnectorClient api = new ConnectorClient(ConnectorClient.baseUrl(context), TENANT, KEY);
        api.awaitServed();

        // --- a recording added after the call, posted twice: one delivery, after the log, onto its record
        api.wholeCall("ac-1", AGENT, "+15551230001", 30, "Resolved", "called about an invoice");
        ConnectorClient.Answer first = api.tenantPost("interactions/ac-1/additions", RECORDING);
        assertEquals(first.body(), 202, first.status());
        ConnectorClient.Answer second = api.tenantPost("interactions/ac-1/additions", RECORDING);
        assertEquals(second.body(), 202, second.status());
        assertEquals(first.json(), second.json());
        ConnectorClient.await("the addition reaches the CRM", () -> crm.additions.size() == 1
                && api.delivery().path("pending").asInt() == 0);
        assertTrue("the log went first", crm.logged.contains(TENANT + ":ac-1"));
        InteractionAddition added = crm.additions.get(0);
        assertEquals(TENANT + ":ac-1/rec-1", added.tenantKey());
        assertEquals(InteractionAddition.Kind.RECORDING, added.kind);
        assertEquals("https://recordings.example/ac-1.mp3", added.url);
        assertEquals("T-ac-1", added.record.id);
        ConnectorClient.Answer third = api.tenantPost("interactions/ac-1/additions", RECORDING);
        assertEquals(third.body(), 202, third.status());
        assertEquals(first.json(), third.json());
        assertEquals("a delivered key is not stored again", 0, api.delivery().path("pending").asInt());
        assertEquals(1, crm.additions.size());

        // --- an interaction the server does not know
        ConnectorClient.Answer unknown = api.tenantPost("interactions/never-was/additions", RECORDING);
        assertEquals(unknown.body(), 404, unknown.status());
        assertEquals("UNKNOWN_INTERACTION", unknown.json().path("error").path("code").asText());

        // --- an internal extension: no lookup, no log, no addition
        api.wholeCall("ac-internal", AGENT, "4711", 12, "Resolved", "test call");
        assertEquals(0, api.delivery().path("pending").asInt());
        assertFalse(crm.lookedUp.toString(), crm.lookedUp.contains("4711"));
        assertFalse(crm.logged.contains(TENANT + ":ac-internal"));
        assertEquals(404, api.tenantPost("interactions/ac-internal/additions", RECORDING).status());

        // --- a log the CRM refuses is listed with its error, and a retry brings it in
        crm.refused = "ac-bad";
        api.wholeCall("ac-bad", AGENT, "+15551230002", 20, "Resolved", "no subject");
        JsonNode unlogged = ConnectorClient.awaitValue("the refused log is listed", () -> {
            JsonNode list = api.tenantGet("unlogged").json();
            return list.path("count").asInt() > 0 && list.path("unlogged").findValues("state").stream()
                    .allMatch(s -> s.asText().equals("cancelled")) ? list : null;
        });
        for (JsonNode entry : unlogged.path("unlogged")) {
            assertEquals(entry.toString(), "ac-bad", entry.path("interactionKey").asText());
            assertEquals(entry.toString(), "CRM refused it: REQUIRED_FIELD_MISSING: Subject", entry.path("error").asText());
        }
        crm.refused = null;
        for (JsonNode entry : unlogged.path("unlogged")) {
            ConnectorClient.Answer retried = api.tenantPost("dead-letters/" + entry.path("deadLetterId").asLong()
                    + "/retry", "{}");
            assertEquals(retried.body(), 200, retried.status());
        }
        ConnectorClient.await("the retried log reaches the CRM", () -> crm.logged.contains(TENANT + ":ac-bad")
                && api.tenantGet("unlogged").json().path("count").asInt() == 0);
    }
}
