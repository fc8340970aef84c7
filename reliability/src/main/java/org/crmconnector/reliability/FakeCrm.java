package org.crmconnector.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small CRM on loopback for the reliability proofs, shaped like the demo CRM
 * the generic REST adapter's example configuration talks to:
 * <pre>
 *   GET   /demo-crm/api/contacts?phone={ani}  -> {"results":[{"id":"c-..","name":"..","type":"Contact"}]}
 *   POST  /demo-crm/api/activities            -> 201 {"id":"a1"}  (200 with the existing id for a known key)
 *   PATCH /demo-crm/api/activities/{id}       -> 200 {"id":"a1"}
 * </pre>
 * A record keeps its latest fields: a PATCH merges the string fields of its
 * body into the record (so a wrap-up's log update or disposition replaces
 * disposition and notes), and so does a create absorbed by the idempotency
 * key (an upsert on the key).
 * Idempotency, as real CRM APIs offer it (Stripe-style Idempotency-Key,
 * HubSpot/Salesforce upsert on an external id): a create that carries an
 * {@code X-Interaction-Key} header (the demo configuration's log.headers sends
 * {key}) for a key that already has a record answers with that record instead
 * of creating a second one. Started with {@code --no-idempotency} it creates a
 * record for every POST, like a CRM without that feature, so duplicates show.
 * <p>
 * A record is one activity; a duplicate is a second record for the same
 * interaction key. Creates for a known key (absorbed by the idempotency key)
 * are counted as redeliveries.
 * <p>
 * Control port (always up): POST /down?mode=close|503, POST /up, GET /stats
 * (also written to the stats file), GET /keys (key TAB records TAB creates
 * TAB updates TAB absorbed creates that changed the record TAB disposition TAB
 * notes, the last two JSON-escaped as sent; one per line, also written to stats
 * file + ".keys"), POST /quit.
 */
public final class FakeCrm {

    private static final Pattern KEY_IN_BODY = Pattern.compile("\"key\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A string field of the flat JSON bodies the adapter sends (values kept JSON-escaped). */
    private static final Pattern STRING_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    static final class Rec {
        final List<String> recordIds = new ArrayList<>();
        int creates;
        int updates;
        /** The record's fields as the CRM holds them now: created, then merged by each update/upsert. */
        final Map<String, String> fields = new TreeMap<>();
        /** Absorbed creates whose body changed the disposition or notes (a pure replay CRM would have kept the old). */
        int absorbedChanging;
    }

    /** Merges the body's string fields into the record, as a PATCH or an upsert does; true if disposition or notes changed. */
    static boolean merge(Rec r, String body) {
        String before = r.fields.get("disposition") + "\u0000" + r.fields.get("notes");
        Matcher m = STRING_FIELD.matcher(body);
        while (m.find()) {
            r.fields.put(m.group(1), m.group(2));
        }
        return !before.equals(r.fields.get("disposition") + "\u0000" + r.fields.get("notes"));
    }

    private final int port;
    private final Path statsFile;
    private final boolean idempotent;
    private final Map<String, Rec> byKey = new TreeMap<>();
    private final Map<String, String> keyOfRecord = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong refused503 = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final AtomicLong patchesUnknown = new AtomicLong();
    private final AtomicLong keylessCreates = new AtomicLong();
    private final AtomicLong downTransitions = new AtomicLong();
    private volatile String mode = "up"; // up | 503 | close
    private HttpServer crm;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    FakeCrm(int port, Path statsFile, boolean idempotent) {
        this.port = port;
        this.statsFile = statsFile;
        this.idempotent = idempotent;
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        int control = 0;
        Path stats = Path.of("fake-crm-stats.json");
        boolean idempotent = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--control" -> control = Integer.parseInt(args[++i]);
                case "--stats" -> stats = Path.of(args[++i]);
                case "--no-idempotency" -> idempotent = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        FakeCrm f = new FakeCrm(port, stats, idempotent);
        f.startCrm();
        HttpServer c = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), control), 16);
        c.createContext("/", f::control);
        c.setExecutor(Executors.newFixedThreadPool(2));
        c.start();
        Runtime.getRuntime().addShutdownHook(new Thread(f::writeStats));
        System.out.println("fake CRM on 127.0.0.1:" + port + " control " + control + " idempotency " + idempotent);
    }

    private synchronized void startCrm() throws IOException {
        if (crm != null) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) { // the port may linger a moment after close
            try {
                HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
                s.createContext("/", this::crm);
                s.setExecutor(pool);
                s.start();
                crm = s;
                return;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    private synchronized void stopCrm() {
        if (crm != null) {
            crm.stop(0);
            crm = null;
        }
    }

    private void crm(HttpExchange x) throws IOException {
        try (x) {
            requests.incrementAndGet();
            byte[] body = readAll(x.getRequestBody());
            if (mode.equals("503")) {
                refused503.incrementAndGet();
                send(x, 503, "{\"error\":\"maintenance\"}");
                return;
            }
            if (mode.equals("close")) { // raced with the close: drop the connection unanswered
                x.getHttpContext().getServer();
                send(x, 503, "{\"error\":\"down\"}");
                return;
            }
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            if (method.equals("GET") && path.equals("/demo-crm/api/contacts")) {
                lookups.incrementAndGet();
                String q = x.getRequestURI().getRawQuery();
                String phone = q == null ? "" : URLDecoder.decode(q.replaceFirst("^.*phone=([^&]*).*$", "$1"),
                        StandardCharsets.UTF_8);
                String digits = phone.replaceAll("[^0-9]", "");
                send(x, 200, "{\"results\":[{\"id\":\"c" + digits + "\",\"name\":\"Caller " + digits
                        + "\",\"type\":\"Contact\"}]}");
                return;
            }
            if (method.equals("POST") && path.equals("/demo-crm/api/activities")) {
                String text = new String(body, StandardCharsets.UTF_8);
                String key = x.getRequestHeaders().getFirst("X-Interaction-Key");
                String bodyKey = null;
                Matcher m = KEY_IN_BODY.matcher(text);
                if (m.find()) {
                    bodyKey = m.group(1);
                }
                if (key == null || key.isBlank()) {
                    keylessCreates.incrementAndGet();
                    key = bodyKey;
                }
                if (key == null || key.isBlank()) {
                    badRequests.incrementAndGet();
                    send(x, 400, "{\"error\":\"no interaction key\"}");
                    return;
                }
                String id;
                int status;
                synchronized (byKey) {
                    Rec r = byKey.computeIfAbsent(key, k -> new Rec());
                    r.creates++;
                    if (idempotent && !r.recordIds.isEmpty()) {
                        // an upsert on the key (HubSpot/Salesforce external id): the body updates the record
                        id = r.recordIds.get(0);
                        status = 200;
                        if (merge(r, text)) {
                            r.absorbedChanging++;
                        }
                    } else {
                        if (r.recordIds.isEmpty()) {
                            merge(r, text);
                        }
                        id = "a" + nextId.getAndIncrement();
                        r.recordIds.add(id);
                        keyOfRecord.put(id, key);
                        status = 201;
                    }
                }
                send(x, status, "{\"id\":\"" + id + "\"}");
                return;
            }
            if (method.equals("PATCH") && path.startsWith("/demo-crm/api/activities/")) {
                String id = path.substring("/demo-crm/api/activities/".length());
                String key = keyOfRecord.get(id);
                if (key == null) {
                    patchesUnknown.incrementAndGet();
                    send(x, 404, "{\"error\":\"no activity " + id + "\"}");
                    return;
                }
                synchronized (byKey) {
                    Rec r = byKey.get(key);
                    r.updates++;
                    merge(r, new String(body, StandardCharsets.UTF_8)); // PATCH: the fields sent replace the record's
                }
                send(x, 200, "{\"id\":\"" + id + "\"}");
                return;
            }
            badRequests.incrementAndGet();
            send(x, 404, "{\"error\":\"no such resource\"}");
        }
    }

    private void control(HttpExchange x) throws IOException {
        try (x) {
            readAll(x.getRequestBody());
            String path = x.getRequestURI().getPath();
            String q = x.getRequestURI().getQuery();
            switch (path) {
                case "/down" -> {
                    String m = q != null && q.contains("mode=503") ? "503" : "close";
                    downTransitions.incrementAndGet();
                    mode = m;
                    if (m.equals("close")) {
                        stopCrm();
                    }
                    send(x, 200, "{\"mode\":\"" + m + "\"}");
                }
                case "/up" -> {
                    startCrm();
                    mode = "up";
                    send(x, 200, "{\"mode\":\"up\"}");
                }
                case "/stats" -> send(x, 200, writeStats());
                case "/keys" -> {
                    writeStats();
                    send(x, 200, keys());
                }
                case "/quit" -> {
                    send(x, 200, "{}");
                    writeStats();
                    new Thread(() -> System.exit(0)).start();
                }
                default -> send(x, 404, "{}");
            }
        }
    }

    private String keys() {
        StringBuilder sb = new StringBuilder();
        synchronized (byKey) {
            byKey.forEach((k, r) -> sb.append(k).append('\t').append(r.recordIds.size()).append('\t').append(r.creates)
                    .append('\t').append(r.updates).append('\t').append(r.absorbedChanging).append('\t')
                    .append(r.fields.getOrDefault("disposition", "")).append('\t')
                    .append(r.fields.getOrDefault("notes", "")).append('\n'));
        }
        return sb.toString();
    }

    synchronized String writeStats() {
        long distinct;
        long records = 0;
        long duplicateKeys = 0;
        long duplicateRecords = 0;
        long creates = 0;
        long redelivered = 0;
        long updates = 0;
        long absorbedChanging = 0;
        String keys;
        synchronized (byKey) {
            distinct = byKey.size();
            for (Rec r : byKey.values()) {
                records += r.recordIds.size();
                if (r.recordIds.size() > 1) {
                    duplicateKeys++;
                    duplicateRecords += r.recordIds.size() - 1;
                }
                creates += r.creates;
                redelivered += Math.max(0, r.creates - 1);
                updates += r.updates;
                absorbedChanging += r.absorbedChanging;
            }
            keys = keys();
        }
        String json = "{\"mode\":\"" + mode + "\",\"idempotency\":" + idempotent + ",\"requests\":" + requests
                + ",\"lookups\":" + lookups + ",\"logCreates\":" + creates + ",\"distinctKeys\":" + distinct
                + ",\"records\":" + records + ",\"duplicateKeys\":" + duplicateKeys + ",\"duplicateRecords\":"
                + duplicateRecords + ",\"redeliveredCreates\":" + redelivered + ",\"updates\":" + updates
                + ",\"absorbedCreatesChangingRecord\":" + absorbedChanging
                + ",\"patchesForUnknownRecord\":" + patchesUnknown + ",\"keylessCreates\":" + keylessCreates
                + ",\"answered503\":" + refused503 + ",\"badRequests\":" + badRequests + ",\"downTransitions\":"
                + downTransitions + "}";
        try {
            Path tmp = statsFile.resolveSibling(statsFile.getFileName() + ".tmp");
            Files.writeString(tmp, json + "\n");
            Files.move(tmp, statsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path ktmp = statsFile.resolveSibling(statsFile.getFileName() + ".keys.tmp");
            Files.writeString(ktmp, keys);
            Files.move(ktmp, statsFile.resolveSibling(statsFile.getFileName() + ".keys"),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("cannot write stats: " + e);
        }
        return json;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }
}
