package org.crmconnector.bench.loadgen;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The crm-connector load generator. Runs against a server that is already up
 * (bench/run.sh starts one) and measures, in one run:
 * <ol>
 * <li>a: the bare servlet baseline, {@code POST /bench/echo} at full speed;</li>
 * <li>b: softphone call lifecycles (incomingCall, callAccepted, callEnded, callNotesSubmitted) at full speed;</li>
 * <li>c: event-to-pop latency: send incomingCall, time until its screenPop arrives on the agent's stream;</li>
 * <li>d: stream capacity: thousands of concurrent agent streams, a published pop reaching a sample, server heap.</li>
 * </ol>
 * Every loop is bounded by a count or a deadline, and the whole run by {@code --max-seconds}.
 */
public final class LoadGen {

    private static final String PARTNER = "215fd887-39be-4935-981f-2670d6afeaa7";

    // options
    private String host = "127.0.0.1";
    private int port = 19200;
    private String tenant = "demo";
    private String key = "demo-key";
    private int duration = 20;
    private int warmup = 5;
    private int connections = 16;
    private int agents = 200;
    private int popAgents = 100;
    private int popSenders = 4;
    private int streamCount = 10_000;
    private int streamSample = 100;
    private int handshakes = 256;
    private int retentionAgents = 500;
    private int retentionEvents = 256;
    private String phases = "a,b,c,d,e";
    private String client = "raw";
    private int rounds = 2;
    private long serverPid = -1;
    private int maxSeconds = 900;
    private int timeoutMs = 10_000;
    private Path out;

    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private final StringBuilder md = new StringBuilder();
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private HttpClient jdkClient;

    public static void main(String[] args) throws Exception {
        LoadGen g = new LoadGen();
        g.parse(args);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(g.maxSeconds * 1000L);
                System.err.println("loadgen: --max-seconds " + g.maxSeconds + " reached; stopping");
                g.writeOut();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int rc = g.run();
        watchdog.interrupt();
        System.exit(rc);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name;
            String value;
            if (a.equals("-h") || a.equals("--help")) {
                usage();
                System.exit(0);
            }
            if (!a.startsWith("--")) {
                die("unexpected argument " + a);
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                name = a.substring(2);
                if (i + 1 >= args.length) {
                    die("missing value for " + a);
                }
                value = args[++i];
            }
            switch (name) {
                case "target" -> {
                    String t = value.replaceFirst("^http://", "").replaceAll("/.*$", "");
                    int colon = t.lastIndexOf(':');
                    host = colon > 0 ? t.substring(0, colon) : t;
                    port = colon > 0 ? Integer.parseInt(t.substring(colon + 1)) : 80;
                }
                case "tenant" -> tenant = value;
                case "key" -> key = value;
                case "duration" -> duration = bounded(name, value, 1, 600);
                case "warmup" -> warmup = bounded(name, value, 0, 120);
                case "connections", "concurrency" -> connections = bounded(name, value, 1, 1024);
                case "agents" -> agents = bounded(name, value, 1, 100_000);
                case "pop-agents" -> popAgents = bounded(name, value, 1, 10_000);
                case "pop-senders" -> popSenders = bounded(name, value, 1, 256);
                case "streams" -> streamCount = bounded(name, value, 1, 60_000);
                case "stream-sample" -> streamSample = bounded(name, value, 1, 10_000);
                case "handshakes" -> handshakes = bounded(name, value, 1, 10_000);
                case "retention-agents" -> retentionAgents = bounded(name, value, 1, 10_000);
                case "retention-events" -> retentionEvents = bounded(name, value, 1, 10_000);
                case "phases" -> phases = value;
                case "client" -> client = value;
                case "rounds" -> rounds = bounded(name, value, 1, 10);
                case "server-pid" -> serverPid = Long.parseLong(value);
                case "max-seconds" -> maxSeconds = bounded(name, value, 10, 3600);
                case "timeout-ms" -> timeoutMs = bounded(name, value, 100, 120_000);
                case "out" -> out = Path.of(value);
                default -> die("unknown option --" + name);
            }
        }
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            die("the benchmark runs on loopback only; --target must be 127.0.0.1, localhost or ::1");
        }
        if (!client.equals("raw") && !client.equals("jdk") && !client.equals("both")) {
            die("--client must be raw, jdk or both");
        }
    }

    private static int bounded(String name, String value, int min, int max) {
        int v = Integer.parseInt(value);
        if (v < min || v > max) {
            die("--" + name + " must be between " + min + " and " + max);
        }
        return v;
    }

    private static void usage() {
        System.out.println("""
                java -jar crm-bench-loadgen.jar [options]
                  --target http://127.0.0.1:19200   server (loopback only)
                  --tenant demo --key demo-key        tenant and API key
                  --duration 20       measured seconds of phases a, b and c
                  --warmup 5          unmeasured seconds before phases a and b
                  --connections 16    concurrent connections (threads) in phases a and b
                  --agents 200        distinct agents in phase b
                  --pop-agents 100    agents holding streams in phase c
                  --pop-senders 4     concurrent incomingCall senders in phase c
                  --streams 10000     concurrent agent streams in phase d
                  --stream-sample 100 streams of phase d that must receive a pop
                  --handshakes 256    stream handshakes in flight at once in phase d
                  --retention-agents 500   agents of phase e
                  --retention-events 256   events published to each of them in phase e (the default replay size)
                  --phases a,b,c,d,e  which phases (a and b first, in rounds; then c, e, d)
                  --client raw        raw (own HTTP/1.1 on sockets), jdk (java.net.http) or both (a and b twice)
                  --rounds 2          repeat a then b this many times; the targets use the last round (warmest JIT)
                  --server-pid PID    server JVM, for CPU use and heap (jcmd)
                  --max-seconds 900   hard bound of the whole run
                  --out FILE.md       write the results as Markdown
                """);
    }

    private static void die(String message) {
        System.err.println("loadgen: " + message);
        System.exit(2);
    }

    private int run() throws Exception {
        md.append("## Load generator settings\n\n");
        md.append(String.format("target http://%s:%d, tenant `%s`, client `%s`, connections %d, agents %d, warmup %d s, "
                + "duration %d s, rounds %d, pop agents %d, pop senders %d, streams %d (sample %d, %d handshakes in flight)%n%n",
                host, port, tenant, client, connections, agents, warmup, duration, rounds, popAgents, popSenders,
                streamCount, streamSample, handshakes));
        List<String> order = List.of(phases.split(","));
        if (serverPid > 0) {
            Object[] h = Proc.heapAfterGc(serverPid);
            figures.put("heap_at_start_mb", (Double) h[0]);
            md.append(String.format("Server heap used after a full GC before any load: %.1f MB; threads %s; RSS %s.%n%n",
                    (Double) h[0], Proc.status(serverPid, "Threads"), Proc.status(serverPid, "VmRSS")));
        }
        List<String> clients = client.equals("both") ? List.of("raw", "jdk") : List.of(client);
        for (int r = 1; r <= rounds; r++) {
            for (String c : clients) {
                String suffix = (rounds > 1 ? " round " + r : "") + (clients.size() > 1 ? " (" + c + " client)" : "");
                String tag = (rounds > 1 ? ".r" + r : "") + (clients.size() > 1 ? "." + c : "");
                if (order.contains("a")) {
                    baseline(c, suffix, tag);
                }
                if (order.contains("b")) {
                    lifecycle(c, suffix, tag);
                }
            }
        }
        if (order.contains("c")) {
            popLatency();
        }
        // e before d: d's streams linger in the server until their next keep-alive write finds them closed,
        // which would blur e's before/after heap comparison
        if (order.contains("e")) {
            retention();
        }
        if (order.contains("d")) {
            capacity();
        }
        jdkClient = null; // java 17's HttpClient has no close(); its threads are daemons
        targets();
        if (!errors.isEmpty()) {
            md.append("\n## First errors\n\n");
            errors.stream().limit(10).forEach(e -> md.append("- ").append(e.replace('\n', ' ')).append('\n'));
        }
        writeOut();
        return 0;
    }

    private synchronized void writeOut() {
        System.out.println();
        System.out.println(md);
        if (out != null) {
            try {
                Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
                Path figs = Path.of(out.toString().replaceAll("\\.md$", "") + ".figures");
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(figs))) {
                    figures.forEach((k, v) -> w.printf(Locale.ROOT, "%s=%.3f%n", k, v));
                }
            } catch (IOException e) {
                System.err.println("loadgen: could not write " + out + ": " + e);
            }
        }
    }

    private HttpPoster poster(String kind) {
        if (kind.equals("jdk")) {
            synchronized (this) {
                if (jdkClient == null) {
                    jdkClient = JdkHttp.newClient(timeoutMs);
                }
            }
            return new JdkHttp(jdkClient, host, port, key, timeoutMs);
        }
        return new RawHttp(host, port, key, timeoutMs);
    }

    private String api(String rest) {
        return "/api/v1/tenants/" + tenant + "/" + rest;
    }

    // ---------------------------------------------------------------- closed-loop workers

    /** One worker thread's connection and tallies; the window decides which requests count. */
    private final class Worker {
        final int id;
        final HttpPoster http;
        final Samples latency = new Samples(4_000_000);
        final Map<String, Samples> byType = new LinkedHashMap<>();
        final Map<Integer, Integer> statuses = new LinkedHashMap<>();
        long ok;
        long failed;
        long seq;
        long windowStart;
        long windowEnd;

        Worker(int id, HttpPoster http) {
            this.id = id;
            this.http = http;
        }

        int post(String type, String path, String body) {
            long t0 = System.nanoTime();
            int status;
            try {
                status = http.post(path, body.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                status = -1;
                if (errors.size() < 50) {
                    errors.add(type + ": " + e);
                }
            }
            long t1 = System.nanoTime();
            if (t0 >= windowStart && t1 <= windowEnd) {
                statuses.merge(status, 1, Integer::sum);
                if (status >= 200 && status < 300) {
                    ok++;
                    latency.add(t1 - t0);
                    byType.computeIfAbsent(type, k -> new Samples(2_000_000)).add(t1 - t0);
                } else {
                    failed++;
                }
            }
            if ((status < 200 || status >= 300) && status != -1 && errors.size() < 50) {
                errors.add(type + " -> HTTP " + status + ": " + http.lastBody());
            }
            return status;
        }
    }

    interface Unit {
        void run(Worker w);
    }

    /** Runs {@code unit} on {@code n} threads for warmup + duration seconds; returns the workers. */
    private List<Worker> closedLoop(String name, String kind, int n, int warmupSeconds, Unit unit) throws InterruptedException {
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long windowStart = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(duration);
        for (int i = 0; i < n; i++) {
            Worker w = new Worker(i, poster(kind));
            w.windowStart = windowStart;
            w.windowEnd = windowEnd;
            workers.add(w);
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < windowEnd) {
                        unit.run(w);
                    }
                } finally {
                    w.http.close();
                }
            }, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        System.err.printf("loadgen: %s: %d connections, %d s warmup + %d s measured%n", name, n, warmupSeconds, duration);
        threads.forEach(Thread::start);
        long joinBy = windowEnd + TimeUnit.MILLISECONDS.toNanos(timeoutMs * 5L);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime());
            t.join(Math.max(1, left));
        }
        return workers;
    }

    private void sleepUntil(long nanos) throws InterruptedException {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos - System.nanoTime());
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static String statuses(List<Worker> ws) {
        Map<Integer, Integer> all = new java.util.TreeMap<>();
        ws.forEach(w -> w.statuses.forEach((k, v) -> all.merge(k, v, Integer::sum)));
        return all.toString();
    }

    // ---------------------------------------------------------------- phase a

    private void baseline(String kind, String suffix, String tag) throws InterruptedException {
        List<Worker> ws = closedLoopMeasured("baseline", kind, w -> w.post("echo", "/bench/echo",
                "{\"conversationId\":\"a-" + runId + "-" + w.id + "-" + (w.seq++) + "\",\"agentId\":\"agent-" + w.id
                        + "\",\"callerANI\":\"+15551230000\",\"language\":\"en_US\"}"));
        Samples lat = merge(ws);
        long ok = ws.stream().mapToLong(w -> w.ok).sum();
        long bad = ws.stream().mapToLong(w -> w.failed).sum();
        double rate = ok / (double) duration;
        figures.put("baseline_rps" + tag, rate);
        figures.put("baseline_p99_ms" + tag, lat.percentilesMs(99)[0]);
        md.append("## a. Bare servlet baseline").append(suffix).append("\n\n");
        md.append("`POST /bench/echo` (small JSON in, small JSON out; same Jetty/whiteboard/Jackson stack, no auth), ")
                .append(connections).append(" keep-alive connections, closed loop.\n\n");
        md.append(String.format("- **%.0f req/s** (%d ok, %d failed; statuses %s)%n", rate, ok, bad, statuses(ws)));
        md.append("- response latency: ").append(lat.summary()).append('\n');
        md.append("- CPU during the window (cores): ").append(lastCpu).append('\n');
        cpuPerRequest("baseline_server_cpu_us" + tag, "request", ok);
    }

    /** Server CPU per request: less sensitive to other load on the machine than a rate. */
    private void cpuPerRequest(String figure, String what, long ok) {
        if (ok > 0 && !Double.isNaN(lastServerCpu)) {
            double us = lastServerCpu * 1e6 / ok;
            figures.put(figure, us);
            md.append(String.format("- server CPU per %s: **%.0f µs** (so one fully available core would do ~%.0f/s)%n%n",
                    what, us, 1e6 / us));
        } else {
            md.append('\n');
        }
    }

    private String lastCpu = "?";
    /** Server CPU seconds spent in the last measured window (or NaN). */
    private double lastServerCpu = Double.NaN;

    /** closedLoop with CPU accounting over the measured window. */
    private List<Worker> closedLoopMeasured(String name, String kind, Unit unit) throws InterruptedException {
        long windowStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        Proc.Snapshot[] cpu = new Proc.Snapshot[2];
        Thread sampler = new Thread(() -> {
            try {
                sleepUntil(windowStart);
                cpu[0] = Proc.Snapshot.take(serverPid);
                sleepUntil(windowStart + TimeUnit.SECONDS.toNanos(duration));
                cpu[1] = Proc.Snapshot.take(serverPid);
            } catch (InterruptedException e) {
                // run cut short
            }
        }, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
        List<Worker> ws = closedLoop(name, kind, connections, warmup, unit);
        sampler.join(5000);
        lastCpu = cpu[0] != null && cpu[1] != null ? cpu[1].coresSince(cpu[0]) : "?";
        lastServerCpu = cpu[0] != null && cpu[1] != null && cpu[0].server() >= 0 ? cpu[1].server() - cpu[0].server()
                : Double.NaN;
        return ws;
    }

    private static Samples merge(List<Worker> ws) {
        Samples all = new Samples(8_000_000);
        ws.forEach(w -> all.addAll(w.latency));
        return all;
    }

    // ---------------------------------------------------------------- phase b

    private String incomingCall(String conv, String agent) {
        return "{\"partnerId\":\"" + PARTNER + "\",\"conversationId\":\"" + conv + "\",\"agentId\":\"" + agent
                + "\",\"callerANI\":\"+15551230000\",\"language\":\"en_US\"}";
    }

    private void lifecycle(String kind, String suffix, String tag) throws InterruptedException {
        List<Worker> ws = closedLoopMeasured("lifecycle", kind, w -> {
            String agent = "lc-" + ((w.id + (w.seq % Math.max(1, agents / connections + 1)) * connections) % agents);
            String conv = "b-" + runId + "-" + w.id + "-" + (w.seq++);
            String ids = "{\"partnerId\":\"" + PARTNER + "\",\"conversationId\":\"" + conv + "\",\"agentId\":\"" + agent + "\"";
            if (!ok(w.post("incomingCall", api("softphone/incomingCall"), incomingCall(conv, agent)))) {
                return;
            }
            if (!ok(w.post("callAccepted", api("softphone/callAccepted"),
                    ids + ",\"callerANI\":\"+15551230000\",\"ivrExitPath\":\"billing\",\"channelName\":\"voice\","
                            + "\"recordingStatus\":\"ON\"}"))) {
                return;
            }
            if (!ok(w.post("callEnded", api("softphone/callEnded"),
                    ids + ",\"duration\":42,\"disposition\":\"Resolved\",\"notes\":\"bench call\",\"callType\":\"inbound\"}"))) {
                return;
            }
            w.post("callNotesSubmitted", api("softphone/callNotesSubmitted"),
                    ids + ",\"disposition\":\"Resolved\",\"notes\":\"bench call, wrapped up\"}");
        });
        Samples lat = merge(ws);
        long ok = ws.stream().mapToLong(w -> w.ok).sum();
        long bad = ws.stream().mapToLong(w -> w.failed).sum();
        double rate = ok / (double) duration;
        figures.put("events_per_s" + tag, rate);
        figures.put("events_p99_ms" + tag, lat.percentilesMs(99)[0]);
        md.append("## b. Softphone call lifecycles").append(suffix).append("\n\n");
        md.append("Each loop: `incomingCall` → `callAccepted` → `callEnded` → `callNotesSubmitted` with a fresh conversationId, ")
                .append(agents).append(" agents, ").append(connections)
                .append(" keep-alive connections, closed loop, Bearer key. Every `callNotesSubmitted` "
                        + "stores its interaction log durably in the outbox (fsync, group commit) before it is answered; the "
                        + "outbox then delivers it to the tenant's adapter, which needs no CRM round trip (run.sh's `bench` "
                        + "tenant). Pops are published with no stream open.\n\n");
        md.append(String.format("- **%.0f events/s** accepted (%d ok, %d failed; statuses %s), i.e. %.0f call lifecycles/s%n",
                rate, ok, bad, statuses(ws), rate / 4));
        md.append("- response latency, all events: ").append(lat.summary()).append('\n');
        Map<String, Samples> byType = new LinkedHashMap<>();
        ws.forEach(w -> w.byType.forEach((t, s) -> byType.computeIfAbsent(t, k -> new Samples(8_000_000)).addAll(s)));
        byType.forEach((t, s) -> md.append("  - ").append(t).append(": ").append(s.summary()).append('\n'));
        md.append("- CPU during the window (cores): ").append(lastCpu).append('\n');
        cpuPerRequest("events_server_cpu_us" + tag, "event", ok);
        conversationsFinished += ws.stream().mapToLong(w -> w.seq).sum();
        if (serverPid > 0 && figures.containsKey("heap_at_start_mb")) {
            double used = (Double) Proc.heapAfterGc(serverPid)[0];
            double grown = used - figures.get("heap_at_start_mb");
            figures.put("heap_after_lifecycles_mb" + tag, used);
            md.append(String.format("- server heap after a full GC: %.1f MB, %.1f MB more than before any load, with %d "
                    + "conversations started so far by phase b: about %.0f bytes retained per conversation (finished "
                    + "interactions stay in the registry for finished.grace.seconds, and the %d agents' replay buffers "
                    + "keep up to 256 pops each)%n", used, grown, conversationsFinished,
                    grown * 1024 * 1024 / Math.max(1, conversationsFinished), agents));
        }
        Double base = figures.get("baseline_rps" + tag);
        if (base != null && base > 0) {
            figures.put("events_vs_baseline" + tag, rate / base);
            md.append(String.format("- ratio to the baseline of this round: **%.2f**%n%n", rate / base));
        }
    }

    private long conversationsFinished;

    private static boolean ok(int status) {
        return status >= 200 && status < 300;
    }

    // ---------------------------------------------------------------- phase c

    private final Map<String, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> popStatuses = new ConcurrentHashMap<>();
    private final AtomicInteger strayPops = new AtomicInteger();
    private final LongAdder popBytes = new LongAdder();
    private final LongAdder popCount = new LongAdder();

    private void onEvent(SseHub.Stream s, String event, String data, long nanos) {
        if (!event.equals("screenPop")) {
            return;
        }
        String id = field(data, "interactionId");
        popBytes.add(data.length());
        popCount.increment();
        popStatuses.computeIfAbsent(String.valueOf(field(data, "status")), k -> new LongAdder()).increment();
        CompletableFuture<Long> f = id == null ? null : pending.remove(id);
        if (f == null) {
            strayPops.incrementAndGet();
        } else {
            f.complete(nanos);
        }
    }

    private static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int i = json.indexOf(marker);
        if (i < 0) {
            return null;
        }
        int from = i + marker.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    /** Opens streams for the agents; waits (bounded) until each has its preamble. Returns seconds taken. */
    private double openStreams(SseHub hub, String prefix, int n, int waitSeconds) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(waitSeconds);
        for (int i = 0; i < n && System.nanoTime() < deadline; i++) {
            hub.open(prefix + i);
            if (i > 0 && i % 2000 == 0) {
                System.err.printf("loadgen: %d streams requested, %d connected, %d failed%n", i, hub.connected.get(),
                        hub.failed.get());
            }
        }
        while (hub.connected.get() + hub.failed.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private void popLatency() throws Exception {
        md.append("## c. Event-to-pop latency\n\n");
        try (SseHub hub = new SseHub(host, port, tenant, key, handshakes, this::onEvent)) {
            double openSecs = openStreams(hub, "pop-" + runId + "-", popAgents, 60);
            int connected = hub.connected.get();
            md.append(String.format("%d agent streams open (%d failed, %.1f s). %d senders, each: take the next agent, "
                    + "note the time, `POST incomingCall`, wait for the `screenPop` with that interactionId on the agent's "
                    + "stream (read by one NIO thread), then `callRejected` to end the call (untimed). The measured "
                    + "tenant pops on offer through an adapter that needs no CRM round trip (run.sh's `bench` tenant): this "
                    + "is the connector's own time, excluding CRM time.%n%n", connected, hub.failed.get(), openSecs, popSenders));
            if (connected == 0) {
                md.append("**no stream connected**: ").append(hub.firstFailure).append("\n\n");
                return;
            }
            List<SseHub.Stream> open = hub.streams().stream().filter(s -> s.connected).toList();
            Samples[] perSender = new Samples[popSenders];
            long[] missing = new long[popSenders];
            Proc.Snapshot before = Proc.Snapshot.take(serverPid);
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(warmup, 3));
            long end = warmEnd + TimeUnit.SECONDS.toNanos(duration);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < popSenders; t++) {
                int me = t;
                perSender[t] = new Samples(2_000_000);
                Thread th = new Thread(() -> {
                    try (HttpPoster http = poster("raw")) {
                        Worker w = new Worker(me, http);
                        w.windowStart = Long.MIN_VALUE;
                        w.windowEnd = Long.MAX_VALUE;
                        for (long k = 0; System.nanoTime() < end; k++) {
                            SseHub.Stream s = open.get((int) ((me + k * popSenders) % open.size()));
                            String conv = "c-" + runId + "-" + me + "-" + k;
                            CompletableFuture<Long> f = new CompletableFuture<>();
                            pending.put(conv, f);
                            long t0 = System.nanoTime();
                            int st = w.post("incomingCall", api("softphone/incomingCall"), incomingCall(conv, s.agentId));
                            long arrived;
                            try {
                                arrived = ok(st) ? f.get(2, TimeUnit.SECONDS) : -1;
                            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                                arrived = -1;
                            }
                            pending.remove(conv);
                            if (t0 >= warmEnd) {
                                if (arrived > 0) {
                                    perSender[me].add(arrived - t0);
                                } else {
                                    missing[me]++;
                                }
                            }
                            if (ok(st)) {
                                w.post("callRejected", api("softphone/callRejected"), "{\"conversationId\":\"" + conv
                                        + "\",\"agentId\":\"" + s.agentId + "\",\"reason\":\"passive\"}");
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "pop-sender-" + t);
                th.setDaemon(true);
                threads.add(th);
            }
            threads.forEach(Thread::start);
            for (Thread th : threads) {
                th.join(TimeUnit.SECONDS.toMillis(duration + 30L));
            }
            Proc.Snapshot after = Proc.Snapshot.take(serverPid);
            Samples all = new Samples(8_000_000);
            for (Samples s : perSender) {
                all.addAll(s);
            }
            long miss = 0;
            for (long m : missing) {
                miss += m;
            }
            double[] p = all.percentilesMs(50, 95, 99);
            figures.put("pop_p50_ms", p[0]);
            figures.put("pop_p95_ms", p[1]);
            figures.put("pop_p99_ms", p[2]);
            figures.put("pop_missing", (double) miss);
            md.append(String.format("- **p50 %.3f ms, p95 %.3f ms, p99 %.3f ms** (%s)%n", p[0], p[1], p[2], all.summary()));
            md.append(String.format("- %.0f pops/s measured; %d incomingCalls without their pop within 2 s; %d stray pops; "
                    + "pop statuses seen %s; stream drops %d%n", all.size() / (double) duration, miss, strayPops.get(),
                    popStatuses, hub.dropped.get()));
            md.append("- CPU (cores): ").append(after.coresSince(before)).append("\n\n");
        }
    }

    // ---------------------------------------------------------------- phase d

    private void capacity() throws Exception {
        md.append("## d. Concurrent agent streams\n\n");
        Object[] heap0 = Proc.heapAfterGc(serverPid);
        Double start = figures.get("heap_at_start_mb");
        if (start != null && (Double) heap0[0] >= 0) {
            md.append(String.format("Heap used after a full GC before this phase: %.1f MB (%.1f MB more than before any load: "
                    + "what the earlier phases left behind, e.g. replay buffers and finished interactions awaiting the sweep).%n%n",
                    (Double) heap0[0], (Double) heap0[0] - start));
        }
        String threads0 = Proc.status(serverPid, "Threads");
        String rss0 = Proc.status(serverPid, "VmRSS");
        pending.clear();
        popStatuses.clear();
        try (SseHub hub = new SseHub(host, port, tenant, key, handshakes, this::onEvent)) {
            Proc.Snapshot before = Proc.Snapshot.take(serverPid);
            long overflows0 = Proc.listenOverflows();
            double secs = openStreams(hub, "cap-" + runId + "-", streamCount, 240);
            long overflows = Proc.listenOverflows() - overflows0;
            Proc.Snapshot opened = Proc.Snapshot.take(serverPid);
            int connected = hub.connected.get();
            Samples connect = new Samples(100_000);
            List<SseHub.Stream> all = hub.streams();
            for (SseHub.Stream s : all) {
                if (s.connected) {
                    connect.add(s.connectedNanos - s.openedNanos);
                }
            }
            figures.put("streams_connected", (double) connected);
            md.append(String.format("%d streams requested (`GET agents/{agentId}/events?access_token=...`, one NIO thread, "
                    + "at most %d handshakes in flight); **%d got their `: connected` preamble**, %d failed, in %.1f s "
                    + "(%.0f streams/s).%n%n", streamCount, handshakes, connected, hub.failed.get(), secs, connected / secs));
            if (hub.firstFailure != null) {
                md.append("- first failure: ").append(hub.firstFailure).append('\n');
            }
            md.append("- time to preamble: ").append(connect.summary()).append('\n');
            md.append("- CPU while opening (cores): ").append(opened.coresSince(before)).append('\n');
            md.append(String.format("- listen queue overflows while opening (machine-wide TcpExt ListenOverflows): %d; "
                    + "the server's accept backlog (`ss -ltn`, Send-Q): %s%n", overflows, backlog()));
            // a pop to a sample of the open streams
            List<SseHub.Stream> open = all.stream().filter(s -> s.connected && !s.ended).toList();
            Samples popLat = new Samples(10_000);
            int delivered = 0;
            int sample = Math.min(streamSample, open.size());
            try (HttpPoster http = poster("raw")) {
                Worker w = new Worker(0, http);
                w.windowStart = Long.MIN_VALUE;
                w.windowEnd = Long.MAX_VALUE;
                for (int i = 0; i < sample; i++) {
                    SseHub.Stream s = open.get((int) ((long) i * open.size() / sample));
                    String conv = "d-" + runId + "-" + i;
                    CompletableFuture<Long> f = new CompletableFuture<>();
                    pending.put(conv, f);
                    long t0 = System.nanoTime();
                    int st = w.post("incomingCall", api("softphone/incomingCall"), incomingCall(conv, s.agentId));
                    try {
                        if (ok(st)) {
                            popLat.add(f.get(5, TimeUnit.SECONDS) - t0);
                            delivered++;
                        }
                    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                        // counted as not delivered
                    }
                    pending.remove(conv);
                    if (ok(st)) {
                        w.post("callRejected", api("softphone/callRejected"), "{\"conversationId\":\"" + conv
                                + "\",\"agentId\":\"" + s.agentId + "\",\"reason\":\"passive\"}");
                    }
                }
            }
            figures.put("streams_sample_delivered", (double) delivered);
            figures.put("streams_sample", (double) sample);
            md.append(String.format("- a screenPop reached **%d of %d** sampled streams (each its own pop only; stray pops %d); "
                    + "event-to-pop with all streams open: %s%n", delivered, sample, strayPops.get(), popLat.summary()));
            Object[] heap1 = Proc.heapAfterGc(serverPid);
            int stillOpen = (int) all.stream().filter(s -> s.connected && !s.ended).count();
            double used0 = (Double) heap0[0];
            double used1 = (Double) heap1[0];
            figures.put("streams_heap_used_mb", used1);
            figures.put("streams_still_open", (double) stillOpen);
            md.append(String.format("- server heap used after a full GC (`jcmd GC.run`, `GC.heap_info`), -Xmx512m: "
                    + "**%.1f MB with %d streams open** (%.1f MB before opening them: %.1f KB per stream)%n", used1,
                    stillOpen, used0, used0 >= 0 && used1 >= 0 && stillOpen > 0 ? (used1 - used0) * 1024 / stillOpen : Double.NaN));
            md.append(String.format("- server threads %s → %s, RSS %s → %s; streams still open at the end %d (dropped %d)%n",
                    threads0, Proc.status(serverPid, "Threads"), rss0, Proc.status(serverPid, "VmRSS"), stillOpen,
                    hub.dropped.get()));
            md.append("\n<details><summary>GC.heap_info with the streams open</summary>\n\n```\n").append(heap1[1])
                    .append("\n```\n</details>\n\n");
        }
    }

    // ---------------------------------------------------------------- phase e

    /**
     * What the per-agent replay buffers keep: publishes {@code retentionEvents}
     * agentStatus events (statusChanged: no interaction is created, so only the
     * buffers grow) to each of {@code retentionAgents} agents that have no stream,
     * and compares the server's heap after a full GC before and after.
     */
    private void retention() throws InterruptedException {
        md.append("## e. Replay-buffer retention\n\n");
        if (serverPid <= 0) {
            md.append("(needs --server-pid)\n\n");
            return;
        }
        double before = (Double) Proc.heapAfterGc(serverPid)[0];
        long total = (long) retentionAgents * retentionEvents;
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, duration * 6L));
        LongAdder accepted = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < connections; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                try (HttpPoster http = poster("raw")) {
                    Worker w = new Worker(me, http);
                    w.windowStart = Long.MIN_VALUE;
                    w.windowEnd = Long.MAX_VALUE;
                    for (long k; (k = next.getAndIncrement()) < total && System.nanoTime() < deadline;) {
                        String agent = "ret-" + runId + "-" + (k % retentionAgents);
                        if (ok(w.post("statusChanged", api("softphone/statusChanged"), "{\"agentId\":\"" + agent
                                + "\",\"softphoneId\":\"sp-" + k + "\"}"))) {
                            accepted.increment();
                        }
                    }
                }
            }, "retention-" + t);
            th.setDaemon(true);
            threads.add(th);
        }
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 5000));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double after = (Double) Proc.heapAfterGc(serverPid)[0];
        long done = accepted.sum();
        double perEvent = (after - before) * 1024 * 1024 / Math.max(1, done);
        double popWire = popCount.sum() > 0 ? popBytes.sum() / (double) popCount.sum() : Double.NaN;
        // one agentStatus data line is about 50 bytes here; a screenPop's extra data bytes add one for one
        double perPopEvent = perEvent + (Double.isNaN(popWire) ? 0 : popWire - 50);
        double perAgentFull = perPopEvent * 256;
        figures.put("retention_bytes_per_event", perEvent);
        figures.put("retention_mb_10k_agents_full_pop_buffers", perAgentFull * 10_000 / 1024 / 1024);
        md.append(String.format("%d statusChanged events accepted (%d agents × %d, no streams open) in %.1f s (%.0f/s). "
                + "Server heap after a full GC: %.1f MB before, %.1f MB after: **%.0f bytes retained per published "
                + "event** (agentStatus, ~50 data bytes). Buffers are per (tenant, agent, kind), hold the last 256 "
                + "events (replay_size) and are never evicted, even when the agent has no stream.%n%n", done,
                retentionAgents, retentionEvents, secs, done / secs, before, after, perEvent));
        if (!Double.isNaN(popWire)) {
            md.append(String.format("- screenPop data lines seen in this run average %.0f bytes, so a full buffer of pops is "
                    + "about %.0f KB per agent: **%.0f MB for 10,000 agents** once each has had 256 pops "
                    + "(against a 512 MB heap).%n%n", popWire, perAgentFull / 1024, perAgentFull * 10_000 / 1024 / 1024));
        }
    }

    private String backlog() {
        String ss = Proc.run(List.of("ss", "-ltn", "sport = :" + port));
        for (String line : ss.split("\n")) {
            if (line.startsWith("LISTEN")) {
                String[] f = line.trim().split("\\s+");
                return f.length > 2 ? f[2] : "?";
            }
        }
        return "?";
    }

    // ---------------------------------------------------------------- verdict

    private void targets() {
        md.append("## Targets (issue 3, on a 2-core machine)\n\n| target | figure | met? |\n|---|---|---|\n");
        String tag = "";
        if (rounds > 1) {
            tag = ".r" + rounds;
        }
        if (client.equals("both")) {
            tag += ".raw";
        }
        Double ev = figures.get("events_per_s" + tag);
        Double base = figures.get("baseline_rps" + tag);
        if (ev != null && base != null) {
            row("softphone events/s ≥ ½ bare servlet req/s (same run)",
                    String.format("%.0f vs %.0f (ratio %.2f)", ev, base, ev / base), ev >= base / 2);
        }
        if (ev != null) {
            row("softphone events/s ≥ 5,000", String.format("%.0f", ev), ev >= 5000);
        }
        Double p99 = figures.get("pop_p99_ms");
        if (p99 != null) {
            row("event-to-pop p99 < 5 ms (no CRM time)", String.format("%.3f ms", p99), p99 < 5);
        }
        Double conn = figures.get("streams_connected");
        Double heap = figures.get("streams_heap_used_mb");
        if (conn != null) {
            boolean delivered = figures.getOrDefault("streams_sample_delivered", 0.0)
                    .equals(figures.getOrDefault("streams_sample", -1.0));
            row("10,000 concurrent agent streams under 512 MB heap",
                    String.format("%.0f connected, %.0f still open, sample %s, heap %.1f MB", conn,
                            figures.getOrDefault("streams_still_open", 0.0), delivered ? "all delivered" : "NOT all delivered",
                            heap == null ? -1 : heap),
                    conn >= 10_000 && figures.getOrDefault("streams_still_open", 0.0) >= 10_000 && delivered
                            && heap != null && heap >= 0 && heap < 512);
        }
        md.append('\n');
    }

    private void row(String target, String figure, boolean met) {
        md.append("| ").append(target).append(" | ").append(figure).append(" | ").append(met ? "met" : "**MISSED**")
                .append(" |\n");
    }
}
