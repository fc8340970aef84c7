package org.crmconnector.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Call load, as softphones send it: each call is incomingCall, callAccepted,
 * callEnded and (for most calls) callNotesSubmitted for one conversation,
 * started at a fixed rate over agents whose event streams are read for the
 * screen pops. {@code --gaps MIN MAX} spaces the events of one call out
 * (seeded, uniform, ms after the previous event's answer), so many calls
 * overlap in every state.
 * <p>
 * Every event is sent until it is answered, as a softphone that queues its
 * events would: a request that gets no answer (server killed, connection
 * refused or reset) takes that server out until it is back (see
 * {@link Nodes}). With one {@code --base} every sender then waits; with
 * several (the nodes of a cluster) each event of a call goes to the next node
 * ({@code (call + event) mod nodes}, so one call's events are spread over the
 * nodes) and an event a node did not answer goes to the next node that is
 * not away. A 503 {@code DRAINING} (a node stopping: the request changed
 * nothing) is sent again to another node, not a refusal. Before an
 * unanswered event is sent again, {@code GET interactions/{id}} tells
 * whether its first attempt was applied before the answer was lost; if so
 * the event is not resent and is counted as "applied, answer lost". Any
 * other 4xx/5xx answer to an event is a refusal: counted (separately when
 * the client had already seen a server go away and come back) and the call
 * stops there. The agents' streams are held on {@code --streams-on} (see
 * {@link PopStream}).
 * <p>
 * Writes, in --out:
 * <ul>
 * <li>calls.tsv: id, start epoch ms, incomingCall status, pop status, pop latency ms (-1 none), callNotesSubmitted
 *     status, callEnded status, callAccepted status, wraps up (1/0), disposition, notes, events resent, node that
 *     settled incomingCall (-1 none), when (epoch ms, -1 none). A status is
 *     the HTTP status of the answer that settled the event, -1 = applied but the answer was lost (seen by state),
 *     0 = not sent (an earlier event was refused, or the call ends without wrap-up)</li>
 * <li>refusals.txt: one line per refused event; outages.txt: one line per time a server went away</li>
 * <li>streams.tsv: per agent, what its stream received (see {@link PopStream#write})</li>
 * <li>summary.txt: counts</li>
 * </ul>
 */
public final class Load {

    static final String[] EVENTS = {"incomingCall", "callAccepted", "callEnded", "callNotesSubmitted"};
    static final String[] DISPOSITIONS = {"Resolved", "Callback requested", "Escalated", "No answer"};
    /** Status recorded for an event whose first attempt was applied, its answer lost, as the interaction's state shows. */
    static final int APPLIED_ANSWER_LOST = -1;

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern DRAINING = Pattern.compile("\"DRAINING\"");

    private final Nodes nodes;
    private final String tenant;
    private final String key;
    private final HttpClient http;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final PopStream pops;
    private final AtomicLong requestErrors = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong appliedAnswerLost = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedAfterRestart = new AtomicLong();
    private final AtomicLong drainingRetries = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final List<String> refusals = new ArrayList<>();
    private volatile boolean running = true;
    /** When given: the load ends early once this file exists (--seconds stays the upper bound). */
    Path stopFile;
    private final long t0Nanos = System.nanoTime();

    Load(List<String> bases, int streamsOn, String tenant, String key, int tenants) {
        this.tenant = tenant;
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1)
                .build();
        this.nodes = new Nodes(bases, http, tenant, key, tenants, this::snapshot, t0Nanos);
        this.pops = new PopStream(http, bases, streamsOn, tenant, key, calls, () -> running);
    }

    public static void main(String[] a) throws Exception {
        List<String> bases = new ArrayList<>();
        int streamsOn = 0;
        String tenant = "rel";
        String key = "rel-key";
        double rate = 20;
        int seconds = 40;
        int agents = 8;
        String prefix = "c";
        Path out = Path.of(".");
        long seed = 42;
        Path stop = null;
        long gapMin = 0;
        long gapMax = 0;
        int noWrapUpPercent = 0;
        int tenants = 1;
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--base" -> bases.add(a[++i]); // once per node
                case "--streams-on" -> streamsOn = Integer.parseInt(a[++i]);
                case "--tenant" -> tenant = a[++i];
                case "--key" -> key = a[++i];
                case "--rate" -> rate = Double.parseDouble(a[++i]);
                case "--seconds" -> seconds = Integer.parseInt(a[++i]);
                case "--agents" -> agents = Integer.parseInt(a[++i]);
                case "--prefix" -> prefix = a[++i];
                case "--out" -> out = Path.of(a[++i]);
                case "--seed" -> seed = Long.parseLong(a[++i]);
                case "--stop-file" -> stop = Path.of(a[++i]);
                case "--gaps" -> {
                    gapMin = Long.parseLong(a[++i]);
                    gapMax = Long.parseLong(a[++i]);
                }
                case "--no-wrap-up-percent" -> noWrapUpPercent = Integer.parseInt(a[++i]);
                case "--tenants" -> tenants = Integer.parseInt(a[++i]);
                default -> throw new IllegalArgumentException(a[i]);
            }
        }
        Files.createDirectories(out);
        if (bases.isEmpty()) {
            bases.add("http://127.0.0.1:19400");
        }
        Load l = new Load(bases, streamsOn, tenant, key, tenants);
        l.stopFile = stop;
        l.run(rate, seconds, agents, prefix, out, seed, gapMin, gapMax, noWrapUpPercent);
    }

    void run(double rate, int seconds, int agents, String prefix, Path out, long seed, long gapMin, long gapMax,
            int noWrapUpPercent) throws Exception {
        ScheduledExecutorService streams = Executors.newScheduledThreadPool(agents + 1);
        for (int i = 0; i < agents; i++) {
            String agent = prefix + "-agent" + i;
            streams.execute(() -> pops.read(agent));
        }
        Thread poller = new Thread(() -> nodes.poll(() -> running), "gate");
        poller.setDaemon(true);
        poller.start();
        Thread.sleep(1500); // let the streams attach before the first pop
        Random random = new Random(seed);
        int total = (int) Math.round(rate * seconds);
        ScheduledExecutorService steps = Executors.newScheduledThreadPool(64);
        Semaphore inFlight = new Semaphore(600);
        long skipped = 0;
        long skippedDown = 0;
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
            // the random draws happen for every n, so a call's shape does not depend on what was skipped
            String ani = "+1555" + String.format("%07d", random.nextInt(10_000_000));
            boolean wrapUp = random.nextInt(100) >= noWrapUpPercent;
            String disposition = DISPOSITIONS[random.nextInt(DISPOSITIONS.length)];
            long[] gaps = new long[4];
            for (int g = 1; g < 4; g++) {
                gaps[g] = gapMax <= gapMin ? gapMin : gapMin + (long) (random.nextDouble() * (gapMax - gapMin));
            }
            if (!nodes.anyUp()) {
                skippedDown++; // no new calls while every server is away; the ones under way carry on when one is back
                continue;
            }
            if (!inFlight.tryAcquire()) {
                skipped++;
                continue;
            }
            Call c = new Call(n, prefix + "-" + n, prefix + "-agent" + (n % agents), ani, wrapUp, disposition, gaps);
            calls.put(c.id, c);
            active.incrementAndGet();
            steps.execute(() -> step(steps, c, 0, inFlight));
        }
        // every started call runs to its end; bounded, the script bounds us too
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (active.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(3000); // late pops
        running = false;
        steps.shutdownNow();
        streams.shutdownNow();
        write(out, total, skipped, skippedDown);
        System.exit(0);
    }

    /** Sends event {@code k} of the call until it is settled, then schedules the next one. */
    private void step(ScheduledExecutorService steps, Call c, int k, Semaphore inFlight) {
        boolean next = false;
        try {
            next = settle(c, k);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            refusal(c, k, 0, "client error " + e);
        }
        if (next && k < c.lastEvent()) {
            try {
                steps.schedule(() -> step(steps, c, k + 1, inFlight), c.gaps[k + 1], TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // the load's time is up
            }
        }
        active.decrementAndGet();
        inFlight.release();
    }

    /** True when the event is accepted (2xx, or applied before a lost answer); false when refused. */
    private boolean settle(Call c, int k) throws InterruptedException {
        boolean unanswered = false;
        long unansweredSentMs = -1;
        int preferred = c.seq + k;
        for (;;) {
            int node = nodes.awaitUp(preferred);
            if (unanswered) {
                int applied = appliedByState(node, c, k);
                if (applied < 0) {
                    preferred = node + 1;
                    continue; // no answer again: the next node, or wait for one
                }
                if (applied == 1) {
                    c.status[k] = APPLIED_ANSWER_LOST;
                    c.progress = k;
                    if (k == 0) {
                        // applied by the node that stopped answering, so before it stopped: not when we found out
                        c.offerSettledMs = unansweredSentMs;
                    }
                    appliedAnswerLost.incrementAndGet();
                    return true;
                }
                if (applied > 1) {
                    refusal(c, k, applied, "state check answered " + applied);
                    return false;
                }
                c.resends++;
                resent.incrementAndGet();
            }
            c.inFlight = true;
            long sentMs = System.currentTimeMillis();
            HttpResponse<String> r = post(node, EVENTS[k], body(c, k));
            c.inFlight = false;
            if (r == null) {
                unansweredSentMs = sentMs;
                if (k == 0) {
                    c.offerNode = node; // the node that may have applied it, until another one answers
                }
                unanswered = true;
                nodes.away(node, "no answer");
                preferred = node + 1;
                continue;
            }
            if (r.statusCode() == 503 && DRAINING.matcher(r.body()).find()) {
                // a stopping node refused it and changed nothing: another node takes it
                drainingRetries.incrementAndGet();
                nodes.away(node, "draining");
                preferred = node + 1;
                continue;
            }
            if (r.statusCode() / 100 == 2) {
                c.status[k] = r.statusCode();
                c.progress = k;
                if (k == 0) {
                    c.offerNode = node;
                    c.offerSettledMs = System.currentTimeMillis();
                    String pending = pops.earlyPop(c.id);
                    if (pending != null && c.popNanos < 0) {
                        c.popStatus = pending;
                        c.popNanos = System.nanoTime();
                    }
                }
                return true;
            }
            c.status[k] = r.statusCode();
            refusal(c, k, r.statusCode(), (unanswered ? "resent after a lost answer; " : "") + clip(r.body()));
            return false;
        }
    }

    private static String body(Call c, int k) {
        return switch (k) {
            case 0 -> "{\"conversationId\":\"" + c.id + "\",\"agentId\":\"" + c.agent + "\",\"callerANI\":\"" + c.ani + "\"}";
            case 1 -> "{\"conversationId\":\"" + c.id + "\",\"agentId\":\"" + c.agent + "\"}";
            case 2 -> "{\"conversationId\":\"" + c.id + "\",\"duration\":42,\"callType\":\"inbound\"}";
            default -> "{\"conversationId\":\"" + c.id + "\",\"disposition\":\"" + c.disposition + "\",\"notes\":\""
                    + c.notes + "\"}";
        };
    }

    /**
     * Whether event {@code k}'s unanswered attempt was applied: 1 yes, 0 no, -1 no answer (server away again),
     * any other value the unexpected HTTP status of the state read. Only this client sends this call's events and
     * the server's timeouts are minutes away, so the state tells exactly how far the call got.
     */
    private int appliedByState(int node, Call c, int k) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(nodes.base(node) + "/api/v1/tenants/" + tenant + "/interactions/" + c.id))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + key).GET().build();
        HttpResponse<String> resp;
        try {
            resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            requestErrors.incrementAndGet();
            nodes.away(node, "no answer");
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        int s = resp.statusCode();
        if (s == 503 && DRAINING.matcher(resp.body()).find()) {
            drainingRetries.incrementAndGet();
            nodes.away(node, "draining");
            return -1;
        }
        if (s == 410) {
            return k == 3 ? 1 : s; // finished: only callNotesSubmitted finishes these calls
        }
        if (s == 404) {
            return k == 0 ? 0 : s; // unknown: only an incomingCall can have not happened
        }
        if (s != 200) {
            return s;
        }
        Matcher m = STATE.matcher(resp.body());
        String state = m.find() ? m.group(1) : "?";
        int reached = switch (state) {
            case "OFFERED" -> 0;
            case "ACCEPTED" -> 1;
            case "ENDED" -> 2;
            default -> 99;
        };
        if (reached == 99) {
            return 600; // not a state this call can be in: reported as a refusal
        }
        return reached >= k ? 1 : (reached == k - 1 ? 0 : 600);
    }

    /** A refused event; "after restart" when the client had seen the server go away and come back before. */
    private void refusal(Call c, int k, int status, String detail) {
        refused.incrementAndGet();
        int restarts = nodes.comebacks();
        if (restarts > 0) {
            refusedAfterRestart.incrementAndGet();
        }
        synchronized (refusals) {
            refusals.add(c.id + "\t" + EVENTS[k] + "\t" + status + "\t+" + (System.nanoTime() - t0Nanos) / 1_000_000
                    + " ms\tafter " + restarts + " comeback(s)\t" + detail);
        }
    }

    private HttpResponse<String> post(int node, String event, String body) throws InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(nodes.base(node) + "/api/v1/tenants/" + tenant + "/softphone/" + event))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            requestErrors.incrementAndGet();
            return null;
        }
    }

    /** How far the calls got, for the line that says a server went away. */
    private String snapshot() {
        int[] byState = new int[5];
        int inFlightNow = 0;
        int endedForGood = 0;
        for (Call c : calls.values()) {
            int p = c.progress;
            byState[p + 1]++;
            if (p == 2 && !c.wrapUp) {
                endedForGood++;
            }
            if (c.inFlight) {
                inFlightNow++;
            }
        }
        return "calls by their last accepted event: offered " + byState[1] + ", accepted " + byState[2]
                + ", ended and not wrapped up " + (byState[3] - endedForGood) + " (+" + endedForGood
                + " that never wrap up), finished " + byState[4] + ", incomingCall not answered yet " + byState[0]
                + "; event requests in flight " + inFlightNow;
    }

    private static String clip(String s) {
        s = s.replace('\t', ' ').replace('\n', ' ');
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private void write(Path out, int total, long skipped, long skippedDown) throws IOException {
        List<String> lines = new ArrayList<>();
        long unfinished = 0;
        for (Call c : calls.values()) {
            long lat = c.popNanos < 0 ? -1 : Math.max(0, (c.popNanos - c.startNanos) / 1_000_000);
            lines.add(c.id + "\t" + c.startEpochMs + "\t" + c.status[0] + "\t" + c.popStatus + "\t" + lat + "\t"
                    + c.status[3] + "\t" + c.status[2] + "\t" + c.status[1] + "\t" + (c.wrapUp ? 1 : 0) + "\t"
                    + c.disposition + "\t" + c.notes + "\t" + c.resends + "\t" + c.offerNode + "\t" + c.offerSettledMs);
            if (c.progress < c.lastEvent()) {
                unfinished++;
            }
        }
        Files.write(out.resolve("calls.tsv"), lines);
        synchronized (refusals) {
            Files.write(out.resolve("refusals.txt"), refusals);
        }
        Files.write(out.resolve("outages.txt"), nodes.outages());
        pops.write(out.resolve("streams.tsv"));
        String summary = "calls_planned=" + total + "\ncalls_started=" + calls.size() + "\ncalls_skipped_backpressure="
                + skipped + "\ncalls_not_started_server_away=" + skippedDown + "\ncalls_not_run_to_their_end="
                + unfinished + "\nevents_resent_after_lost_answer=" + resent + "\nevents_applied_answer_lost="
                + appliedAnswerLost + "\nevents_refused=" + refused + "\nevents_refused_after_restart="
                + refusedAfterRestart + "\nevents_sent_elsewhere_after_draining=" + drainingRetries
                + "\nserver_outages_seen=" + nodes.comebacks() + "\nrequest_errors=" + requestErrors
                + "\nstream_reconnects=" + pops.reconnects() + "\n";
        Files.writeString(out.resolve("summary.txt"), summary);
        System.out.print(summary);
    }
}
