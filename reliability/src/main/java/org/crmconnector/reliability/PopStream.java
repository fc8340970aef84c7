package org.crmconnector.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The screen pops of the load's calls, read from each agent's event stream
 * (seed 004): the first pop of a call sets its pop status and time. A pop may
 * arrive before its call is known to the load (the incomingCall's answer is
 * still on its way); it waits in {@link #earlyPop}.
 */
final class PopStream {

    private static final Pattern INTERACTION = Pattern.compile("\"interactionId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http;
    private final String base;
    private final String tenant;
    private final String key;
    private final Map<String, Call> calls;
    private final BooleanSupplier running;
    private final Map<String, String> early = new ConcurrentHashMap<>();
    private final AtomicLong reconnects = new AtomicLong();

    PopStream(HttpClient http, String base, String tenant, String key, Map<String, Call> calls,
            BooleanSupplier running) {
        this.http = http;
        this.base = base;
        this.tenant = tenant;
        this.key = key;
        this.calls = calls;
        this.running = running;
    }

    /** The status of a pop that came before its call was known, once; null when none did. */
    String earlyPop(String callId) {
        return early.remove(callId);
    }

    long reconnects() {
        return reconnects.get();
    }

    /** Reads the agent's event stream until the load stops, reconnecting whenever the server goes away. */
    void read(String agent) {
        while (running.getAsBoolean()) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/" + tenant + "/agents/" + agent
                    + "/events")).header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").GET()
                    .build();
            try {
                HttpResponse<InputStream> resp = http.send(r, HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() == 200) {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(),
                            StandardCharsets.UTF_8))) {
                        String event = null;
                        String line;
                        while (running.getAsBoolean() && (line = in.readLine()) != null) {
                            if (line.startsWith("event:")) {
                                event = line.substring(6).trim();
                            } else if (line.startsWith("data:") && "screenPop".equals(event)) {
                                pop(line.substring(5));
                            } else if (line.isEmpty()) {
                                event = null;
                            }
                        }
                    }
                } else {
                    resp.body().close();
                }
            } catch (IOException e) {
                // server gone: reconnect below
            } catch (InterruptedException e) {
                return;
            }
            if (!running.getAsBoolean()) {
                return;
            }
            reconnects.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pop(String data) {
        long now = System.nanoTime();
        Matcher m = INTERACTION.matcher(data);
        if (!m.find()) {
            return;
        }
        Matcher s = STATUS.matcher(data);
        String status = s.find() ? s.group(1) : "?";
        Call c = calls.get(m.group(1));
        if (c == null) {
            early.putIfAbsent(m.group(1), status);
            return;
        }
        if (c.popNanos < 0) {
            c.popStatus = status;
            c.popNanos = now;
        }
    }
}
