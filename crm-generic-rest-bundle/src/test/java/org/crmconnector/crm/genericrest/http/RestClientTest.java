package org.crmconnector.crm.genericrest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.genericrest.auth.NoAuthentication;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm.Reply;
import org.crmconnector.crm.genericrest.testing.RecordingSleeper;
import org.crmconnector.crm.support.http.HttpClientResource;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestClientTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private LoopbackCrm crm;
    private HttpClientResource http;
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final MutableClock clock = new MutableClock(NOW);
    private RestClient client;

    @BeforeEach
    void start() throws Exception {
        crm = new LoopbackCrm();
        http = new HttpClientResource("test", Duration.ofSeconds(2));
        client = new RestClient(http.client(), new NoAuthentication(),
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(30)),
                Duration.ofSeconds(5), sleeper, clock);
    }

    @AfterEach
    void stop() {
        http.close();
        crm.close();
    }

    private RestRequest get(String path) {
        return new RestRequest("GET", URI.create(crm.url(path)), List.of(), null, null);
    }

    @Test
    void retries5xxWithExponentialBackoffUntilSuccess() throws Exception {
        crm.on("GET", "/x", Reply.json(503, ""), Reply.json(500, ""), Reply.json(200, "{\"ok\":1}"));
        RestResponse response = client.send(get("/x"));
        assertEquals(200, response.status());
        assertEquals(3, crm.received("/x").size());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), sleeper.waits);
    }

    @Test
    void backoffIsCappedAtTheMaximum() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(250), Duration.ZERO);
        assertEquals(Duration.ofMillis(250), p.backoff(3));
        assertEquals(Duration.ofMillis(250), p.backoff(9));
    }

    @Test
    void givesUpAfterMaxAttemptsWithARetryableFailure() {
        crm.on("GET", "/x", Reply.json(502, "{\"message\":\"bad gateway\"}"));
        RestFailure f = assertThrows(RestFailure.class, () -> client.send(get("/x")));
        assertTrue(f.isRetryable());
        assertEquals(502, f.status());
        assertEquals(3, crm.received("/x").size());
        assertTrue(f.getMessage().contains("HTTP 502") && f.getMessage().contains("bad gateway"), f.getMessage());
    }

    @Test
    void honoursRetryAfterSecondsOn429() throws Exception {
        crm.on("GET", "/x", Reply.json(429, "").withHeader("Retry-After", "7"), Reply.json(200, "{}"));
        client.send(get("/x"));
        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits);
    }

    @Test
    void honoursRetryAfterHttpDate() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(12).atOffset(ZoneOffset.UTC));
        crm.on("GET", "/x", Reply.json(503, "").withHeader("Retry-After", date), Reply.json(200, "{}"));
        client.send(get("/x"));
        assertEquals(List.of(Duration.ofSeconds(12)), sleeper.waits);
    }

    @Test
    void longRetryAfterIsHandedBackInsteadOfWaitedFor() {
        crm.on("GET", "/x", Reply.json(429, "").withHeader("Retry-After", "120"));
        RestFailure f = assertThrows(RestFailure.class, () -> client.send(get("/x")));
        assertTrue(f.isRetryable());
        assertEquals(Duration.ofSeconds(120), f.retryAfter());
        assertEquals(1, crm.received("/x").size());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void noRetryOn400() {
        crm.on("GET", "/x", Reply.json(400, "{\"error\":\"bad phone\"}"));
        RestFailure f = assertThrows(RestFailure.class, () -> client.send(get("/x")));
        assertFalse(f.isRetryable());
        assertEquals(400, f.status());
        assertNull(f.retryAfter());
        assertEquals(1, crm.received("/x").size());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void noRetryOn404Or403() {
        crm.on("GET", "/f", Reply.json(403, ""));
        assertFalse(assertThrows(RestFailure.class, () -> client.send(get("/f"))).isRetryable());
        assertFalse(assertThrows(RestFailure.class, () -> client.send(get("/unknown"))).isRetryable());
        assertEquals(1, crm.received("/f").size());
    }

    @Test
    void connectionRefusedIsRetryable() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        RestRequest request = new RestRequest("GET", URI.create("http://127.0.0.1:" + freePort + "/x"), List.of(),
                null, null);
        RestFailure f = assertThrows(RestFailure.class, () -> client.send(request));
        assertTrue(f.isRetryable());
        assertEquals(0, f.status());
        assertEquals(2, sleeper.waits.size(), "three attempts, two waits");
    }

    @Test
    void sendsMethodHeadersAndBody() throws Exception {
        crm.on("PATCH", "/r/1", Reply.json(204, ""));
        client.send(new RestRequest("PATCH", URI.create(crm.url("/r/1")), List.of(Map.entry("X-A", "b")),
                "{\"a\":1}", "application/json"));
        LoopbackCrm.Received r = crm.received("/r/1").get(0);
        assertEquals("PATCH", r.method());
        assertEquals("b", r.header("X-A"));
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"a\":1}", r.body());
    }

    @Test
    void describeLeavesOutTheQuery() {
        RestRequest r = new RestRequest("GET", URI.create("https://crm.example.com/a/b?api_key=secret"), List.of(),
                null, null);
        assertEquals("GET crm.example.com/a/b", r.describe());
    }
}
