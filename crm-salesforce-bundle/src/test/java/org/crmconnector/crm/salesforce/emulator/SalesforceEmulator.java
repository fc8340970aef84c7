package org.crmconnector.crm.salesforce.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Salesforce org on loopback, speaking the REST API parts the adapter
 * uses: the OAuth token endpoint (client credentials, JWT bearer with RS256
 * verification), SOSL search, sObject create / update / upsert by external
 * id, sObject Collections upsert, the error shapes and status codes, the
 * {@code Sforce-Limit-Info} header and session expiry. Faults can be
 * injected and every kind of call is counted.
 */
public final class SalesforceEmulator implements AutoCloseable {

    public static final String CLIENT_ID = "3MVG9-test-consumer-key";
    public static final String CLIENT_SECRET = "s3cr3t-consumer-secret";
    public static final String JWT_USERNAME = "integration@acme.example";
    public static final String JWT_AUDIENCE = "https://login.salesforce.com";
    /** Test-only inspection: {@code GET /emulator/records/{type}}; see {@link #inspect}. */
    public static final String INSPECTION_PATH = "/emulator/records/";

    /** What the next data requests answer instead of doing their work. */
    public enum Fault {
        /** 503 with an HTML body, as a CDN or maintenance page sends it. */
        SERVER_UNAVAILABLE,
        /** 403 {@code REQUEST_LIMIT_EXCEEDED}. */
        REQUEST_LIMIT_EXCEEDED,
        /** {@code UNABLE_TO_LOCK_ROW}: 400 for single-record calls, per record in collections. */
        UNABLE_TO_LOCK_ROW
    }

    /** Holds data requests at the door until released; see {@link #hold()}. */
    public static final class Hold {
        public final CountDownLatch arrived = new CountDownLatch(1);
        public final CountDownLatch release = new CountDownLatch(1);
    }

    private static final Set<String> TASK_FIELDS = Set.of("Subject", "TaskSubtype", "CallType",
            "CallDurationInSeconds", "CallDisposition", "CallObject", "Description", "Status", "Priority",
            "ActivityDate", "WhoId", "WhatId", "OwnerId");
    private static final Map<String, Integer> TASK_LENGTHS = Map.of("Subject", 255, "CallObject", 255,
            "CallDisposition", 255, "Description", 32000, "Status", 40, "Priority", 40, "CallType", 40);
    private static final Map<String, String> PREFIXES = Map.of("Account", "001", "Contact", "003", "Lead", "00Q",
            "Task", "00T", "Opportunity", "006", "Case", "500", "User", "005");
    /** Lead and Contact required fields (Object Reference: Lead, Contact); Status, OwnerId are defaulted. */
    private static final Map<String, List<String>> REQUIRED = Map.of("Lead", List.of("LastName", "Company"),
            "Contact", List.of("LastName"), "Account", List.of("Name"));
    private static final Set<String> USER_FIELDS = Set.of("Id", "Email", "FederationIdentifier", "IsActive",
            "Username", "Name", "FirstName", "LastName", "Alias");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final Map<String, Map<String, Map<String, Object>>> records = new ConcurrentHashMap<>();
    private final Set<String> notYetIndexed = ConcurrentHashMap.newKeySet();
    private final Set<String> externalIdFields = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<Rule> validationRules = Collections.synchronizedList(new ArrayList<>());
    private final List<String> soslQueries = Collections.synchronizedList(new ArrayList<>());
    private final List<String> soqlQueries = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, String>> tokenForms = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong apiUsed = new AtomicLong();
    private final AtomicLong idSequence = new AtomicLong(1000);

    private volatile long apiMax = 15_000;
    private volatile PublicKey jwtPublicKey;
    private volatile boolean rejectAllSessions;
    private volatile Hold hold;
    private volatile Hold tokenHold;
    private volatile boolean indexLag;

    private record Rule(Predicate<Map<String, Object>> rejects, String message, String field) {
    }

    public SalesforceEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
        externalIdFields.add("CrmConnector_Key__c");
    }

    // ---- set-up -------------------------------------------------------------------------------

    /** {@code http://127.0.0.1:port}: instance URL and token host at once. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void trustJwtKey(PublicKey key) {
        this.jwtPublicKey = key;
    }

    /** Adds a record to the org and its search index; returns its 18-character id. */
    public String add(String type, Map<String, Object> fields) {
        String id = newId(type);
        Map<String, Object> record = new ConcurrentHashMap<>(fields);
        record.put("Id", id);
        if (!record.containsKey("Name") && (record.containsKey("FirstName") || record.containsKey("LastName"))) {
            record.put("Name", (record.getOrDefault("FirstName", "") + " " + record.getOrDefault("LastName", "")).trim());
        }
        table(type).put(id, record);
        return id;
    }

    public String addContact(String name, String phone) {
        return add("Contact", Map.of("Name", name, "Phone", phone));
    }

    /** An active User with this e-mail (and any further fields, e.g. FederationIdentifier); returns its id. */
    public String addUser(String email, Map<String, Object> fields) {
        Map<String, Object> user = new LinkedHashMap<>(fields);
        user.put("Email", email);
        user.putIfAbsent("Username", email);
        user.putIfAbsent("IsActive", true);
        return add("User", user);
    }

    /**
     * Declares a custom field External ID and Unique on every object: upserts
     * may name it, and a second record with the same value is refused with
     * {@code DUPLICATE_VALUE}.
     */
    public void externalIdField(String field) {
        externalIdFields.add(field);
    }

    /** Records Salesforce saves through the API from now on lag behind in the search index, as real ones may. */
    public void indexLag(boolean lag) {
        indexLag = lag;
    }

    /** A record Salesforce saved but whose search index entry lags behind. */
    public String addUnindexed(String type, Map<String, Object> fields) {
        String id = add(type, fields);
        notYetIndexed.add(id);
        return id;
    }

    /** Rejects Task writes that match: 400 {@code FIELD_CUSTOM_VALIDATION_EXCEPTION} with this message. */
    public void validationRule(Predicate<Map<String, Object>> rejects, String message, String field) {
        validationRules.add(new Rule(rejects, message, field));
    }

    /** The next {@code times} data requests fail with {@code fault}. */
    public void inject(Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
    }

    public void apiUsage(long used, long max) {
        apiUsed.set(used);
        apiMax = max;
    }

    public long apiUsed() {
        return apiUsed.get();
    }

    /** Ends every session: the next calls answer 401 {@code INVALID_SESSION_ID}. */
    public void expireSessions() {
        validTokens.clear();
    }

    /** Keeps answering 401, even with freshly issued tokens (e.g. the user lost API access). */
    public void rejectAllSessions(boolean reject) {
        rejectAllSessions = reject;
    }

    /** The next data request waits at the door until {@code release} counts down. */
    public Hold hold() {
        Hold h = new Hold();
        hold = h;
        return h;
    }

    /** The next token request waits until released. */
    public Hold holdTokenRequest() {
        Hold h = new Hold();
        tokenHold = h;
        return h;
    }

    // ---- inspection ---------------------------------------------------------------------------

    /** Counts per kind: token, data, unauthorized, search, create, update, upsert, collections, limited, query, create.Lead (create.Contact, ...). */
    public int count(String kind) {
        AtomicInteger counter = counters.get(kind);
        return counter == null ? 0 : counter.get();
    }

    public List<Map<String, Object>> tasks() {
        return new ArrayList<>(table("Task").values());
    }

    public Map<String, Object> task(String id) {
        return table("Task").get(id);
    }

    public List<String> soslQueries() {
        return new ArrayList<>(soslQueries);
    }

    public List<String> soqlQueries() {
        return new ArrayList<>(soqlQueries);
    }

    /** The records of one type, e.g. {@code Lead}. */
    public List<Map<String, Object>> records(String type) {
        return new ArrayList<>(table(type).values());
    }

    public List<Map<String, String>> tokenRequests() {
        return new ArrayList<>(tokenForms);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/services/oauth2/token") && exchange.getRequestMethod().equals("POST")) {
                token(exchange);
            } else if (path.startsWith("/services/data/v")) {
                data(exchange, path);
            } else if (path.startsWith(INSPECTION_PATH) && exchange.getRequestMethod().equals("GET")) {
                inspect(exchange, path.substring(INSPECTION_PATH.length()));
            } else {
                send(exchange, 404, errors("NOT_FOUND", "The requested resource does not exist"), false);
            }
        } catch (RuntimeException e) {
            send(exchange, 500, errors("UNKNOWN_EXCEPTION", "An unexpected error occurred: " + e), false);
        }
    }

    /**
     * Test-only, not part of Salesforce's API: {@code GET /emulator/records/{type}} lists
     * the records of one type as a JSON array. It lets a test that cannot hold this object
     * (a Pax Exam probe in an OSGi framework) see what the adapter wrote.
     */
    private void inspect(HttpExchange exchange, String type) throws IOException {
        if (type.isEmpty() || type.contains("/")) {
            send(exchange, 404, errors("NOT_FOUND", "use " + INSPECTION_PATH + "{type}"), false);
            return;
        }
        ArrayNode list = json.createArrayNode();
        for (Map<String, Object> record : new ArrayList<>(table(type).values())) {
            list.add(json.valueToTree(new LinkedHashMap<>(record)));
        }
        send(exchange, 200, list, false);
    }

    private void token(HttpExchange exchange) throws IOException {
        count("token", 1);
        Hold h = tokenHold;
        if (h != null) {
            tokenHold = null;
            h.arrived.countDown();
            await(h.release);
        }
        Map<String, String> form = query(new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8));
        tokenForms.add(form);
        String grant = form.getOrDefault("grant_type", "");
        String problem;
        if (grant.equals("client_credentials")) {
            problem = !CLIENT_ID.equals(form.get("client_id")) ? "invalid_client_id:client identifier invalid"
                    : !CLIENT_SECRET.equals(form.get("client_secret")) ? "invalid_client:invalid client credentials"
                    : null;
        } else if (grant.equals("urn:ietf:params:oauth:grant-type:jwt-bearer")) {
            problem = verifyJwt(form.getOrDefault("assertion", ""));
        } else {
            problem = "unsupported_grant_type:grant type not supported";
        }
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        if (problem != null) {
            String[] parts = problem.split(":", 2);
            ObjectNode error = json.createObjectNode().put("error", parts[0]).put("error_description", parts[1]);
            send(exchange, 400, error, false);
            return;
        }
        String token = "00D000000000001!" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("token-" + idSequence.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        validTokens.add(token);
        ObjectNode body = json.createObjectNode()
                .put("access_token", token)
                .put("signature", "c2lnbmF0dXJl")
                .put("scope", "api")
                .put("instance_url", url())
                .put("id", url() + "/id/00D000000000001EAA/005000000000001AAA")
                .put("token_type", "Bearer")
                .put("issued_at", Long.toString(System.currentTimeMillis()));
        send(exchange, 200, body, false);
    }

    /** Checks the RS256 signature and the iss, sub, aud and exp claims; null when all is well. */
    private String verifyJwt(String assertion) {
        String[] parts = assertion.split("\\.");
        if (parts.length != 3 || jwtPublicKey == null) {
            return "invalid_grant:invalid assertion";
        }
        try {
            JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return "invalid_grant:invalid assertion";
            }
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(jwtPublicKey);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return "invalid_grant:invalid assertion";
            }
            if (!CLIENT_ID.equals(claims.path("iss").asText())) {
                return "invalid_client_id:client identifier invalid";
            }
            if (!JWT_AUDIENCE.equals(claims.path("aud").asText())) {
                return "invalid_grant:audience is invalid";
            }
            if (!JWT_USERNAME.equals(claims.path("sub").asText())) {
                return "invalid_grant:user hasn't approved this consumer";
            }
            long now = Instant.now().getEpochSecond();
            long exp = claims.path("exp").asLong(0);
            if (exp <= now || exp > now + 180) {
                return "invalid_grant:expired authorization code";
            }
            return null;
        } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            return "invalid_grant:invalid assertion";
        }
    }

    private void data(HttpExchange exchange, String rawPath) throws IOException {
        count("data", 1);
        Hold h = hold;
        if (h != null) {
            hold = null;
            h.arrived.countDown();
            await(h.release);
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
        if (rejectAllSessions || !validTokens.contains(token)) {
            count("unauthorized", 1);
            send(exchange, 401, errors("INVALID_SESSION_ID", "Session expired or invalid"), false);
            return;
        }
        if (apiUsed.get() >= apiMax) {
            count("limited", 1);
            send(exchange, 403, errors("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), true);
            return;
        }
        apiUsed.incrementAndGet();
        List<String> segments = new ArrayList<>();
        for (String s : rawPath.substring("/services/data/".length()).split("/")) {
            if (!s.isEmpty()) {
                segments.add(decodeSegment(s));
            }
        }
        int version = (int) Double.parseDouble(segments.get(0).substring(1));
        List<String> rest = segments.subList(1, segments.size());
        String method = exchange.getRequestMethod();
        Fault fault = faults.poll();
        if (fault == Fault.SERVER_UNAVAILABLE) {
            byte[] html = "<html><body>Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(503, html.length);
            exchange.getResponseBody().write(html);
            return;
        }
        if (fault == Fault.REQUEST_LIMIT_EXCEEDED) {
            count("limited", 1);
            send(exchange, 403, errors("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), true);
            return;
        }
        boolean lockRows = fault == Fault.UNABLE_TO_LOCK_ROW;
        JsonNode body = method.equals("GET") ? null : readJson(exchange);
        if (method.equals("GET") && rest.size() == 1 && rest.get(0).equals("search")) {
            search(exchange);
        } else if (method.equals("GET") && rest.size() == 1 && rest.get(0).equals("query")) {
            query(exchange);
        } else if (rest.size() >= 2 && rest.get(0).equals("sobjects") && REQUIRED.containsKey(rest.get(1))) {
            caller(exchange, method, rest, body, lockRows);
        } else if (rest.size() >= 2 && rest.get(0).equals("sobjects")) {
            sobject(exchange, method, rest, body, version, lockRows);
        } else if (rest.size() == 4 && rest.get(0).equals("composite") && rest.get(1).equals("sobjects")
                && method.equals("PATCH")) {
            collectionsUpsert(exchange, rest.get(2), rest.get(3), body, lockRows);
        } else {
            send(exchange, 404, errors("NOT_FOUND", "The requested resource does not exist"), true);
        }
    }

    // ---- search -------------------------------------------------------------------------------

    private void search(HttpExchange exchange) throws IOException {
        count("search", 1);
        String q = query(exchange.getRequestURI().getRawQuery()).getOrDefault("q", "");
        soslQueries.add(q);
        SoslStatement sosl;
        try {
            sosl = SoslStatement.parse(q);
        } catch (SoslStatement.MalformedSearch e) {
            send(exchange, 400, errors("MALFORMED_SEARCH", e.getMessage()), true);
            return;
        }
        ArrayNode found = json.createArrayNode();
        for (SoslStatement.Returning returning : sosl.returning) {
            if (!PREFIXES.containsKey(returning.type())) {
                send(exchange, 400, errors("INVALID_TYPE", "sObject type '" + returning.type() + "' is not supported."), true);
                return;
            }
            for (Map<String, Object> record : table(returning.type()).values()) {
                if (found.size() >= sosl.limit) {
                    break;
                }
                if (!notYetIndexed.contains(record.get("Id")) && satisfies(record, returning.conditions())
                        && matches(record, sosl)) {
                    ObjectNode out = found.addObject();
                    out.putObject("attributes").put("type", returning.type())
                            .put("url", "/services/data/v62.0/sobjects/" + returning.type() + "/" + record.get("Id"));
                    for (String field : returning.fields()) {
                        out.putPOJO(field, record.get(field));
                    }
                }
            }
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("searchRecords", found);
        send(exchange, 200, answer, true);
    }

    private static boolean satisfies(Map<String, Object> record, List<String[]> conditions) {
        return conditions.stream().allMatch(c -> String.valueOf(record.getOrDefault(c[0], "false")).equalsIgnoreCase(c[1]));
    }

    /**
     * Phone fields match when the searched digits occur in the stored
     * number's digits, whatever its formatting; other fields by
     * case-insensitive containment.
     */
    private static boolean matches(Map<String, Object> record, SoslStatement sosl) {
        for (String alternative : sosl.alternatives) {
            String digits = alternative.replaceAll("[^0-9]", "");
            for (Map.Entry<String, Object> field : record.entrySet()) {
                String value = String.valueOf(field.getValue());
                boolean phoneField = field.getKey().endsWith("Phone");
                if (phoneField && digits.length() >= 3 && value.replaceAll("[^0-9]", "").contains(digits)) {
                    return true;
                }
                if (!sosl.scope.equals("PHONE") && !field.getKey().equals("Id")
                        && value.toLowerCase(Locale.ROOT).contains(alternative.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- SOQL ---------------------------------------------------------------------------------

    /**
     * {@code GET /query/?q=SELECT ...} on User (REST API Developer Guide, "Execute a SOQL Query",
     * resources_query.htm): {@code {"totalSize","done":true,"records":[{"attributes":{type,url},...}]}};
     * an unknown column is 400 {@code INVALID_FIELD}, bad syntax 400 {@code MALFORMED_QUERY}.
     */
    private void query(HttpExchange exchange) throws IOException {
        count("query", 1);
        String q = query(exchange.getRequestURI().getRawQuery()).getOrDefault("q", "");
        soqlQueries.add(q);
        SoqlStatement soql;
        try {
            soql = SoqlStatement.parse(q);
        } catch (SoqlStatement.MalformedQuery e) {
            send(exchange, 400, errors("MALFORMED_QUERY", e.getMessage()), true);
            return;
        }
        if (!soql.type.equals("User")) {
            send(exchange, 400, errors("INVALID_TYPE", "sObject type '" + soql.type + "' is not supported."), true);
            return;
        }
        List<String> columns = new ArrayList<>(soql.fields);
        soql.conditions.forEach(c -> columns.add(c[0]));
        for (String column : columns) {
            if (!USER_FIELDS.contains(column) && !(column.endsWith("__c") && externalIdFields.contains(column))) {
                send(exchange, 400, errors("INVALID_FIELD", "No such column '" + column + "' on entity 'User'. If you are "
                        + "attempting to use a custom field, be sure to append the '__c' after the custom field name."), true);
                return;
            }
        }
        ArrayNode found = json.createArrayNode();
        for (Map<String, Object> user : table("User").values()) {
            if (found.size() < soql.limit && soql.conditions.stream().allMatch(c -> c[1] == null ? user.get(c[0]) == null
                    // SOQL compares text case-insensitively
                    : user.get(c[0]) != null && String.valueOf(user.get(c[0])).equalsIgnoreCase(c[1]))) {
                ObjectNode out = found.addObject();
                out.putObject("attributes").put("type", "User")
                        .put("url", "/services/data/v62.0/sobjects/User/" + user.get("Id"));
                soql.fields.forEach(f -> out.putPOJO(f, user.get(f)));
            }
        }
        ObjectNode answer = json.createObjectNode().put("totalSize", found.size()).put("done", true);
        answer.set("records", found);
        send(exchange, 200, answer, true);
    }

    // ---- Leads, Contacts, Accounts ------------------------------------------------------------

    /**
     * {@code POST /sobjects/Lead/} (REST API Developer Guide, "Create a Record", dome_sobject_create.htm):
     * 201 with {@code {"id","success":true,"errors":[]}} and a Location header; missing required fields
     * 400 {@code REQUIRED_FIELD_MISSING}; a value already held in a unique external-id field
     * 400 {@code DUPLICATE_VALUE} naming the record that holds it.
     * {@code GET /sobjects/Lead/{field}/{value}} ("Get Records Using sObject Rows by External ID",
     * resources_sobject_upsert_get.htm): the record, 404 {@code NOT_FOUND}, or 300 with the records' URLs.
     */
    private synchronized void caller(HttpExchange exchange, String method, List<String> path, JsonNode body,
            boolean lockRows) throws IOException {
        String type = path.get(1);
        if (method.equals("POST") && path.size() == 2) {
            count("create." + type, 1);
            if (lockRows) {
                send(exchange, 400, errors("UNABLE_TO_LOCK_ROW",
                        "unable to obtain exclusive access to this record or 1 records: 001000000000000AAA"), true);
                return;
            }
            Map<String, Object> fields = fields(body);
            List<String> missing = REQUIRED.get(type).stream()
                    .filter(f -> fields.get(f) == null || String.valueOf(fields.get(f)).isBlank()).toList();
            if (!missing.isEmpty()) {
                send(exchange, 400, errorArray("errorCode", "REQUIRED_FIELD_MISSING",
                        "Required fields are missing: " + missing, missing), true);
                return;
            }
            Object owner = fields.get("OwnerId");
            if (owner != null && !(table("User").containsKey(owner)
                    && Boolean.TRUE.equals(table("User").get(owner).get("IsActive")))) {
                send(exchange, 400, errorArray("errorCode", "INVALID_CROSS_REFERENCE_KEY",
                        "Owner ID: id value of incorrect type: " + owner, List.of("OwnerId")), true);
                return;
            }
            for (String field : fields.keySet()) {
                if (externalIdFields.contains(field)) {
                    List<Map<String, Object>> holders = byExternalId(type, field, String.valueOf(fields.get(field)));
                    if (!holders.isEmpty()) {
                        send(exchange, 400, errorArray("errorCode", "DUPLICATE_VALUE", "duplicate value found: " + field
                                + " duplicates value on record with id: " + holders.get(0).get("Id"), List.of()), true);
                        return;
                    }
                } else if (field.endsWith("__c")) {
                    send(exchange, 400, errorArray("errorCode", "INVALID_FIELD",
                            "No such column '" + field + "' on sobject of type " + type, List.of(field)), true);
                    return;
                }
            }
            String id = indexLag ? addUnindexed(type, fields) : add(type, fields);
            exchange.getResponseHeaders().add("Location", "/services/data/v62.0/sobjects/" + type + "/" + id);
            send(exchange, 201, saveResult(id, null), true);
        } else if (method.equals("GET") && path.size() == 4) {
            if (!externalIdFields.contains(path.get(2))) {
                send(exchange, 404, errors("NOT_FOUND", "Provided external ID field does not exist or is not accessible: "
                        + path.get(2)), true);
                return;
            }
            List<Map<String, Object>> found = byExternalId(type, path.get(2), path.get(3));
            if (found.isEmpty()) {
                send(exchange, 404, errors("NOT_FOUND", "The requested resource does not exist"), true);
            } else if (found.size() > 1) {
                ArrayNode urls = json.createArrayNode();
                found.forEach(r -> urls.add("/services/data/v62.0/sobjects/" + type + "/" + r.get("Id")));
                send(exchange, 300, urls, true);
            } else {
                ObjectNode out = json.createObjectNode();
                out.putObject("attributes").put("type", type)
                        .put("url", "/services/data/v62.0/sobjects/" + type + "/" + found.get(0).get("Id"));
                new LinkedHashMap<>(found.get(0)).forEach(out::putPOJO);
                send(exchange, 200, out, true);
            }
        } else {
            send(exchange, 405, errors("METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed."), true);
        }
    }

    // ---- single-record writes -----------------------------------------------------------------

    private void sobject(HttpExchange exchange, String method, List<String> path, JsonNode body, int version,
            boolean lockRows) throws IOException {
        String type = path.get(1);
        if (!type.equals("Task")) {
            send(exchange, 404, errors("NOT_FOUND", "The requested resource does not exist"), true);
            return;
        }
        if (lockRows) {
            send(exchange, 400, errors("UNABLE_TO_LOCK_ROW",
                    "unable to obtain exclusive access to this record or 1 records: 00T000000000000AAA"), true);
            return;
        }
        if (method.equals("POST") && path.size() == 2) {
            count("create", 1);
            Map<String, Object> fields = fields(body);
            ArrayNode problems = validate(fields, true);
            if (problems.size() > 0) {
                send(exchange, 400, problems, true);
                return;
            }
            String id = add("Task", fields);
            exchange.getResponseHeaders().add("Location", "/services/data/v62.0/sobjects/Task/" + id);
            send(exchange, 201, saveResult(id, null), true);
        } else if (method.equals("PATCH") && path.size() == 3) {
            count("update", 1);
            Map<String, Object> existing = table("Task").get(path.get(2));
            if (existing == null) {
                send(exchange, 404, errors("NOT_FOUND", "The requested resource does not exist"), true);
                return;
            }
            Map<String, Object> fields = fields(body);
            ArrayNode problems = validate(merged(existing, fields), false);
            if (problems.size() > 0) {
                send(exchange, 400, problems, true);
                return;
            }
            existing.putAll(fields);
            send(exchange, 204, null, true);
        } else if (method.equals("PATCH") && path.size() == 4) {
            count("upsert", 1);
            upsertOne(exchange, path.get(2), path.get(3), fields(body), version);
        } else if (method.equals("GET") && (path.size() == 3 || path.size() == 4)) {
            count("read", 1);
            readTask(exchange, path);
        } else {
            send(exchange, 405, errors("METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed."), true);
        }
    }

    /**
     * {@code GET /sobjects/Task/{id}} ("sObject Rows", resources_sobject_retrieve.htm) and
     * {@code GET /sobjects/Task/{field}/{value}} ("Get Records Using sObject Rows by External ID");
     * {@code ?fields=A,B} limits the answer to those fields (plus attributes).
     */
    private void readTask(HttpExchange exchange, List<String> path) throws IOException {
        List<Map<String, Object>> found;
        if (path.size() == 3) {
            Map<String, Object> task = table("Task").get(path.get(2));
            found = task == null ? List.of() : List.of(task);
        } else if (!externalIdFields.contains(path.get(2))) {
            send(exchange, 404, errors("NOT_FOUND", "Provided external ID field does not exist or is not accessible: "
                    + path.get(2)), true);
            return;
        } else {
            found = byExternalId(path.get(2), path.get(3));
        }
        if (found.isEmpty()) {
            send(exchange, 404, errors("NOT_FOUND", "The requested resource does not exist"), true);
            return;
        }
        if (found.size() > 1) {
            ArrayNode urls = json.createArrayNode();
            found.forEach(r -> urls.add("/services/data/v62.0/sobjects/Task/" + r.get("Id")));
            send(exchange, 300, urls, true);
            return;
        }
        Map<String, Object> task = new LinkedHashMap<>(found.get(0));
        String fieldList = query(exchange.getRequestURI().getRawQuery()).get("fields");
        ObjectNode out = json.createObjectNode();
        out.putObject("attributes").put("type", "Task").put("url", "/services/data/v62.0/sobjects/Task/" + task.get("Id"));
        if (fieldList == null) {
            task.forEach(out::putPOJO);
        } else {
            for (String f : fieldList.split(",")) {
                String field = f.trim();
                if (!TASK_FIELDS.contains(field) && !field.endsWith("__c") && !field.equals("Id")) {
                    send(exchange, 400, errorArray("errorCode", "INVALID_FIELD",
                            "No such column '" + field + "' on entity 'Task'", List.of(field)), true);
                    return;
                }
                out.putPOJO(field, task.get(field));
            }
        }
        send(exchange, 200, out, true);
    }

    private synchronized void upsertOne(HttpExchange exchange, String field, String value, Map<String, Object> fields,
            int version) throws IOException {
        if (!externalIdFields.contains(field)) {
            send(exchange, 404, errors("NOT_FOUND", "The requested resource does not exist"), true);
            return;
        }
        List<Map<String, Object>> existing = byExternalId(field, value);
        if (existing.size() > 1) {
            ArrayNode urls = json.createArrayNode();
            existing.forEach(r -> urls.add("/services/data/v62.0/sobjects/Task/" + r.get("Id")));
            send(exchange, 300, urls, true);
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>(fields);
        record.put(field, value);
        ArrayNode problems = validate(existing.isEmpty() ? record : merged(existing.get(0), record), existing.isEmpty());
        if (problems.size() > 0) {
            send(exchange, 400, problems, true);
            return;
        }
        if (existing.isEmpty()) {
            String id = add("Task", record);
            send(exchange, 201, saveResult(id, true), true);
        } else {
            existing.get(0).putAll(record);
            String id = (String) existing.get(0).get("Id");
            if (version < 46) {
                send(exchange, 204, null, true);
            } else {
                send(exchange, 200, saveResult(id, false), true);
            }
        }
    }

    // ---- sObject Collections ------------------------------------------------------------------

    private synchronized void collectionsUpsert(HttpExchange exchange, String type, String field, JsonNode body,
            boolean lockRows) throws IOException {
        count("collections", 1);
        if (!externalIdFields.contains(field) || !type.equals("Task")) {
            send(exchange, 404, errors("NOT_FOUND", "The requested resource does not exist"), true);
            return;
        }
        JsonNode records = body == null ? null : body.get("records");
        if (records == null || !records.isArray()) {
            send(exchange, 400, errors("JSON_PARSER_ERROR", "records is required"), true);
            return;
        }
        if (records.size() > 200) {
            send(exchange, 400, errors("EXCEEDED_ID_LIMIT",
                    "record limit reached. cannot submit more than 200 records into this call"), true);
            return;
        }
        boolean allOrNone = body.path("allOrNone").asBoolean(false);
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (JsonNode r : records) {
            String key = r.path(field).asText("");
            if (!seen.add(key)) {
                duplicates.add(key);
            }
        }
        ArrayNode results = json.createArrayNode();
        boolean anyFailed = false;
        for (JsonNode r : records) {
            Map<String, Object> record = fields(r);
            record.remove("attributes");
            String key = String.valueOf(record.getOrDefault(field, ""));
            ObjectNode result = results.addObject();
            ArrayNode problems;
            List<Map<String, Object>> existing = byExternalId(field, key);
            if (!"Task".equals(r.path("attributes").path("type").asText())) {
                problems = errorArray("statusCode", "INVALID_TYPE", "attributes.type must be Task", List.of());
            } else if (key.isEmpty()) {
                problems = errorArray("statusCode", "REQUIRED_FIELD_MISSING", "Required fields are missing: [" + field + "]", List.of(field));
            } else if (duplicates.contains(key)) {
                problems = errorArray("statusCode", "DUPLICATE_EXTERNAL_ID", "Duplicate external id specified: " + key, List.of(field));
            } else if (lockRows) {
                problems = errorArray("statusCode", "UNABLE_TO_LOCK_ROW",
                        "unable to obtain exclusive access to this record or 1 records: 00T000000000000AAA", List.of());
            } else if (existing.size() > 1) {
                problems = errorArray("statusCode", "DUPLICATE_EXTERNAL_ID", "more than one record found for external id field: " + key, List.of(field));
            } else {
                problems = validate(existing.isEmpty() ? record : merged(existing.get(0), record), existing.isEmpty());
                rename(problems);
            }
            if (problems.size() > 0 || allOrNone && anyFailed) {
                anyFailed = true;
                result.put("success", false).set("errors", problems);
                continue;
            }
            if (existing.isEmpty()) {
                String id = add("Task", record);
                result.put("id", id).put("success", true).put("created", true).putArray("errors");
            } else {
                existing.get(0).putAll(record);
                result.put("id", (String) existing.get(0).get("Id")).put("success", true).put("created", false)
                        .putArray("errors");
            }
        }
        send(exchange, 200, results, true);
    }

    /** Per-record results call the code {@code statusCode}, top-level errors {@code errorCode}. */
    private static void rename(ArrayNode problems) {
        problems.forEach(p -> {
            ObjectNode o = (ObjectNode) p;
            if (o.has("errorCode")) {
                o.set("statusCode", o.remove("errorCode"));
            }
        });
    }

    // ---- Task rules ---------------------------------------------------------------------------

    private ArrayNode validate(Map<String, Object> task, boolean create) {
        ArrayNode problems = json.createArrayNode();
        for (Map.Entry<String, Object> e : task.entrySet()) {
            String field = e.getKey();
            if (field.equals("Id")) {
                continue;
            }
            if (!TASK_FIELDS.contains(field) && !field.endsWith("__c") && !field.equals("Name")) {
                problems.addAll(errorArray("errorCode", "INVALID_FIELD",
                        "No such column '" + field + "' on sobject of type Task", List.of(field)));
                continue;
            }
            Integer max = TASK_LENGTHS.get(field);
            if (max == null && field.endsWith("__c")) {
                max = 255;
            }
            if (max != null && e.getValue() instanceof String s && s.length() > max) {
                problems.addAll(errorArray("errorCode", "STRING_TOO_LONG", field + ": data value too large: "
                        + s.substring(0, 20) + "... (max length=" + max + ")", List.of(field)));
            }
        }
        Object callType = task.get("CallType");
        if (callType != null && !Set.of("Inbound", "Outbound", "Internal").contains(callType)) {
            problems.addAll(errorArray("errorCode", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                    "Call Type: bad value for restricted picklist field: " + callType, List.of("CallType")));
        }
        Object subtype = task.get("TaskSubtype");
        if (subtype != null && !Set.of("Task", "Email", "ListEmail", "Cadence", "Call").contains(subtype)) {
            problems.addAll(errorArray("errorCode", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                    "Task Subtype: bad value for restricted picklist field: " + subtype, List.of("TaskSubtype")));
        }
        Object date = task.get("ActivityDate");
        if (date != null && !String.valueOf(date).matches("\\d{4}-\\d{2}-\\d{2}")) {
            problems.addAll(errorArray("errorCode", "INVALID_TYPE_ON_FIELD_IN_RECORD",
                    "Due Date Only: value not of required type: " + date, List.of("ActivityDate")));
        }
        Object duration = task.get("CallDurationInSeconds");
        if (duration != null && !(duration instanceof Number)) {
            problems.addAll(errorArray("errorCode", "INVALID_TYPE_ON_FIELD_IN_RECORD",
                    "Call Duration: value not of required type: " + duration, List.of("CallDurationInSeconds")));
        }
        String who = (String) task.get("WhoId");
        if (who != null && !(who.startsWith("003") || who.startsWith("00Q")) || who != null && !exists(who)) {
            problems.addAll(errorArray("errorCode", "INVALID_CROSS_REFERENCE_KEY",
                    "Name ID: id value of incorrect type: " + who, List.of("WhoId")));
        }
        String what = (String) task.get("WhatId");
        if (what != null && !exists(what)) {
            problems.addAll(errorArray("errorCode", "INVALID_CROSS_REFERENCE_KEY",
                    "Related To ID: id value of incorrect type: " + what, List.of("WhatId")));
        }
        Object owner = task.get("OwnerId");
        if (owner != null && !(table("User").containsKey(owner)
                && Boolean.TRUE.equals(table("User").get(owner).get("IsActive")))) {
            problems.addAll(errorArray("errorCode", "INVALID_CROSS_REFERENCE_KEY",
                    "Assigned To ID: id value of incorrect type: " + owner, List.of("OwnerId")));
        }
        if (who != null && who.startsWith("00Q") && what != null) {
            problems.addAll(errorArray("errorCode", "FIELD_INTEGRITY_EXCEPTION",
                    "Related To ID: id value of incorrect type: " + what, List.of("WhatId")));
        }
        synchronized (validationRules) {
            for (Rule rule : validationRules) {
                if (rule.rejects.test(task)) {
                    problems.addAll(errorArray("errorCode", "FIELD_CUSTOM_VALIDATION_EXCEPTION", rule.message,
                            rule.field == null ? List.of() : List.of(rule.field)));
                }
            }
        }
        return problems;
    }

    private boolean exists(String id) {
        return records.values().stream().anyMatch(t -> t.containsKey(id));
    }

    private List<Map<String, Object>> byExternalId(String field, String value) {
        return byExternalId("Task", field, value);
    }

    private List<Map<String, Object>> byExternalId(String type, String field, String value) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> r : table(type).values()) {
            if (value.equals(r.get(field))) {
                found.add(r);
            }
        }
        return found;
    }

    // ---- plumbing -----------------------------------------------------------------------------

    private Map<String, Map<String, Object>> table(String type) {
        return records.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
    }

    private String newId(String type) {
        String prefix = PREFIXES.getOrDefault(type, "a00");
        return prefix + String.format("%012d", idSequence.incrementAndGet()) + "AAA";
    }

    private static Map<String, Object> merged(Map<String, Object> existing, Map<String, Object> changes) {
        Map<String, Object> merged = new LinkedHashMap<>(existing);
        merged.putAll(changes);
        return merged;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> fields(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> map = json.convertValue(body, LinkedHashMap.class);
        map.values().removeIf(v -> v == null);
        return map;
    }

    private ObjectNode saveResult(String id, Boolean created) {
        ObjectNode result = json.createObjectNode().put("id", id).put("success", true);
        result.putArray("errors");
        if (created != null) {
            result.put("created", created);
        }
        return result;
    }

    private ArrayNode errors(String code, String message) {
        return errorArray("errorCode", code, message, null);
    }

    private ArrayNode errorArray(String codeKey, String code, String message, List<String> fields) {
        ArrayNode array = json.createArrayNode();
        ObjectNode error = array.addObject().put("message", message).put(codeKey, code);
        if (fields != null) {
            ArrayNode f = error.putArray("fields");
            fields.forEach(f::add);
        }
        return array;
    }

    private JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] bytes = readAll(exchange.getRequestBody());
        return bytes.length == 0 ? null : json.readTree(bytes);
    }

    private void send(HttpExchange exchange, int status, JsonNode body, boolean limitHeader) throws IOException {
        if (limitHeader) {
            exchange.getResponseHeaders().add("Sforce-Limit-Info", "api-usage=" + apiUsed.get() + "/" + apiMax);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void count(String kind, int delta) {
        counters.computeIfAbsent(kind, k -> new AtomicInteger()).addAndGet(delta);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /** Query strings decode {@code +} as a space, as Salesforce does for {@code q}. */
    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    /** In a path a {@code +} is a plus. */
    private static String decodeSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held request never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
