package org.crmconnector.crm.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DeliveryResult.Status;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.Trigger;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.crm.conformance.AdapterFactory.Login;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from every {@link CrmConnector}, checked against
 * the adapter's own fake CRM with the network's faults from a {@link CrmLink}.
 * An adapter's test extends this class, says how to make its fake CRM
 * ({@link #newFakeCrm()}) and how to start its adapter ({@link #factory}),
 * and inherits every check; a new release of the kit may add checks.
 * <p>
 * Each check runs against a fresh fake CRM and fresh adapter instances.
 */
public abstract class CrmConnectorConformanceTest {

    /** What "answers at once" means for methods that must not call the CRM. */
    private static final Duration AT_ONCE = Duration.ofSeconds(2);
    /** Slack on top of the adapter's own screen-pop timeout: thread scheduling on a loaded build machine. */
    private static final Duration POP_SLACK = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> API_PACKAGES = List.of("org.crmconnector.crm", "org.crmconnector.interaction");

    private FakeCrm crm;
    private CrmLink link;
    private AdapterFactory factory;
    private final List<CrmConnector> running = new CopyOnWriteArrayList<>();

    /** A fresh fake of the adapter's CRM, listening on loopback. */
    protected abstract FakeCrm newFakeCrm() throws Exception;

    /** Starts adapters configured for this fake (its credentials, its key field). */
    protected abstract AdapterFactory factory(FakeCrm crm);

    /**
     * Package prefixes the bundle may import besides the API packages and the
     * JDK (java, javax): the libraries of the platform. Jackson, SLF4J and the OSGi converter by default
     * (a {@code CrmConfigurationCheck} turns the properties it checks into the configuration annotation with
     * it, as DS does).
     */
    protected List<String> allowedLibraries() {
        return List.of("com.fasterxml.jackson", "org.slf4j", "org.osgi.util.converter");
    }

    /** The manifest bnd wrote for the adapter bundle; Maven runs tests from the module's folder. */
    protected Path manifest() {
        return Path.of("target", "classes", "META-INF", "MANIFEST.MF");
    }

    @BeforeEach
    final void startCrm() throws Exception {
        crm = newFakeCrm();
        link = new CrmLink(crm.url());
        factory = factory(crm);
    }

    @AfterEach
    final void stopAll() throws Exception {
        link.release();
        try {
            for (CrmConnector adapter : running) {
                factory.stop(adapter);
            }
        } finally {
            link.close();
            crm.close();
        }
    }

    /** The fake CRM of the running check. */
    protected final FakeCrm crm() {
        return crm;
    }

    /** Starts an adapter pointed at the link, which the kit stops after the check. */
    protected final CrmConnector start(Login login) throws Exception {
        CrmConnector adapter = factory.start(link.url(), login);
        assertNotNull(adapter, "the factory started no adapter");
        running.add(adapter);
        return adapter;
    }

    /** An adapter that has delivered one log, so it holds whatever session its CRM gives. */
    private CrmConnector warm() throws Exception {
        CrmConnector adapter = start(Login.VALID);
        DeliveryResult first = adapter.saveInteractionLog(SampleLogs.log("warm-up"));
        assertEquals(Status.OK, first.status(), "a healthy CRM takes a log: " + first);
        return adapter;
    }

    // ---- idempotency --------------------------------------------------------------------------

    @Test
    void aLogDeliveredTwiceLeavesOneRecord() throws Exception {
        CrmConnector adapter = start(Login.VALID);
        InteractionLog log = SampleLogs.log("twice");

        DeliveryResult first = adapter.saveInteractionLog(log);
        DeliveryResult again = adapter.saveInteractionLog(new InteractionLog(log.interaction, null));

        assertEquals(Status.OK, first.status(), first.toString());
        assertEquals(Status.OK, again.status(), again.toString());
        assertEquals(1, crm.recordsWithKey(log.tenantKey()).size(), "records with key " + log.tenantKey());
    }

    @Test
    void aBatchDeliveredTwiceLeavesOneRecordPerLog() throws Exception {
        CrmConnector adapter = start(Login.VALID);
        List<InteractionLog> logs = List.of(SampleLogs.log("batch"), SampleLogs.log("batch"), SampleLogs.log("batch"));

        List<DeliveryResult> first = adapter.saveInteractionLogs(logs);
        List<DeliveryResult> again = adapter.saveInteractionLogs(logs);

        assertEquals(3, first.size(), "one result per log");
        assertEquals(3, again.size(), "one result per log");
        for (int i = 0; i < logs.size(); i++) {
            assertEquals(Status.OK, first.get(i).status(), first.get(i).toString());
            assertEquals(Status.OK, again.get(i).status(), again.get(i).toString());
            assertEquals(1, crm.recordsWithKey(logs.get(i).tenantKey()).size(), "records of log " + i);
        }
    }

    @Test
    void anExistingRecordIsUpdatedNotCreated() throws Exception {
        CrmConnector adapter = start(Login.VALID);
        assumeTrue(adapter.updatesLogs(), "this adapter instance does not update logs it wrote");
        Interaction call = SampleLogs.call("update");
        DeliveryResult first = adapter.saveInteractionLog(new InteractionLog(call, null));
        assertEquals(Status.OK, first.status(), first.toString());
        CrmRecordRef written = first.record();
        assertNotNull(written, "an adapter that updates logs reports the record it wrote");

        call.comments = "wrap-up notes of " + call.interactionId;
        DeliveryResult update = adapter.saveInteractionLog(new InteractionLog(call, written));

        assertEquals(Status.OK, update.status(), update.toString());
        List<String> records = crm.recordsWithKey(new InteractionLog(call, null).tenantKey());
        assertEquals(1, records.size(), "the update created no second record: " + records);
        assertTrue(crm.notesOf(records.get(0)).contains(call.comments), "the record has the new notes: "
                + crm.notesOf(records.get(0)));
    }

    // ---- classification -----------------------------------------------------------------------

    @Test
    void anOutageAnswersRetry() throws Exception {
        CrmConnector adapter = warm();
        link.set(Fault.OUTAGE);
        assertEveryDeliveryAnswers(adapter, Status.RETRY);
        assertPopFailsRetryably(adapter);

        link.set(Fault.NONE);
        InteractionLog log = SampleLogs.log("after-outage");
        assertEquals(Status.OK, adapter.saveInteractionLog(log).status(), "delivered once the CRM is back");
        assertEquals(1, crm.recordsWithKey(log.tenantKey()).size());
    }

    @Test
    void aRateLimitAnswersRetryWithTheCrmsRetryAfter() throws Exception {
        CrmConnector adapter = warm();
        link.set(Fault.RATE_LIMITED);
        Duration wait = Duration.ofSeconds(CrmLink.RETRY_AFTER_SECONDS);

        DeliveryResult single = adapter.saveInteractionLog(SampleLogs.log("limited"));
        List<DeliveryResult> batch = adapter.saveInteractionLogs(List.of(SampleLogs.log("limited"), SampleLogs.log("limited")));

        assertEquals(Status.RETRY, single.status(), single.toString());
        assertEquals(wait, single.retryAfter(), "Retry-After passed on: " + single);
        for (DeliveryResult r : batch) {
            assertEquals(Status.RETRY, r.status(), r.toString());
            assertEquals(wait, r.retryAfter(), "Retry-After passed on: " + r);
        }
        assertPopFailsRetryably(adapter);
    }

    @Test
    void aServerErrorAnswersRetry() throws Exception {
        CrmConnector adapter = warm();
        link.set(Fault.SERVER_ERROR);
        assertEveryDeliveryAnswers(adapter, Status.RETRY);
        assertPopFailsRetryably(adapter);
    }

    @Test
    void aValidationErrorAnswersCancelWithTheCrmsMessage() throws Exception {
        CrmConnector adapter = warm();
        String reason = "Subject must name the product line";
        crm.rejectWrites(reason);

        DeliveryResult single = adapter.saveInteractionLog(SampleLogs.log("invalid"));
        List<DeliveryResult> batch = adapter.saveInteractionLogs(List.of(SampleLogs.log("invalid"), SampleLogs.log("invalid")));

        assertEquals(Status.CANCEL, single.status(), single.toString());
        assertTrue(single.message() != null && single.message().contains(reason), "the CRM's words: " + single);
        for (DeliveryResult r : batch) {
            assertEquals(Status.CANCEL, r.status(), r.toString());
        }
    }

    /**
     * Refused credentials are a configuration error an operator fixes: the
     * log must wait for that (RETRY), not be dropped as invalid (CANCEL).
     * A lookup cannot wait, and asking again will not help until then.
     */
    @Test
    void refusedCredentialsKeepLogsWaitingAndFailLookupsForGood() throws Exception {
        CrmConnector adapter = start(Login.REFUSED);

        DeliveryResult single = adapter.saveInteractionLog(SampleLogs.log("refused"));
        List<DeliveryResult> batch = adapter.saveInteractionLogs(List.of(SampleLogs.log("refused"), SampleLogs.log("refused")));

        assertEquals(Status.RETRY, single.status(), single.toString());
        batch.forEach(r -> assertEquals(Status.RETRY, r.status(), r.toString()));
        assertNoSecretIn(String.valueOf(single.message()));
        CrmException pop = assertThrows(CrmException.class, () -> adapter.screenPop(popRequest(SampleLogs.CALLER)));
        assertFalse(pop.isRetryable(), "refused credentials do not heal by asking again: " + pop);
        assertNoSecretIn(pop.getMessage());
    }

    @Test
    void noExceptionEscapesADeliveryMethod() throws Exception {
        CrmConnector adapter = warm();
        for (Fault fault : List.of(Fault.NONE, Fault.OUTAGE, Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.GARBAGE)) {
            link.set(fault);
            for (InteractionLog log : oddLogs()) {
                String what = fault + ", " + log.key();
                assertNotNull(assertDoesNotThrow(() -> adapter.saveInteractionLog(log), what), what);
                assertNotNull(assertDoesNotThrow(() -> adapter.setDisposition(
                        new DispositionUpdate(log.interaction, "Resolved", log.existingRecord)), what), what);
                assertNotNull(assertDoesNotThrow(() -> adapter.onTrigger(new TriggerEvent(Trigger.ENDED, log.interaction)),
                        what), what);
            }
            List<DeliveryResult> all = assertDoesNotThrow(() -> adapter.saveInteractionLogs(oddLogs()), fault.name());
            assertEquals(oddLogs().size(), all.size(), "one result per log, " + fault);
            assertEquals(List.of(), assertDoesNotThrow(() -> adapter.saveInteractionLogs(List.of()), fault.name()));
        }
    }

    // ---- concurrency and timing ---------------------------------------------------------------

    @Test
    void concurrentDeliveriesAreSafe() throws Exception {
        // a cold adapter: its first session is fetched by many threads at once
        CrmConnector adapter = start(Login.VALID);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<InteractionLog> logs = new CopyOnWriteArrayList<>();
        List<Future<List<DeliveryResult>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                List<InteractionLog> mine = List.of(SampleLogs.log("parallel"), SampleLogs.log("parallel"),
                        SampleLogs.log("parallel"));
                logs.addAll(mine);
                futures.add(pool.submit(() -> {
                    go.await();
                    List<DeliveryResult> results = new ArrayList<>();
                    results.add(adapter.saveInteractionLog(mine.get(0)));
                    results.addAll(adapter.saveInteractionLogs(mine.subList(1, 3)));
                    return results;
                }));
            }
            go.countDown();
            for (Future<List<DeliveryResult>> f : futures) {
                for (DeliveryResult r : f.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    assertEquals(Status.OK, r.status(), r.toString());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (InteractionLog log : logs) {
            assertEquals(1, crm.recordsWithKey(log.tenantKey()).size(), "records with key " + log.tenantKey());
        }
    }

    @Test
    void aScreenPopFindsTheCallerWhateverTheNumbersFormat() throws Exception {
        String id = crm.addCaller("Ada Lovelace", SampleLogs.STORED_NUMBER);
        CrmConnector adapter = start(Login.VALID);

        ScreenPopResult found = adapter.screenPop(popRequest(SampleLogs.CALLER));
        ScreenPopResult unknown = adapter.screenPop(popRequest("+1 (555) 987-0000"));

        assertEquals(ScreenPopResult.Match.ONE, found.match(), "matches: " + found.matches.size());
        assertEquals(id, found.matches.get(0).id);
        assertNotNull(found.pop, "one match pops it");
        assertEquals(ScreenPopResult.Match.NONE, unknown.match());
    }

    @Test
    void aScreenPopAnswersWithinItsTimeoutOrThrows() throws Exception {
        CrmConnector adapter = warm();
        link.set(Fault.HOLD);
        Duration bound = factory.screenPopTimeout().plus(POP_SLACK);

        CrmException e = assertTimeoutPreemptively(bound,
                () -> assertThrows(CrmException.class, () -> adapter.screenPop(popRequest("+1 (555) 222-3333"))),
                "a CRM that does not answer holds the agent's pop no longer than the lookup timeout");
        assertTrue(e.isRetryable(), "a slow CRM may answer later: " + e);
    }

    @Test
    void statusAnswersAtOnceAndHoldsNoSecret() throws Exception {
        CrmConnector adapter = warm();
        link.set(Fault.HOLD);

        Map<String, Object> status = assertTimeoutPreemptively(AT_ONCE, adapter::status,
                "status() must not wait for the CRM");

        assertNotNull(status);
        status.forEach((k, v) -> assertTrue(isPlain(v), () -> k + " is a plain value, not a " + v.getClass().getName()));
        assertNoSecretIn(status.toString());
    }

    @Test
    void stopsCleanlyWhileADeliveryIsInFlight() throws Exception {
        CrmConnector adapter = warm();
        link.set(Fault.HOLD);
        InteractionLog log = SampleLogs.log("in-flight");

        CompletableFuture<DeliveryResult> inFlight = CompletableFuture.supplyAsync(() -> adapter.saveInteractionLog(log));
        assertTrue(link.awaitHeld(WAIT), "the delivery reached the CRM");
        running.remove(adapter);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                factory.stop(adapter);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        link.release();

        DeliveryResult result = inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotEquals(Status.CANCEL, result.status(), "a delivery cut short by a stop is retried: " + result);
        if (result.isOk()) {
            assertEquals(1, crm.recordsWithKey(log.tenantKey()).size());
        }
        DeliveryResult after = assertDoesNotThrow(() -> adapter.saveInteractionLog(SampleLogs.log("after-stop")));
        assertEquals(Status.RETRY, after.status(), "a stopped adapter turns work away for later: " + after);
        CrmException pop = assertThrows(CrmException.class, () -> adapter.screenPop(popRequest(SampleLogs.CALLER)));
        assertTrue(pop.isRetryable(), pop.toString());
    }

    // ---- packaging ----------------------------------------------------------------------------

    @Test
    void theBundleImportsTheApiPackagesAndLibrariesOnly() throws Exception {
        Path manifest = manifest();
        assumeTrue(Files.exists(manifest), "no bundle manifest at " + manifest.toAbsolutePath());
        List<String> outside = new ArrayList<>();
        for (String p : BundleImports.of(manifest)) {
            boolean api = API_PACKAGES.contains(p);
            boolean library = allowedLibraries().stream().anyMatch(l -> p.equals(l) || p.startsWith(l + "."));
            boolean jdk = p.startsWith("java.") || p.startsWith("javax.");
            if (!api && !library && !jdk) {
                outside.add(p);
            }
        }
        assertEquals(List.of(), outside, "imports beyond the API packages " + API_PACKAGES + " and " + allowedLibraries());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void assertEveryDeliveryAnswers(CrmConnector adapter, Status expected) {
        DeliveryResult single = adapter.saveInteractionLog(SampleLogs.log("faulted"));
        assertEquals(expected, single.status(), single.toString());
        List<DeliveryResult> batch = adapter.saveInteractionLogs(List.of(SampleLogs.log("faulted"), SampleLogs.log("faulted")));
        assertEquals(2, batch.size());
        batch.forEach(r -> assertEquals(expected, r.status(), r.toString()));
    }

    private void assertPopFailsRetryably(CrmConnector adapter) {
        // a number no earlier check looked up, so no cache can answer for the CRM
        CrmException e = assertThrows(CrmException.class, () -> adapter.screenPop(popRequest("+1 (555) 444-5555")));
        assertTrue(e.isRetryable(), "asking again later may succeed: " + e);
    }

    private void assertNoSecretIn(String text) {
        for (String secret : factory.secrets()) {
            assertFalse(text != null && !secret.isEmpty() && text.contains(secret), "a secret shows in: " + text);
        }
    }

    private static boolean isPlain(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return true;
        }
        if (v instanceof Collection<?> c) {
            return c.stream().allMatch(CrmConnectorConformanceTest::isPlain);
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().allMatch(CrmConnectorConformanceTest::isPlain);
        }
        return false;
    }

    private static ScreenPopRequest popRequest(String ani) {
        ScreenPopRequest request = new ScreenPopRequest();
        request.ani = ani;
        request.interaction = SampleLogs.call("pop");
        request.interaction.callerNumber = ani;
        return request;
    }

    /** Logs the engine could hand over on a bad day: sparse, odd characters, a record that is gone. */
    private static List<InteractionLog> oddLogs() {
        Interaction sparse = new Interaction();
        sparse.tenantId = SampleLogs.TENANT;
        sparse.interactionId = "sparse";
        sparse.channel = null;
        sparse.direction = null;
        sparse.interactionType = null;
        sparse.state = null;
        Interaction odd = SampleLogs.call("odd ' \" # % & / ? \\ <b> \u00e9\u4e2d\ud83d\ude00");
        odd.comments = "x".repeat(40_000);
        odd.durationSeconds = -5L;
        return List.of(new InteractionLog(sparse, null), new InteractionLog(odd, null),
                new InteractionLog(SampleLogs.call("gone"), new CrmRecordRef("unknown", "no-such-record", null)),
                new InteractionLog(SampleLogs.call("no-id"), new CrmRecordRef(null, null, null)));
    }
}
