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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * <p>
 * Streams are held on one server (of a cluster, node {@code streamsOn}); a
 * stream that ends or cannot connect there goes to the next one, as a browser
 * behind a load balancer would, and resumes with {@code Last-Event-ID}. Each
 * agent's event ids are checked as they come: the bus numbers a topic's
 * events 1, 2, 3 on every node, so after the first one each id must be one
 * more than the last. A smaller one was received twice, a larger one skipped
 * some ({@link #write}).
 */
final class PopStream {

    private static final Pattern INTERACTION = Pattern.compile("\"interactionId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http;
    private final List<String> bases;
    private final int streamsOn;
    private final String tenant;
    private final String key;
    private final Map<String, Call> calls;
    private final BooleanSupplier running;
    private final Map<String, String> early = new ConcurrentHashMap<>();
    private final AtomicLong reconnects = new AtomicLong();
    private final Map<String, Ids> ids = new ConcurrentHashMap<>();

    PopStream(HttpClient http, List<String> bases, int streamsOn, String tenant, String key, Map<String, Call> calls,
            BooleanSupplier running) {
        this.http = http;
        this.bases = List.copyOf(bases);
        this.streamsOn = streamsOn;
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

    /** Reads the agent's event stream until the load stops, reconnecting whenever its server goes away. */
    void read(String agent) {
        Ids seen = ids.computeIfAbsent(agent, a -> new Ids());
        int node = streamsOn;
        int connectedTo = -1;
        while (running.getAsBoolean()) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(bases.get(node) + "/api/v1/tenants/" + tenant
                    + "/agents/" + agent + "/events")).header("Authorization", "Bearer " + key)
                    .header("Accept", "text/event-stream").GET();
            long last = seen.last;
            if (last > 0) {
                r.header("Last-Event-ID", Long.toString(last));
            }
            boolean connected = false;
            try {
                HttpResponse<InputStream> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() == 200) {
                    connected = true;
                    if (connectedTo >= 0) {
                        seen.resumed(last, node != connectedTo);
                    }
                    connectedTo = node;
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(),
                            StandardCharsets.UTF_8))) {
                        String event = null;
                        long id = -1;
                        String line;
                        while (running.getAsBoolean() && (line = in.readLine()) != null) {
                            if (line.startsWith("event:")) {
                                event = line.substring(6).trim();
                            } else if (line.startsWith("id:")) {
                                id = Long.parseLong(line.substring(3).trim());
                            } else if (line.startsWith("data:") && "screenPop".equals(event)) {
                                pop(line.substring(5));
                            } else if (line.isEmpty()) {
                                if (id >= 0) {
                                    seen.event(id);
                                }
                                event = null;
                                id = -1;
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
            if (!connected) {
                node = (node + 1) % bases.size(); // this one is away: the next one
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Per agent, tab-separated: agent, first id, last id, events with an id, ids received twice, ids skipped,
     * resumes (reconnects with Last-Event-ID), resumes on another server than the stream had, the first id after
     * each resume given as {@code last+1?first} when it differs (empty when every resume went on right after).
     */
    void write(java.nio.file.Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Ids> e : new TreeMap<>(ids).entrySet()) {
            Ids i = e.getValue();
            synchronized (i) {
                lines.add(e.getKey() + "\t" + i.first + "\t" + i.last + "\t" + i.events + "\t" + i.duplicates + "\t"
                        + i.skipped + "\t" + i.resumes + "\t" + i.resumesElsewhere + "\t" + String.join(",", i.badResumes));
            }
        }
        java.nio.file.Files.write(file, lines);
    }

    /** What one agent's stream received, by event id. */
    private static final class Ids {
        long first = -1;
        volatile long last = -1;
        long events;
        long duplicates;
        long skipped;
        int resumes;
        int resumesElsewhere;
        long resumedAfter = -1;
        final List<String> badResumes = new ArrayList<>();

        synchronized void resumed(long after, boolean elsewhere) {
            resumes++;
            if (elsewhere) {
                resumesElsewhere++;
            }
            resumedAfter = after;
        }

        synchronized void event(long id) {
            events++;
            if (resumedAfter >= 0) {
                if (id != resumedAfter + 1) {
                    badResumes.add((resumedAfter + 1) + "?" + id);
                }
                resumedAfter = -1;
            }
            if (first < 0) {
                first = id;
                last = id;
                return;
            }
            if (id <= last) {
                duplicates++;
                return;
            }
            skipped += id - last - 1;
            last = id;
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
