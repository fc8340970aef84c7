package org.crmconnector.crm.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.dynamics.emulator.DataverseEmulator;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Entra ID client credentials: what is asked for, caching, renewal, certificates, refusals. */
class AuthenticationTest {

    @AutoClose
    private final DynamicsFixture fixture = new DynamicsFixture();

    @Test
    void oneTokenServesManyCallsAndIsRequestedForTheEnvironment() {
        DynamicsConnector dynamics = fixture.start();

        for (int i = 0; i < 5; i++) {
            assertTrue(dynamics.saveInteractionLog(SampleCalls.log("cached-" + i)).isOk());
        }

        assertEquals(1, fixture.environment.count("token"));
        Map<String, String> form = fixture.environment.tokenRequests().get(0);
        assertEquals("client_credentials", form.get("grant_type"));
        assertEquals(DataverseEmulator.CLIENT_ID, form.get("client_id"));
        assertEquals(fixture.environment.url() + "/.default", form.get("scope"));
        assertEquals(DataverseEmulator.CLIENT_SECRET, form.get("client_secret"));
    }

    @Test
    void aRevokedTokenIsRenewedOnceAndTheCallRepeated() {
        DynamicsConnector dynamics = fixture.start();
        assertTrue(dynamics.saveInteractionLog(SampleCalls.log("before")).isOk());
        fixture.environment.revokeTokens();

        DeliveryResult after = dynamics.saveInteractionLog(SampleCalls.log("after"));

        assertTrue(after.isOk(), after.toString());
        assertEquals(2, fixture.environment.count("token"));
        assertEquals(1, fixture.environment.count("unauthorized"));
    }

    @Test
    void aTokenIsRenewedBeforeItExpires() {
        DynamicsConnector dynamics = fixture.start();
        assertTrue(dynamics.saveInteractionLog(SampleCalls.log("early")).isOk());

        fixture.clock.advance(Duration.ofSeconds(DataverseEmulator.TOKEN_SECONDS).minusMinutes(4));
        assertTrue(dynamics.saveInteractionLog(SampleCalls.log("late")).isOk());

        assertEquals(2, fixture.environment.count("token"));
        assertEquals(0, fixture.environment.count("unauthorized"), "never sent an expiring token");
        assertTrue(dynamics.status().get("tokenExpiresAt").toString().startsWith("20"));
    }

    @Test
    void aCertificateSignsTheClientAssertion() throws Exception {
        String certificate = resource("certificate/certificate.pem");
        fixture.environment.trustCertificateKey(CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(certificate.getBytes(StandardCharsets.US_ASCII)))
                .getPublicKey());
        DynamicsConnector dynamics = fixture.start(DynamicsFixture.config(fixture.environment.url())
                .and("client.certificate", certificate)
                .and(".client.certificate.key", resource("certificate/key.pem").replace("\n", " ")));

        assertTrue(dynamics.saveInteractionLog(SampleCalls.log("by-certificate")).isOk());
        Map<String, String> form = fixture.environment.tokenRequests().get(0);
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form.get("client_assertion_type"));
        assertFalse(form.containsKey("client_secret"));
        assertEquals("certificate", dynamics.status().get("credential"));
    }

    @Test
    void aRefusedSecretKeepsLogsAndFailsLookupsWithEntrasReason() {
        DynamicsConnector dynamics = fixture.start(DynamicsFixture.config(fixture.environment.url())
                .and(".client.secret", "expired-secret"));

        DeliveryResult log = dynamics.saveInteractionLog(SampleCalls.log("refused"));
        CrmException pop = assertThrows(CrmException.class, () -> dynamics.screenPop(SampleCalls.call("+15551234567")));

        assertEquals(DeliveryResult.Status.RETRY, log.status());
        assertTrue(log.message().contains("AADSTS7000215"), log.message());
        assertFalse(pop.isRetryable());
        assertFalse(log.message().contains("expired-secret"));
    }

    @Test
    void aConfigurationProblemNamesItsAttribute() {
        IllegalArgumentException noCredential = assertThrows(IllegalArgumentException.class,
                () -> fixture.start(DynamicsFixture.config(fixture.environment.url())));
        IllegalArgumentException plainHttp = assertThrows(IllegalArgumentException.class,
                () -> fixture.start(fixture.config().and("environment.url", "http://contoso.crm.dynamics.com")));
        IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class,
                () -> fixture.start(fixture.config().and("phonecall.keyColumn", "New Key")));
        IllegalArgumentException badCertificate = assertThrows(IllegalArgumentException.class,
                () -> fixture.start(DynamicsFixture.config(fixture.environment.url())
                        .and("client.certificate", "not a certificate").and(".client.certificate.key", "secret-key-text")));

        assertTrue(noCredential.getMessage().contains(".client.secret is required"), noCredential.getMessage());
        assertTrue(plainHttp.getMessage().contains("environment.url must use https"), plainHttp.getMessage());
        assertTrue(badKey.getMessage().contains("phonecall.keyColumn"), badKey.getMessage());
        assertTrue(badCertificate.getMessage().contains("client.certificate"), badCertificate.getMessage());
        assertFalse(badCertificate.getMessage().contains("secret-key-text"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AuthenticationTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
