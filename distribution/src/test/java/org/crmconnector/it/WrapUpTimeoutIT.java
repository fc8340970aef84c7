package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Map;

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

/**
 * Issue 11, wrap-up timeout: a tenant with {@code wrapup.timeout.seconds=10}
 * and {@code wrapup.timeout.disposition="No wrap-up"}; a call accepted and
 * ended, never wrapped up. Within a bounded wait the connector finishes it by
 * itself: the agent's event stream gets {@code interactionFinished} with
 * reason {@code wrap-up-timeout} and the timeout's disposition, the
 * interaction answers 410, and the CRM's one record of the call (written at
 * the end, updated at the timeout's finish) carries "No wrap-up".
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WrapUpTimeoutIT {

    private static final Path WORK = ServerOptions.newWorkDir();
    private static final String TENANT = "wrapup";
    private static final String KEY = "wrapup-key-0123456789";
    private static final String INSTANCE = "wrapup-crm";
    private static final String AGENT = "agent-6";
    private static final String CALL = "wrapup-call-1";
    private static final String DISPOSITION = "No wrap-up";
    private static final long TIMEOUT_SECONDS = 10;
    /** The timeout, plus the connector's 5 s check interval, plus delivery, with room for a busy machine. */
    private static final Duration FINISH_WAIT = Duration.ofSeconds(40);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private RecordingCrm crm;

    @Configuration
    public Option[] config() {
        return new Option[] {ServerOptions.server(ServerOptions.freePort(), WORK, true)};
    }

    @After
    public void stopCrm() {
        if (crm != null) {
            crm.close();
        }
    }

    @Test
    public void anEndedCallNobodyWrapsUpIsFinishedWithTheTimeoutDisposition() throws Exception {
        crm = RecordingCrm.start();
        ConnectorClient api = new ConnectorClient(ConnectorClient.baseUrl(context), TENANT, KEY);
        ConnectorClient.factoryConfig(configAdmin, "org.crmconnector.crm.genericrest", "it-wrapup",
                RecordingCrm.dictionary(crm.adapterConfiguration(INSTANCE)));
        Dictionary<String, Object> tenant = RecordingCrm.dictionary(Map.of(
                "tenant.id", TENANT,
                "adapter.instance", INSTANCE,
                "api.key.hashes", new String[] {ConnectorClient.sha256(KEY)},
                "wrapup.timeout.seconds", TIMEOUT_SECONDS,
                "wrapup.timeout.disposition", DISPOSITION));
        ConnectorClient.factoryConfig(configAdmin, "org.crmconnector.tenant", "it-" + TENANT, tenant);
        api.awaitServed();

        try (ConnectorClient.AgentEvents events = api.agentEvents(AGENT)) {
            api.softphone("incomingCall", ConnectorClient.JSON.writeValueAsString(Map.of("conversationId", CALL,
                    "agentId", AGENT, "callerANI", "+15551234567")));
            api.softphone("callAccepted", ConnectorClient.JSON.writeValueAsString(Map.of("conversationId", CALL,
                    "agentId", AGENT)));
            // taken before the request: the interaction's last change is later, so no finish can come sooner than this + 10 s
            long ended = System.nanoTime();
            api.softphone("callEnded", ConnectorClient.JSON.writeValueAsString(Map.of("conversationId", CALL,
                    "agentId", AGENT, "duration", 42, "callType", "inbound")));
            assertEquals("ENDED", api.tenantGet("interactions/" + CALL).json().path("state").asText());

            JsonNode finished = events.await("interactionFinished",
                    d -> CALL.equals(d.path("interactionId").asText()), FINISH_WAIT).data();
            long after = (System.nanoTime() - ended) / 1_000_000;
            assertEquals(finished.toString(), "wrap-up-timeout", finished.path("reason").asText());
            assertEquals(finished.toString(), DISPOSITION, finished.path("disposition").asText());
            assertTrue("finished after " + after + " ms, before the " + TIMEOUT_SECONDS + " s timeout",
                    after >= TIMEOUT_SECONDS * 1000);
            System.out.printf("WrapUpTimeoutIT: interactionFinished %d ms after callEnded%n", after);
        }

        ConnectorClient.Answer gone = api.tenantGet("interactions/" + CALL);
        assertEquals(gone.body(), 410, gone.status());
        assertEquals(gone.body(), "INTERACTION_FINISHED", gone.json().path("error").path("code").asText());

        RecordingCrm.Activity activity = ConnectorClient.awaitValue(() -> "CRM requests: " + crm.requests,
                "the call's record carries the timeout's disposition", () -> {
                    RecordingCrm.Activity a = crm.onlyActivityFor(CALL);
                    return a != null && DISPOSITION.equals(a.field("disposition")) ? a : null;
                });
        ConnectorClient.await("the outbox is empty", () -> api.delivery().path("pending").asInt() == 0);
        assertEquals("one record for the call: " + crm.requests, 1, crm.activitiesFor(CALL).size());
        assertEquals(activity.toString(), "42", activity.field("seconds"));
        assertEquals(activity.toString(), "", activity.field("notes"));
    }
}
