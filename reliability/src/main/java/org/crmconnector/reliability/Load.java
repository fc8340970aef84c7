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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady call load: each call is incomingCall, callAccepted, callEnded,
 * callNotesSubmitted for one conversation, at a fixed rate, spread over
 * agents whose event streams are read for the screen pops. Survives the
 * server going away (kill -9): requests that fail are counted, streams
 * reconnect. Writes, in --out:
 * <ul>
 * <li>calls.tsv: conversationId, start epoch ms, incomingCall status, pop status, pop latency ms (-1 none),
 *     notes status (the callNotesSubmitted answer; 0 = no answer)</li>
 * <li>acked.txt: the keys whose callNotesSubmitted was answered 2xx (acknowledged logs)</li>
 * <li>sent.txt: every key whose callNotesSubmitted was sent</li>
 * <li>summary.txt: counts</li>
 * </ul>
 */
public final class Load {

    private static final Pattern INTERACTION = Pattern.compile("\"interactionId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    static final class Call {
        final String id;
        final long startEpochMs;
        final long startNanos;
        volatile int incoming;
        volatile int notes;
        volatile boolean notesSent;
        volatile String popStatus = "-";
        volatile long popNanos = -1;

        Call(String id) {
            this.id = id;
            this.startEpochMs = System.currentTimeMillis();
            this.startNanos = System.nanoTime();
        }
    }

    private final String base;
    private final String tenant;
    private final String key;
    private final HttpClient http;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, String> earlyPops = new ConcurrentHashMap<>();
    private final AtomicLong requestErrors = new AtomicLong();
    private final AtomicLong streamReconnects = new AtomicLong();
    private volatile boolean running = true;
    /** When given: the load ends early once this file exists (--seconds stays the upper bound). */
    Path stopFile;

    Load(String base, String tenant, String key) {
        this.base = base;
        this.tenant = tenant;
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public static void main(String[] a) throws Exception {
        String base = "http://127.0.0.1:19400";
        String tenant = "rel";
        String key = "rel-key";
        double rate = 20;
        int seconds = 40;
        int agents = 8;
        String prefix = "c";
        Path out = Path.of(".");
        long seed = 42;
        Path stop = null;
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--base" -> base = a[++i];
                case "--tenant" -> tenant = a[++i];
                case "--key" -> key = a[++i];
                case "--rate" -> rate = Double.parseDouble(a[++i]);
                case "--seconds" -> seconds = Integer.parseInt(a[++i]);
                case "--agents" -> agents = Integer.parseInt(a[++i]);
                case "--prefix" -> prefix = a[++i];
                case "--out" -> out = Path.of(a[++i]);
                case "--seed" -> seed = Long.parseLong(a[++i]);
                case "--stop-file" -> stop = Path.of(a[++i]);
                default -> throw new IllegalArgumentException(a[i]);
            }
        }
        Files.createDirectories(out);
        Load l = new Load(base, tenant, key);
        l.stopFile = stop;
        l.run(rate, seconds, agents, prefix, out, seed);
    }

    void run(double rate, int seconds, int agents, String prefix, Path out, long seed) throws Exception {
        ExecutorService streams = Executors.newFixedThreadPool(agents);
        for (int i = 0; i < agents; i++) {
            String agent = prefix + "-agent" + i;
            streams.execute(() -> stream(agent));
        }
        Thread.sleep(1500); // let the streams attach before the first pop
        Random random = new Random(seed);
        int total = (int) Math.round(rate * seconds);
        ExecutorService workers = Executors.newFixedThreadPool(48);
        Semaphore inFlight = new Semaphore(200);
        long skipped = 0;
        long t0 = System.nanoTime();
        for (int n = 0; n < total; n++) {
            if (stopFile != null && n % 10 == 0 && Files.exists(stopFile)) {
                total = n;
                break;
            }
            long due = t0 + (long) (n * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!inFlight.tryAcquire()) {
                skipped++;
                continue;
            }
            String id = prefix + "-" + n;
            String agent = prefix + "-agent" + (n % agents);
            String ani = "+1555" + String.format("%07d", random.nextInt(10_000_000));
            workers.execute(() -> {
                try {
                    call(id, agent, ani);
                } finally {
                    inFlight.release();
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(60, TimeUnit.SECONDS);
        Thread.sleep(3000); // late pops
        running = false;
        streams.shutdownNow();
        write(out, total, skipped);
        System.exit(0);
    }

    private void call(String id, String agent, String ani) {
        Call c = new Call(id);
        calls.put(id, c);
        String pending = earlyPops.remove(id);
        c.incoming = post("incomingCall", "{\"conversationId\":\"" + id + "\",\"agentId\":\"" + agent
                + "\",\"callerANI\":\"" + ani + "\"}");
        if (pending != null && c.popNanos < 0) {
            c.popStatus = pending;
            c.popNanos = System.nanoTime();
        }
        if (c.incoming / 100 != 2) {
            return;
        }
        if (post("callAccepted", "{\"conversationId\":\"" + id + "\",\"agentId\":\"" + agent + "\"}") / 100 != 2) {
            return;
        }
        if (post("callEnded", "{\"conversationId\":\"" + id + "\",\"duration\":42,\"callType\":\"inbound\"}")
                / 100 != 2) {
            return;
        }
        c.notesSent = true;
        c.notes = post("callNotesSubmitted", "{\"conversationId\":\"" + id
                + "\",\"disposition\":\"Resolved\",\"notes\":\"reliability run note for " + id + "\"}");
    }

    private int post(String event, String body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/" + tenant + "/softphone/" + event))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            requestErrors.incrementAndGet();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void stream(String agent) {
        while (running) {
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
                        while (running && (line = in.readLine()) != null) {
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
            if (!running) {
                return;
            }
            streamReconnects.incrementAndGet();
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
            earlyPops.put(m.group(1), status);
            return;
        }
        if (c.popNanos < 0) {
            c.popStatus = status;
            c.popNanos = now;
        }
    }

    private void write(Path out, int total, long skipped) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> acked = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        long notesNoAnswer = 0;
        long notesRefused = 0;
        for (Call c : calls.values()) {
            long lat = c.popNanos < 0 ? -1 : Math.max(0, (c.popNanos - c.startNanos) / 1_000_000);
            lines.add(c.id + "\t" + c.startEpochMs + "\t" + c.incoming + "\t" + c.popStatus + "\t" + lat + "\t" + c.notes);
            if (c.notesSent) {
                sent.add(c.id);
                if (c.notes / 100 == 2) {
                    acked.add(c.id);
                } else if (c.notes == 0) {
                    notesNoAnswer++;
                } else {
                    notesRefused++;
                }
            }
        }
        Files.write(out.resolve("calls.tsv"), lines);
        Files.write(out.resolve("acked.txt"), acked);
        Files.write(out.resolve("sent.txt"), sent);
        String summary = "calls_planned=" + total + "\ncalls_started=" + calls.size() + "\ncalls_skipped_backpressure="
                + skipped + "\nlogs_sent=" + sent.size() + "\nlogs_acked=" + acked.size() + "\nlogs_no_answer="
                + notesNoAnswer + "\nlogs_refused=" + notesRefused + "\nrequest_errors=" + requestErrors
                + "\nstream_reconnects=" + streamReconnects + "\n";
        Files.writeString(out.resolve("summary.txt"), summary);
        System.out.print(summary);
    }
}
