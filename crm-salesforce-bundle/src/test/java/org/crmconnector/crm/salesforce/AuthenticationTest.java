package org.crmconnector.crm.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.salesforce.emulator.SalesforceEmulator;
import org.crmconnector.testing.adapter.SampleCalls;
import org.crmconnector.testing.ConfigProperties;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

    @AutoClose
    private final AdapterFixture fixture = new AdapterFixture();

    @Test
    void clientCredentialsFlowLogsInOnceForManyCalls() throws Exception {
        SalesforceConnector sf = fixture.start();
        fixture.org.addContact("Jane Doe", "555-123-4567");

        sf.screenPop(SampleCalls.call("+15551234567"));
        assertTrue(sf.saveInteractionLog(SampleCalls.log("i-1")).isOk());

        assertEquals(1, fixture.org.count("token"));
        assertEquals("client_credentials", fixture.org.tokenRequests().get(0).get("grant_type"));
        assertEquals(SalesforceEmulator.CLIENT_SECRET, fixture.org.tokenRequests().get(0).get("client_secret"));
    }

    @Test
    void jwtBearerFlowSendsAnAssertionTheOrgVerifies() throws Exception {
        KeyPair keys = rsaKeys();
        fixture.org.trustJwtKey(keys.getPublic());
        SalesforceConnector sf = fixture.start(jwtConfig(keys));
        fixture.org.addContact("Jane Doe", "555-123-4567");

        assertEquals(1, sf.screenPop(SampleCalls.call("+15551234567")).matches.size());
        assertTrue(sf.saveInteractionLog(SampleCalls.log("i-1")).isOk());

        assertEquals(1, fixture.org.count("token"));
        assertEquals("urn:ietf:params:oauth:grant-type:jwt-bearer", fixture.org.tokenRequests().get(0).get("grant_type"));
    }

    @Test
    void jwtSignedWithAnotherKeyIsRefused() throws Exception {
        fixture.org.trustJwtKey(rsaKeys().getPublic());
        SalesforceConnector sf = fixture.start(jwtConfig(rsaKeys()));

        CrmException e = assertThrows(CrmException.class, () -> sf.screenPop(SampleCalls.call("+15551234567")));
        assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
        assertFalse(e.isRetryable(), "rejected credentials do not heal by waiting");
        // A log must survive a configuration error until an operator fixes it.
        assertEquals(DeliveryResult.Status.RETRY, sf.saveInteractionLog(SampleCalls.log("i-1")).status());
        assertEquals(0, fixture.org.tasks().size());
    }

    @Test
    void jwtForAnotherUserIsRefused() throws Exception {
        KeyPair keys = rsaKeys();
        fixture.org.trustJwtKey(keys.getPublic());
        SalesforceConnector sf = fixture.start(jwtConfig(keys).and("jwt.username", "someone@else.example"));

        CrmException e = assertThrows(CrmException.class, () -> sf.search(new org.crmconnector.crm.SearchRequest("t1", "Jane", 5)));
        assertTrue(e.getMessage().contains("user hasn't approved this consumer"), e.getMessage());
    }

    @Test
    void wrongSecretFailsWithoutRevealingIt() {
        SalesforceConnector sf = fixture.start(fixture.config().and(".client.secret", "wrong-secret-value"));

        CrmException e = assertThrows(CrmException.class, () -> sf.screenPop(SampleCalls.call("+15551234567")));
        assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret-value"));
        assertFalse(sf.toString().contains("wrong-secret-value"));
    }

    @Test
    void tokenExpiringMidRunIsRenewedOnceAndTheCallRepeated() {
        SalesforceConnector sf = fixture.start();
        assertTrue(sf.saveInteractionLog(SampleCalls.log("i-1")).isOk());
        assertEquals(1, fixture.org.count("token"));

        fixture.org.expireSessions();
        DeliveryResult second = sf.saveInteractionLog(SampleCalls.log("i-2"));

        assertTrue(second.isOk(), second.toString());
        assertEquals(2, fixture.org.count("token"));
        assertEquals(1, fixture.org.count("unauthorized"));
        assertEquals(2, fixture.org.tasks().size());
    }

    @Test
    void aSessionRefusedEvenAfterRenewalIsNotLoopedOn() {
        SalesforceConnector sf = fixture.start();
        fixture.org.rejectAllSessions(true);

        DeliveryResult result = sf.saveInteractionLog(SampleCalls.log("i-1"));

        assertEquals(DeliveryResult.Status.RETRY, result.status());
        assertTrue(result.message().contains("INVALID_SESSION_ID"), result.message());
        assertEquals(2, fixture.org.count("token"), "first login plus exactly one renewal");
        assertEquals(2, fixture.org.count("unauthorized"));
    }

    @Test
    void concurrentCallsAfterExpiryShareOneTokenRequest() throws Exception {
        SalesforceConnector sf = fixture.start();
        assertTrue(sf.saveInteractionLog(SampleCalls.log("warm-up")).isOk());
        fixture.org.expireSessions();
        SalesforceEmulator.Hold login = fixture.org.holdTokenRequest();

        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Thread> workers = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(callers);
        List<Future<DeliveryResult>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String id = "c-" + i;
            results.add(pool.submit(() -> {
                synchronized (workers) {
                    workers.add(Thread.currentThread());
                }
                started.countDown();
                return sf.saveInteractionLog(SampleCalls.log(id));
            }));
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(login.arrived.await(10, TimeUnit.SECONDS), "one caller asks for a new token");
        // The renewal is held; wait until every other caller is parked behind it, then let it finish.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (parked(workers) < callers - 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        login.release.countDown();

        for (Future<DeliveryResult> result : results) {
            assertTrue(result.get(10, TimeUnit.SECONDS).isOk());
        }
        pool.shutdown();
        assertEquals(2, fixture.org.count("token"), "the warm-up login and one shared renewal");
        assertEquals(callers + 1, fixture.org.tasks().size());
    }

    private static int parked(List<Thread> workers) {
        synchronized (workers) {
            return (int) workers.stream().filter(t -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.BLOCKED).count();
        }
    }

    private ConfigProperties<SalesforceConfig> jwtConfig(KeyPair keys) {
        return ConfigProperties.with(SalesforceConfig.class, "crm.instance", "acme-jwt")
                .and("instance.url", fixture.org.url())
                .and("auth.flow", "jwt_bearer")
                .and("client.id", SalesforceEmulator.CLIENT_ID)
                .and("jwt.username", SalesforceEmulator.JWT_USERNAME)
                .and("jwt.audience", SalesforceEmulator.JWT_AUDIENCE)
                .and(".jwt.privateKey", pem(keys));
    }

    static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static String pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
