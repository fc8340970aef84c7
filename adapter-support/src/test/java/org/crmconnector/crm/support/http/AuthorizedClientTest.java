package org.crmconnector.crm.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** Credentials on every request, and one renewal per call when the CRM answers 401. */
class AuthorizedClientTest {

    private HttpServer crm;
    private HttpClientResource http;
    /** The statuses the CRM answers, in order; 200 once they run out. */
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    /** The Authorization header of each request the CRM received. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        crm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        crm.createContext("/", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Authorization"));
            Integer status = statuses.poll();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Seen", String.valueOf(received.size()));
            exchange.sendResponseHeaders(status == null ? 200 : status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        crm.start();
        http = new HttpClientResource("test", Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        http.close();
        crm.stop(0);
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + crm.getAddress().getPort() + "/api"))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "configured");
    }

    /** Issues "t1", "t2", ...; renews only the token in force, as a cache shared by many calls would. */
    private static final class Tokens implements Credentials<String> {
        int issued;
        String current;
        final List<String> refused = new ArrayList<>();

        @Override
        public synchronized String current() {
            if (current == null) {
                current = "t" + ++issued;
            }
            return current;
        }

        @Override
        public void apply(String token, HttpRequest.Builder request) {
            request.setHeader("Authorization", "Bearer " + token);
        }

        @Override
        public synchronized String renew(String stale) {
            refused.add(stale);
            if (stale.equals(current)) {
                current = null;
            }
            return current();
        }
    }

    @Test
    void credentialsAreSetLastAndWinOverAHeaderOfTheRequest() throws Exception {
        HttpResponse<String> response = new AuthorizedClient<>(http.client(), new Tokens()).call().send(request());
        assertEquals(200, response.statusCode());
        assertEquals(List.of("Bearer t1"), received);
    }

    @Test
    void a401RenewsTheRefusedCredentialsOnceAndRepeatsTheRequest() throws Exception {
        statuses.add(401);
        Tokens tokens = new Tokens();
        HttpResponse<String> response = new AuthorizedClient<>(http.client(), tokens).call().send(request());
        assertEquals(200, response.statusCode());
        assertEquals(List.of("Bearer t1", "Bearer t2"), received);
        assertEquals(List.of("t1"), tokens.refused);
    }

    @Test
    void aSecond401IsTheAnswerNotALoop() throws Exception {
        statuses.addAll(List.of(401, 401, 401));
        HttpResponse<String> response = new AuthorizedClient<>(http.client(), new Tokens()).call().send(request());
        assertEquals(401, response.statusCode());
        assertEquals(2, received.size());
    }

    @Test
    void oneCallRenewsOnceOverAllItsRequests() throws Exception {
        statuses.addAll(List.of(401, 503, 401));
        AuthorizedClient<String>.Call call = new AuthorizedClient<>(http.client(), new Tokens()).call();
        assertEquals(503, call.send(request()).statusCode());
        assertEquals(401, call.send(request()).statusCode(), "the adapter's retry of the same call");
        assertEquals(List.of("Bearer t1", "Bearer t2", "Bearer t2"), received);
    }

    @Test
    void fixedCredentialsAreNotRenewedAndThe401IsTheAnswer() throws Exception {
        statuses.add(401);
        Credentials<String> apiKey = new Credentials<>() {
            @Override
            public String current() {
                return "k";
            }

            @Override
            public void apply(String key, HttpRequest.Builder request) {
                request.setHeader("Authorization", key);
            }
        };
        assertEquals(401, new AuthorizedClient<>(http.client(), apiKey).call().send(request()).statusCode());
        assertEquals(List.of("k"), received);
    }

    @Test
    void credentialsThatCannotBeObtainedSendNothing() {
        Credentials<String> down = new Credentials<>() {
            @Override
            public String current() throws AuthenticationException {
                throw new AuthenticationException("token endpoint unreachable", true);
            }

            @Override
            public void apply(String token, HttpRequest.Builder request) {
                request.setHeader("Authorization", token);
            }
        };
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> new AuthorizedClient<>(http.client(), down).call().send(request()));
        assertTrue(e.isRetryable());
        assertTrue(received.isEmpty());
    }

    @Test
    void theObserverSeesTheRefusedAnswerToo() throws Exception {
        statuses.add(401);
        List<String> seen = new ArrayList<>();
        new AuthorizedClient<>(http.client(), new Tokens(),
                r -> seen.add(r.statusCode() + "#" + r.headers().firstValue("X-Seen").orElse("")))
                .call().send(request());
        assertEquals(List.of("401#1", "200#2"), seen);
    }

    @Test
    void theRequestHandedInIsNotChanged() throws Exception {
        HttpRequest.Builder request = request();
        new AuthorizedClient<>(http.client(), new Tokens()).call().send(request);
        assertEquals(List.of("configured"), request.build().headers().allValues("Authorization"));
        assertFalse(http.isClosed());
    }

    @Test
    void closingTheResourceStopsItsThreads() {
        HttpClientResource resource = new HttpClientResource("closing", Duration.ofSeconds(1));
        assertSame(resource.client(), resource.client());
        resource.close();
        assertTrue(resource.isClosed());
    }
}
