package org.crmconnector.crm.dynamics.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Dataverse environment and its Entra ID token endpoint on loopback,
 * speaking the parts of the Web API the adapter uses, written from
 * Microsoft Learn:
 * <ul>
 * <li>"Microsoft identity platform and the OAuth 2.0 client credentials flow"
 * (learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow):
 * {@code POST /{tenant}/oauth2/v2.0/token} with {@code client_secret} or a
 * {@code client_assertion}, {@code scope=<environment>/.default}; the answer
 * {@code {"token_type":"Bearer","expires_in":3599,"access_token":...}}, errors
 * {@code {"error":"invalid_client","error_description":"AADSTS7000215: ..."}}.</li>
 * <li>"Query data using the Web API" and "Filter rows using OData"
 * (learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows):
 * {@code GET <set>?$select=&$filter=&$top=} answering {@code {"value":[...]}};
 * see {@link ODataFilter} for the filter subset.</li>
 * <li>"Update and delete table rows using the Web API"
 * (learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api):
 * {@code PATCH <set>(<id>)} and {@code PATCH <set>(<altkey>='v')} as upserts
 * answering {@code 204} with {@code OData-EntityId}; {@code If-Match: *}
 * prevents create (404), {@code If-None-Match: *} prevents update (412).
 * "Use Upsert to Create or Update a record"
 * (learn.microsoft.com/power-apps/developer/data-platform/use-upsert-insert-update-record):
 * a row created through an alternate key in the URL takes the key's value.</li>
 * <li>"Retrieve a table row using the Web API": {@code GET <set>(<id>)} or by an
 * alternate key, {@code $select}, 404 when there is no such row.</li>
 * <li>"Perform conditional operations using the Web API"
 * (learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api):
 * every row has a weak {@code @odata.etag} that changes with each write; a
 * {@code PATCH} with {@code If-Match: <etag>} of an older version answers
 * {@code 412 Precondition Failed}.</li>
 * <li>"Execute batch operations using the Web API"
 * (learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api):
 * {@code POST $batch}, {@code multipart/mixed} parts of {@code application/http},
 * at most 1000, processing stops at the first failure unless
 * {@code Prefer: odata.continue-on-error}.</li>
 * <li>"Compose HTTP requests and handle errors" and "Troubleshoot Dataverse Web
 * API client errors": errors as {@code {"error":{"code":"0x...","message":"..."}}}.</li>
 * <li>"Service protection API limits"
 * (learn.microsoft.com/power-apps/developer/data-platform/api-limits):
 * {@code 429 Too Many Requests} with {@code Retry-After} in seconds.</li>
 * <li>"phonecall EntityType" (learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/phonecall):
 * the columns and lengths checked, {@code regardingobjectid_<table>_phonecall@odata.bind}.</li>
 * </ul>
 * Error codes the pages do not list for a case (a wrong alternate key, a
 * too long value) are plausible ones, marked where used. Every kind of call is counted.
 */
public final class DataverseEmulator implements AutoCloseable {

    public static final String TENANT = "00000000-0000-0000-0000-0000000000aa";
    public static final String CLIENT_ID = "11111111-2222-3333-4444-555555555555";
    public static final String CLIENT_SECRET = "kit~client~secret~Q8b2";
    public static final String KEY_COLUMN = "new_crmconnectorkey";
    public static final String INSPECTION_PATH = "/emulator/records/";
    /** Entra ID's lifetime of an app token: an hour, less a second. */
    public static final long TOKEN_SECONDS = 3599;
    public static final int MAX_BATCH = 1000;

    private static final String API = "/api/data/v9.2/";
    private static final Pattern KEYED = Pattern.compile("([a-z_]+)\\((.*)\\)");
    private static final Pattern BIND = Pattern.compile("regardingobjectid_([a-z_]+)_phonecall@odata\\.bind");
    private static final Pattern BOUND = Pattern.compile("/([a-z_]+)\\(([0-9a-fA-F-]{36})\\)");
    /** Writable phonecall columns and their maximum lengths (0: not text). */
    private static final Map<String, Integer> PHONECALL_COLUMNS = Map.of("subject", 200, "description", 2000,
            "phonenumber", 200, "directioncode", 0, "actualdurationminutes", 0, "actualstart", 0, "actualend", 0,
            KEY_COLUMN, 100, "phonecall_activity_parties", 0);

    private record Table(String logicalName, String idColumn) {
    }

    /** Writable columns of the tables unknown callers are created in, and their lengths ("contact/lead EntityType"). */
    private static final Map<String, Integer> PERSON_COLUMNS = Map.of("firstname", 50, "lastname", 50, "telephone1", 50,
            "telephone2", 50, "mobilephone", 50, "emailaddress1", 100, "description", 2000, "jobtitle", 100);
    private static final Map<String, Integer> LEAD_ONLY_COLUMNS = Map.of("subject", 300, "companyname", 100);

    private static final Map<String, Table> TABLES = Map.of("contacts", new Table("contact", "contactid"),
            "accounts", new Table("account", "accountid"), "leads", new Table("lead", "leadid"),
            "phonecalls", new Table("phonecall", "activityid"), "systemusers", new Table("systemuser", "systemuserid"));
    /** {@code ownerid@odata.bind}: assigns a row to a user (Microsoft Learn, "Associate table rows on create"). */
    private static final String OWNER_BIND = "ownerid@odata.bind";

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Map<String, ObjectNode>> rows = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Set<String> customColumns = ConcurrentHashMap.newKeySet();
    /** The alternate key column of contacts and leads, by entity set (phone calls: {@link #KEY_COLUMN}). */
    private final Map<String, String> alternateKeys = new ConcurrentHashMap<>();
    private final AtomicInteger versions = new AtomicInteger(1000);
    private volatile Hold hold;
    private final java.util.concurrent.atomic.AtomicReference<Runnable> afterRetrieve = new java.util.concurrent.atomic.AtomicReference<>();
    private final List<Map<String, String>> tokenForms = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger throttles = new AtomicInteger();
    private volatile int throttleSeconds;
    private volatile String rejection;
    private volatile PublicKey assertionKey;

    public DataverseEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
        TABLES.keySet().forEach(set -> rows.put(set, new ConcurrentHashMap<>()));
    }

    // ---- set-up -------------------------------------------------------------------------------

    /** {@code http://127.0.0.1:port}: environment URL and authority at once. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a row to {@code contacts}, {@code accounts} or {@code leads}; returns its id. */
    public String add(String entitySet, Map<String, Object> columns) {
        Table table = TABLES.get(entitySet);
        String id = UUID.randomUUID().toString();
        ObjectNode row = json.valueToTree(columns);
        row.put(table.idColumn(), id);
        if (!row.has("statecode")) {
            row.put("statecode", 0);
        }
        if (!row.has("fullname") && (row.has("firstname") || row.has("lastname"))) {
            row.put("fullname", (row.path("firstname").asText("") + " " + row.path("lastname").asText("")).trim());
        }
        row.put("versionnumber", versions.incrementAndGet());
        rows.get(entitySet).put(id, row);
        return id;
    }

    /** An enabled user with this e-mail (internalemailaddress) and any further columns; returns its id. */
    public String addUser(String email, Map<String, Object> columns) {
        Map<String, Object> user = new java.util.LinkedHashMap<>(columns);
        user.put("internalemailaddress", email);
        user.putIfAbsent("isdisabled", false);
        return add("systemusers", user);
    }

    public String addContact(String fullname, String telephone1) {
        return add("contacts", Map.of("fullname", fullname, "telephone1", telephone1));
    }

    /** A custom text column of the phone call table, e.g. for the disposition. */
    public void addPhonecallColumn(String logicalName) {
        customColumns.add(logicalName);
    }

    /**
     * Defines an active alternate key of one text column (100 characters) on
     * {@code contacts} or {@code leads}, as an administrator does for unknown callers.
     */
    public void addAlternateKey(String entitySet, String column) {
        alternateKeys.put(entitySet, column);
    }

    /** Rows of a table, e.g. {@code contacts}. */
    public List<ObjectNode> rows(String entitySet) {
        return new ArrayList<>(rows.get(entitySet).values());
    }

    /**
     * Holds the next {@code requests} queries until all of them have arrived,
     * so lookups that overlap are sure to have all asked before any writes.
     */
    public void holdQueries(int requests) {
        hold = new Hold(new AtomicInteger(requests), new java.util.concurrent.CountDownLatch(requests));
    }

    private record Hold(AtomicInteger remaining, java.util.concurrent.CountDownLatch arrived) {
    }

    /** Runs {@code change} right after the next single-row read is answered, as a write from elsewhere would come in. */
    public void afterNextRetrieve(Runnable change) {
        afterRetrieve.set(change);
    }

    /** A write of the phone call from elsewhere (a user, a workflow): its columns change, and so its ETag. */
    public void changePhonecall(String id, String column, String value) {
        synchronized (this) {
            ObjectNode row = rows.get("phonecalls").get(id);
            row.put(column, value);
            row.put("versionnumber", versions.incrementAndGet());
        }
    }

    /** From now on every phone call write fails as a plug-in's validation does: 400 with this message. */
    public void rejectWrites(String message) {
        rejection = message;
    }

    /** The next {@code times} API requests answer 429 with {@code Retry-After: seconds}. */
    public void throttle(int times, int seconds) {
        throttleSeconds = seconds;
        throttles.set(times);
    }

    /** Every issued token becomes invalid, as when it expired early or was revoked. */
    public void revokeTokens() {
        tokens.clear();
    }

    /** Accepts client assertions signed with the key of this certificate. */
    public void trustCertificateKey(PublicKey key) {
        assertionKey = key;
    }

    // ---- inspection ---------------------------------------------------------------------------

    /** Counts per kind: token, api, batch, unauthorized, throttled, query, write. */
    public int count(String kind) {
        AtomicInteger c = counters.get(kind);
        return c == null ? 0 : c.get();
    }

    public List<ObjectNode> phonecalls() {
        return new ArrayList<>(rows.get("phonecalls").values());
    }

    public ObjectNode phonecall(String id) {
        return rows.get("phonecalls").get(id);
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
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Answer answer;
            try {
                answer = route(exchange, path, body);
            } catch (RuntimeException e) {
                answer = error(500, "0x80040216", "An unexpected error occurred: " + e);
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    private Answer route(HttpExchange exchange, String path, byte[] body) throws IOException {
        {
            Answer answer;
            if (path.equals("/" + TENANT + "/oauth2/v2.0/token") && exchange.getRequestMethod().equals("POST")) {
                answer = token(new String(body, StandardCharsets.UTF_8));
            } else if (path.startsWith(API)) {
                answer = api(exchange, path.substring(API.length()), new String(body, StandardCharsets.UTF_8));
            } else if (path.startsWith(INSPECTION_PATH)) {
                Map<String, ObjectNode> table = rows.get(path.substring(INSPECTION_PATH.length()));
                answer = table == null ? error(404, "0x8006088a", "Resource not found")
                        : new Answer(200, Map.of("Content-Type", "application/json"), json.writeValueAsString(table.values()));
            } else {
                answer = error(404, "0x8006088a", "Resource not found for the segment '" + path + "'.");
            }
            return answer;
        }
    }

    private Answer token(String form) throws IOException {
        tally("token");
        Map<String, String> fields = form(form);
        tokenForms.add(fields);
        String problem;
        if (!"client_credentials".equals(fields.get("grant_type"))) {
            problem = "unsupported_grant_type:AADSTS70003: The app requested an unsupported grant type.";
        } else if (!CLIENT_ID.equals(fields.get("client_id"))) {
            problem = "unauthorized_client:AADSTS700016: Application with identifier was not found in the directory.";
        } else if (fields.getOrDefault("scope", "").isEmpty() || !fields.get("scope").endsWith("/.default")) {
            problem = "invalid_scope:AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.";
        } else if (fields.containsKey("client_assertion")) {
            problem = verifyAssertion(fields);
        } else {
            problem = CLIENT_SECRET.equals(fields.get("client_secret")) ? null
                    : "invalid_client:AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.";
        }
        if (problem != null) {
            String[] parts = problem.split(":", 2);
            ObjectNode error = json.createObjectNode().put("error", parts[0]).put("error_description", parts[1]);
            error.putArray("error_codes").add(Integer.parseInt(parts[1].replaceAll("^AADSTS(\\d+):.*$", "$1")));
            return new Answer(parts[0].equals("invalid_client") ? 401 : 400, Map.of("Content-Type", "application/json"),
                    json.writeValueAsString(error));
        }
        String token = "eyJ0eXAiOiJKV1QifQ." + UUID.randomUUID();
        tokens.add(token);
        ObjectNode ok = json.createObjectNode().put("token_type", "Bearer").put("expires_in", TOKEN_SECONDS)
                .put("ext_expires_in", TOKEN_SECONDS).put("access_token", token);
        return new Answer(200, Map.of("Content-Type", "application/json"), json.writeValueAsString(ok));
    }

    /** RS256 signature by the trusted key, iss = sub = client id, aud = this token endpoint, not expired. */
    private String verifyAssertion(Map<String, String> fields) {
        String bad = "invalid_client:AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.";
        String[] parts = fields.get("client_assertion").split("\\.");
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(fields.get("client_assertion_type"))
                || parts.length != 3 || assertionKey == null) {
            return bad;
        }
        try {
            JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(assertionKey);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            boolean ok = "RS256".equals(header.path("alg").asText()) && header.hasNonNull("x5t")
                    && rs256.verify(Base64.getUrlDecoder().decode(parts[2]))
                    && CLIENT_ID.equals(claims.path("iss").asText()) && CLIENT_ID.equals(claims.path("sub").asText())
                    && claims.path("aud").asText().endsWith("/" + TENANT + "/oauth2/v2.0/token")
                    && claims.path("exp").asLong() > Instant.now().getEpochSecond();
            return ok ? null : bad;
        } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            return bad;
        }
    }

    private Answer api(HttpExchange exchange, String rest, String body) throws IOException {
        tally("api");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            tally("unauthorized");
            return new Answer(401, Map.of("WWW-Authenticate", "Bearer authorization_uri=" + url() + "/" + TENANT
                    + "/oauth2/authorize, resource_id=" + url()), null);
        }
        if (throttles.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            tally("throttled");
            Answer limited = error(429, "0x80072322",
                    "Number of requests exceeded the limit of 6000 over time window of 300 seconds.");
            Map<String, String> headers = new LinkedHashMap<>(limited.headers());
            headers.put("Retry-After", Integer.toString(throttleSeconds));
            return new Answer(429, headers, limited.body());
        }
        String method = exchange.getRequestMethod();
        if (rest.equals("$batch") && method.equals("POST")) {
            return batch(exchange.getRequestHeaders().getFirst("Content-Type"),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Prefer")), body);
        }
        String query = exchange.getRequestURI().getRawQuery();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        return operation(method, rest + (query == null ? "" : "?" + query), headers, body);
    }

    /** One operation, alone or inside a $batch. */
    private Answer operation(String method, String pathAndQuery, Map<String, String> headers, String body) throws IOException {
        int q = pathAndQuery.indexOf('?');
        String path = URLDecoder.decode(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q), StandardCharsets.UTF_8);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        if (method.equals("GET") && TABLES.containsKey(path)) {
            return query(path, form(query));
        }
        Matcher keyed = KEYED.matcher(path);
        if (method.equals("PATCH") && keyed.matches() && keyed.group(1).equals("phonecalls")) {
            return upsert(keyed.group(2), headers, body);
        }
        if (method.equals("PATCH") && keyed.matches() && alternateKeys.containsKey(keyed.group(1))) {
            return upsertPerson(keyed.group(1), keyed.group(2), headers, body);
        }
        if (method.equals("GET") && keyed.matches() && TABLES.containsKey(keyed.group(1))) {
            return retrieve(keyed.group(1), keyed.group(2), form(query));
        }
        return error(404, "0x8006088a", "Resource not found for the segment '" + path + "'.");
    }

    private Answer query(String set, Map<String, String> options) throws IOException {
        tally("query");
        Hold h = hold;
        if (h != null && h.remaining().getAndDecrement() > 0) {
            h.arrived().countDown();
            try {
                h.arrived().await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Predicate<JsonNode> filter;
        try {
            filter = options.containsKey("$filter") ? ODataFilter.parse(options.get("$filter")) : row -> true;
        } catch (ODataFilter.Malformed e) {
            return error(400, "0x80060888", e.getMessage());
        }
        int top = Integer.parseInt(options.getOrDefault("$top", "5000"));
        List<String> select = options.containsKey("$select") ? List.of(options.get("$select").split(",")) : null;
        ObjectNode answer = json.createObjectNode().put("@odata.context", url() + API + "$metadata#" + set);
        ArrayNode value = answer.putArray("value");
        for (ObjectNode row : rows.get(set).values()) {
            if (value.size() < top && filter.test(row)) {
                selected(value.addObject(), row, select);
            }
        }
        return new Answer(200, Map.of("Content-Type", "application/json; odata.metadata=minimal", "OData-Version", "4.0"),
                json.writeValueAsString(answer));
    }

    /** The row with its ETag and the selected columns (all when no {@code $select}). */
    private static ObjectNode selected(ObjectNode out, ObjectNode row, List<String> select) {
        out.put("@odata.etag", etag(row));
        row.fields().forEachRemaining(f -> {
            if (select == null || select.contains(f.getKey())) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out;
    }

    private static String etag(JsonNode row) {
        return "W/\"" + row.path("versionnumber").asLong() + "\"";
    }

    /** {@code GET <set>(<id>)} or {@code GET <set>(<alternate key>='value')}. */
    private synchronized Answer retrieve(String set, String key, Map<String, String> options) throws IOException {
        tally("retrieve");
        ObjectNode row = find(set, key);
        if (row == null) {
            return error(404, "0x80040217", TABLES.get(set).logicalName() + " With Id = " + key + " Does Not Exist");
        }
        List<String> select = options.containsKey("$select") ? List.of(options.get("$select").split(",")) : null;
        ObjectNode out = selected(json.createObjectNode().put("@odata.context", url() + API + "$metadata#" + set + "/$entity"),
                row, select);
        Runnable change = afterRetrieve.getAndSet(null);
        if (change != null) {
            change.run();
        }
        return new Answer(200, Map.of("Content-Type", "application/json; odata.metadata=minimal", "OData-Version", "4.0"),
                json.writeValueAsString(out));
    }

    /** The row a key segment names: a GUID, or the table's alternate key; null when none. */
    private ObjectNode find(String set, String key) {
        Map<String, ObjectNode> table = rows.get(set);
        if (key.matches("[0-9a-fA-F-]{36}")) {
            return table.get(key.toLowerCase(Locale.ROOT));
        }
        String column = set.equals("phonecalls") ? KEY_COLUMN : alternateKeys.get(set);
        String value = keyValue(column, key);
        return value == null ? null : table.values().stream().filter(r -> value.equals(r.path(column).asText(null)))
                .findFirst().orElse(null);
    }

    /** The value of {@code column='value'}, or null when the segment names another column. */
    private static String keyValue(String column, String key) {
        int eq = key.indexOf('=');
        if (eq < 0 || column == null || !key.substring(0, eq).equals(column) || !key.substring(eq + 1).startsWith("'")
                || !key.endsWith("'") || key.length() < eq + 3) {
            return null;
        }
        return key.substring(eq + 2, key.length() - 1).replace("''", "'");
    }

    /** 404 or 412 when {@code If-Match}/{@code If-None-Match} refuse the write, else null. */
    private Answer precondition(String logicalName, String key, ObjectNode existing, Map<String, String> headers) {
        String ifMatch = headers.get("if-match");
        if (existing == null && ifMatch != null) {
            return error(404, "0x80040217", logicalName + " With Id = " + key + " Does Not Exist");
        }
        if (existing != null && ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(etag(existing))) {
            return error(412, "0x80060882", "The version of the existing record doesn't match the RowVersion property provided.");
        }
        if (existing != null && "*".equals(headers.get("if-none-match"))) {
            return error(412, "0x80060892", "A record with matching key values already exists.");
        }
        return null;
    }

    /**
     * {@code PATCH contacts(<alternate key>='value')} (or leads): an upsert; a
     * new row takes the key's value and a fullname from firstname and lastname.
     */
    private synchronized Answer upsertPerson(String set, String key, Map<String, String> headers, String body)
            throws IOException {
        tally("write");
        tally("write." + set);
        String logicalName = TABLES.get(set).logicalName();
        String column = alternateKeys.get(set);
        String value = keyValue(column, key);
        if (value == null) {
            return error(400, "0x80060891", "The key attribute '" + key.replaceAll("=.*$", "")
                    + "' is not a part of an active alternate key defined for entity '" + logicalName + "'.");
        }
        ObjectNode existing = find(set, key);
        Answer refused = precondition(logicalName, key, existing, headers);
        if (refused != null) {
            return refused;
        }
        JsonNode columns = json.readTree(body.isBlank() ? "null" : body);
        if (columns == null || !columns.isObject()) {
            return error(400, "0x80040203", "The request body must be a JSON object.");
        }
        for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) columns::fields) {
            Integer max = f.getKey().equals(column) ? Integer.valueOf(100) : PERSON_COLUMNS.containsKey(f.getKey())
                    ? PERSON_COLUMNS.get(f.getKey()) : set.equals("leads") ? LEAD_ONLY_COLUMNS.get(f.getKey()) : null;
            if (max == null) {
                return error(400, "0x80060888", "Invalid property '" + f.getKey()
                        + "' was found in entity 'Microsoft.Dynamics.CRM." + logicalName + "'.");
            }
            if (f.getValue().asText().length() > max) {
                return error(400, "0x80044331", "A validation error occurred. The length of the '" + f.getKey()
                        + "' attribute of the '" + logicalName + "' entity exceeded the maximum allowed length of '" + max + "'.");
            }
        }
        ObjectNode row = existing;
        if (row == null) {
            String id = UUID.randomUUID().toString();
            row = json.createObjectNode().put(TABLES.get(set).idColumn(), id).put("statecode", 0).put(column, value);
            rows.get(set).put(id, row);
        }
        row.setAll((ObjectNode) columns);
        row.put("fullname", (row.path("firstname").asText("") + " " + row.path("lastname").asText("")).trim());
        row.put("versionnumber", versions.incrementAndGet());
        return new Answer(204, Map.of("OData-Version", "4.0", "OData-EntityId",
                url() + API + set + "(" + row.path(TABLES.get(set).idColumn()).asText() + ")"), null);
    }

    /** {@code PATCH phonecalls(<id>)} or {@code PATCH phonecalls(<key column>='value')}: an upsert. */
    private synchronized Answer upsert(String key, Map<String, String> headers, String body) throws IOException {
        tally("write");
        Map<String, ObjectNode> calls = rows.get("phonecalls");
        ObjectNode existing;
        String keyValue = null;
        if (key.matches("[0-9a-fA-F-]{36}")) {
            existing = calls.get(key.toLowerCase(Locale.ROOT));
        } else {
            int eq = key.indexOf('=');
            String column = eq < 0 ? "" : key.substring(0, eq);
            if (!column.equals(KEY_COLUMN) || !key.substring(eq + 1).startsWith("'") || !key.endsWith("'")) {
                // code and text as Dataverse reports an undefined alternate key (not listed on the pages followed)
                return error(400, "0x80060891", "The key attribute '" + column
                        + "' is not a part of an active alternate key defined for entity 'phonecall'.");
            }
            keyValue = key.substring(eq + 2, key.length() - 1).replace("''", "'");
            String v = keyValue;
            existing = calls.values().stream().filter(r -> v.equals(r.path(KEY_COLUMN).asText(null))).findFirst().orElse(null);
        }
        Answer refused = precondition("phonecall", key, existing, headers);
        if (refused != null) {
            return refused;
        }
        JsonNode columns;
        try {
            columns = json.readTree(body);
        } catch (IOException e) {
            return error(400, "0x80040203", "The request body is not valid JSON.");
        }
        if (columns == null || !columns.isObject()) {
            return error(400, "0x80040203", "The request body must be a JSON object.");
        }
        Answer invalid = validate((ObjectNode) columns);
        if (invalid != null) {
            return invalid;
        }
        if (rejection != null) {
            // a synchronous plug-in or business rule refusing the row (InvalidPluginExecutionException)
            return error(400, "0x80040265", rejection);
        }
        ObjectNode row = existing;
        if (row == null) {
            String id = keyValue == null ? key.toLowerCase(Locale.ROOT) : UUID.randomUUID().toString();
            row = json.createObjectNode().put("activityid", id).put("statecode", 0);
            if (keyValue != null) {
                row.put(KEY_COLUMN, keyValue);
            }
            calls.put(id, row);
        }
        row.put("versionnumber", versions.incrementAndGet());
        ObjectNode target = row;
        columns.fields().forEachRemaining(f -> {
            Matcher bind = BIND.matcher(f.getKey());
            if (f.getKey().equals(OWNER_BIND)) {
                Matcher bound = BOUND.matcher(f.getValue().asText());
                bound.matches();
                target.put("_ownerid_value", bound.group(2));
            } else if (bind.matches()) {
                Matcher bound = BOUND.matcher(f.getValue().asText());
                bound.matches();
                target.put("_regardingobjectid_value", bound.group(2));
                target.put("_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname", bind.group(1));
            } else {
                target.set(f.getKey(), f.getValue());
            }
        });
        return new Answer(204, Map.of("OData-Version", "4.0", "OData-EntityId",
                url() + API + "phonecalls(" + row.path("activityid").asText() + ")"), null);
    }

    private Answer validate(ObjectNode columns) {
        for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) columns::fields) {
            String name = f.getKey();
            Matcher bind = BIND.matcher(name);
            if (name.equals(OWNER_BIND)) {
                Matcher bound = BOUND.matcher(f.getValue().asText());
                if (!bound.matches() || !bound.group(1).equals("systemusers")
                        || !rows.get("systemusers").containsKey(bound.group(2).toLowerCase(Locale.ROOT))) {
                    return error(404, "0x80040217", "systemuser With Id = " + f.getValue().asText() + " Does Not Exist");
                }
                continue;
            }
            if (bind.matches()) {
                Matcher bound = BOUND.matcher(f.getValue().asText());
                Map<String, ObjectNode> table = bound.matches() ? rows.get(bound.group(1)) : null;
                if (table == null || !table.containsKey(bound.group(2).toLowerCase(Locale.ROOT))) {
                    return error(404, "0x80040217", bind.group(1) + " With Id = " + f.getValue().asText() + " Does Not Exist");
                }
                continue;
            }
            Integer max = PHONECALL_COLUMNS.get(name);
            if (max == null && customColumns.contains(name)) {
                max = 100;
            }
            if (max == null) {
                return error(400, "0x80060888", "Invalid property '" + name
                        + "' was found in entity 'Microsoft.Dynamics.CRM.phonecall'.");
            }
            if (max > 0 && f.getValue().isTextual() && f.getValue().asText().length() > max) {
                // the length check's wording (the pages followed give no example)
                return error(400, "0x80044331", "A validation error occurred. The length of the '" + name
                        + "' attribute of the 'phonecall' entity exceeded the maximum allowed length of '" + max + "'.");
            }
        }
        return null;
    }

    /** {@code POST $batch}: each {@code application/http} part executed in order. */
    private Answer batch(String contentType, String prefer, String body) throws IOException {
        tally("batch");
        String boundary = contentType == null ? null : contentType.replaceAll("(?i)^.*boundary=\"?([^\";]+)\"?.*$", "$1");
        if (boundary == null || boundary.equals(contentType)) {
            return error(400, "0x0", "The batch request must have a multipart/mixed Content-Type with a boundary.");
        }
        String[] sections = body.split("--" + Pattern.quote(boundary));
        List<String> parts = new ArrayList<>();
        for (int i = 1; i < sections.length && !sections[i].startsWith("--"); i++) {
            parts.add(sections[i].replace("\r\n", "\n"));
        }
        if (parts.size() > MAX_BATCH) {
            return error(400, "0x80048d2b", "The number of requests in a batch exceeds the maximum of " + MAX_BATCH + ".");
        }
        boolean continueOnError = prefer.contains("odata.continue-on-error");
        String responseBoundary = "batchresponse_" + UUID.randomUUID();
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            String http = part.substring(part.indexOf("\n\n") + 2);
            int headEnd = http.indexOf("\n\n");
            String[] head = (headEnd < 0 ? http : http.substring(0, headEnd)).split("\n");
            String partBody = headEnd < 0 ? "" : http.substring(headEnd + 2).strip();
            String[] requestLine = head[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                if (colon > 0) {
                    headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
                }
            }
            String target = requestLine[1].startsWith(API) ? requestLine[1].substring(API.length()) : requestLine[1];
            Answer answer = operation(requestLine[0], target, headers, partBody);
            out.append("--").append(responseBoundary).append("\r\n")
                    .append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                    .append("HTTP/1.1 ").append(answer.status()).append(' ').append(reason(answer.status())).append("\r\n");
            answer.headers().forEach((k, v) -> out.append(k).append(": ").append(v).append("\r\n"));
            out.append("\r\n");
            if (answer.body() != null) {
                out.append(answer.body()).append("\r\n");
            }
            if (answer.status() >= 400 && !continueOnError) {
                break;
            }
        }
        out.append("--").append(responseBoundary).append("--\r\n");
        return new Answer(200, Map.of("Content-Type", "multipart/mixed; boundary=" + responseBoundary, "OData-Version", "4.0"),
                out.toString());
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 412 -> "Precondition Failed";
            default -> "Status";
        };
    }

    private Answer error(int status, String code, String message) {
        ObjectNode error = json.createObjectNode();
        error.putObject("error").put("code", code).put("message", message);
        try {
            return new Answer(status, Map.of("Content-Type", "application/json; odata.metadata=minimal", "OData-Version", "4.0"),
                    json.writeValueAsString(error));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void tally(String kind) {
        counters.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
