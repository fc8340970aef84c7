package org.crmconnector.crm.genericrest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.genericrest.http.RestClient;
import org.crmconnector.crm.genericrest.http.RestFailure;
import org.crmconnector.crm.genericrest.http.RestRequest;
import org.crmconnector.crm.genericrest.http.RetryPolicy;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm.Reply;
import org.crmconnector.crm.genericrest.testing.RecordingSleeper;
import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.crm.support.http.HttpClientResource;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each authentication mode against a real server: what arrives in the Authorization (or key) header. */
class AuthenticationTest {

    private LoopbackCrm crm;
    private HttpClientResource http;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        crm = new LoopbackCrm();
        crm.on("GET", "/api", Reply.json(200, "{}"));
        http = new HttpClientResource("test", Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        http.close();
        crm.close();
    }

    private LoopbackCrm.Received callWith(Authentication auth) throws RestFailure {
        client(auth).send(new RestRequest("GET", URI.create(crm.url("/api")), List.of(), null, null));
        List<LoopbackCrm.Received> calls = crm.received("/api");
        return calls.get(calls.size() - 1);
    }

    private RestClient client(Authentication auth) {
        return new RestClient(http.client(), auth, new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(5), new RecordingSleeper(), clock);
    }

    private OAuth2Authentication oauth(OAuth2Authentication.Grant grant, OAuth2Authentication.ClientAuth clientAuth,
            String prefix) {
        return new OAuth2Authentication(URI.create(crm.url("/token")), grant, "client-1", "s3cr3t&=",
                "refresh-1", "crm.read crm.write", clientAuth, prefix, http.client(), Duration.ofSeconds(5), clock);
    }

    @Test
    void none() throws Exception {
        assertNull(callWith(new NoAuthentication()).header("Authorization"));
    }

    @Test
    void basic() throws Exception {
        String expected = "Basic " + Base64.getEncoder().encodeToString("ada:pä:ss".getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, callWith(HeaderAuthentication.basic("ada", "pä:ss")).header("Authorization"));
    }

    @Test
    void bearerWithPrefixOrAlone() throws Exception {
        assertEquals("Bearer tok", callWith(HeaderAuthentication.bearer("Bearer", "tok")).header("Authorization"));
        assertEquals("Zoho-oauthtoken tok",
                callWith(HeaderAuthentication.bearer("Zoho-oauthtoken", "tok")).header("Authorization"));
        assertEquals("tok", callWith(HeaderAuthentication.bearer("", "tok")).header("Authorization"));
    }

    @Test
    void apiKeyHeader() throws Exception {
        LoopbackCrm.Received r = callWith(HeaderAuthentication.apiKey("X-API-Key", "k-1"));
        assertEquals("k-1", r.header("X-API-Key"));
        assertNull(r.header("Authorization"));
    }

    @Test
    void describeNeverShowsSecrets() {
        assertFalse(HeaderAuthentication.bearer("Bearer", "tok-secret").describe().contains("tok-secret"));
        assertFalse(HeaderAuthentication.basic("u", "pw-secret").describe().contains("pw-secret"));
        assertFalse(oauth(OAuth2Authentication.Grant.CLIENT_CREDENTIALS, OAuth2Authentication.ClientAuth.POST, "Bearer")
                .describe().contains("s3cr3t"));
    }

    @Test
    void oauth2ClientCredentialsTokenIsFetchedOnceAndCached() throws Exception {
        crm.on("POST", "/token", Reply.json(200, "{\"access_token\":\"t1\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));
        Authentication auth = oauth(OAuth2Authentication.Grant.CLIENT_CREDENTIALS, OAuth2Authentication.ClientAuth.POST,
                "Bearer");
        assertEquals("Bearer t1", callWith(auth).header("Authorization"));
        assertEquals("Bearer t1", callWith(auth).header("Authorization"));
        assertEquals(1, crm.received("/token").size());
        LoopbackCrm.Received token = crm.received("/token").get(0);
        assertEquals("application/x-www-form-urlencoded", token.header("Content-Type"));
        Map<String, List<String>> form = token.form();
        assertEquals(List.of("client_credentials"), form.get("grant_type"));
        assertEquals(List.of("client-1"), form.get("client_id"));
        assertEquals(List.of("s3cr3t&="), form.get("client_secret"));
        assertEquals(List.of("crm.read crm.write"), form.get("scope"));
    }

    @Test
    void oauth2TokenIsRenewedBeforeItExpires() throws Exception {
        crm.on("POST", "/token", Reply.json(200, "{\"access_token\":\"t1\",\"expires_in\":3600}"),
                Reply.json(200, "{\"access_token\":\"t2\",\"expires_in\":3600}"));
        Authentication auth = oauth(OAuth2Authentication.Grant.CLIENT_CREDENTIALS, OAuth2Authentication.ClientAuth.POST,
                "Bearer");
        assertEquals("Bearer t1", callWith(auth).header("Authorization"));
        clock.advance(Duration.ofSeconds(3600 - 61));
        assertEquals("Bearer t1", callWith(auth).header("Authorization"), "still valid");
        clock.advance(Duration.ofSeconds(2));
        assertEquals("Bearer t2", callWith(auth).header("Authorization"), "renewed 60 s before expiry");
        assertEquals(2, crm.received("/token").size());
    }

    @Test
    void oauth2TokenIsRenewedOnceWhenTheCrmAnswers401() throws Exception {
        crm.on("POST", "/token", Reply.json(200, "{\"access_token\":\"revoked\"}"),
                Reply.json(200, "{\"access_token\":\"fresh\"}"));
        crm.on("GET", "/api", Reply.json(401, ""), Reply.json(200, "{}"));
        Authentication auth = oauth(OAuth2Authentication.Grant.CLIENT_CREDENTIALS, OAuth2Authentication.ClientAuth.POST,
                "Bearer");
        LoopbackCrm.Received last = callWith(auth);
        assertEquals("Bearer fresh", last.header("Authorization"));
        assertEquals(List.of("Bearer revoked", "Bearer fresh"),
                crm.received("/api").stream().map(r -> r.header("Authorization")).toList());
    }

    @Test
    void persistent401AfterRenewalFailsWithoutRetry() {
        crm.on("POST", "/token", Reply.json(200, "{\"access_token\":\"t\"}"));
        crm.on("GET", "/api", Reply.json(401, ""));
        Authentication auth = oauth(OAuth2Authentication.Grant.CLIENT_CREDENTIALS, OAuth2Authentication.ClientAuth.POST,
                "Bearer");
        RestFailure f = assertThrows(RestFailure.class, () -> callWith(auth));
        assertFalse(f.isRetryable());
        assertEquals(2, crm.received("/api").size());
    }

    @Test
    void oauth2RefreshTokenGrantWithBasicClientAuthentication() throws Exception {
        crm.on("POST", "/token", Reply.json(200, "{\"access_token\":\"z1\",\"expires_in\":3600,\"api_domain\":\"x\"}"));
        Authentication auth = oauth(OAuth2Authentication.Grant.REFRESH_TOKEN, OAuth2Authentication.ClientAuth.BASIC,
                "Zoho-oauthtoken");
        assertEquals("Zoho-oauthtoken z1", callWith(auth).header("Authorization"));
        LoopbackCrm.Received token = crm.received("/token").get(0);
        assertEquals(List.of("refresh_token"), token.form().get("grant_type"));
        assertEquals(List.of("refresh-1"), token.form().get("refresh_token"));
        assertNull(token.form().get("client_secret"));
        String basic = "Basic " + Base64.getEncoder().encodeToString("client-1:s3cr3t%26%3D".getBytes(StandardCharsets.UTF_8));
        assertEquals(basic, token.header("Authorization"));
    }

    @Test
    void refusedCredentialsAreNotRetried() {
        crm.on("POST", "/token", Reply.json(401, "{\"error\":\"invalid_client\"}"));
        Authentication auth = oauth(OAuth2Authentication.Grant.CLIENT_CREDENTIALS, OAuth2Authentication.ClientAuth.POST,
                "Bearer");
        RestFailure f = assertThrows(RestFailure.class, () -> callWith(auth));
        assertFalse(f.isRetryable());
        assertTrue(f.getMessage().contains("invalid_client"), f.getMessage());
        assertFalse(f.getMessage().contains("s3cr3t"));
        assertEquals(1, crm.received("/token").size());
        assertTrue(crm.received("/api").isEmpty());
    }

    @Test
    void tokenEndpointOutageIsRetryable() {
        crm.on("POST", "/token", Reply.json(503, ""));
        Authentication auth = oauth(OAuth2Authentication.Grant.CLIENT_CREDENTIALS, OAuth2Authentication.ClientAuth.POST,
                "Bearer");
        RestFailure f = assertThrows(RestFailure.class, () -> callWith(auth));
        assertTrue(f.isRetryable());
        assertEquals(2, crm.received("/token").size(), "the client's two attempts each asked for a token");
    }

    @Test
    void tokenAnswerWithoutAccessTokenIsRefused() {
        crm.on("POST", "/token", Reply.json(200, "{\"error\":\"invalid_code\"}"));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> oauth(OAuth2Authentication.Grant.REFRESH_TOKEN, OAuth2Authentication.ClientAuth.POST, "Bearer")
                        .current());
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("invalid_code"));
    }
}
