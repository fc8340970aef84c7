package org.crmconnector.crm.genericrest.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.Trigger;
import org.crmconnector.crm.genericrest.auth.OAuth2Authentication;
import org.crmconnector.crm.genericrest.config.RequestTemplate.HeaderTemplate;
import org.crmconnector.crm.genericrest.http.RetryPolicy;
import org.crmconnector.crm.genericrest.lookup.PopUrl;
import org.crmconnector.crm.genericrest.lookup.RecordReader;
import org.crmconnector.crm.genericrest.lookup.ScreenPopRule;
import org.crmconnector.crm.genericrest.template.BodyTemplate;
import org.crmconnector.crm.genericrest.template.FormBodyTemplate;
import org.crmconnector.crm.genericrest.template.JsonBodyTemplate;
import org.crmconnector.crm.genericrest.template.Template;
import org.crmconnector.crm.genericrest.template.UrlTemplate;
import org.crmconnector.crm.genericrest.template.VariableCatalog;
import org.crmconnector.crm.genericrest.template.VariableType;
import org.crmconnector.crm.genericrest.template.Variables;
import org.crmconnector.crm.support.owner.OwnerTable;
import org.crmconnector.interaction.Channel;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks a {@link GenericRestConfig} completely and turns it into
 * {@link ConnectorSettings}. Every problem is an
 * {@link InvalidConfigurationException} naming the attribute, so the operator
 * sees which field to fix when the configuration is saved, not at the first call.
 */
public final class SettingsReader {

    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers java.net.http sets itself and refuses to take from us. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> TRIGGER_FIELDS = Set.of("trigger", "channel", "method", "url", "headers", "json", "form",
            "credentials");
    /** Headers sent with every request may only use what every request has. */
    private static final VariableCatalog COMMON = VariableCatalog.empty().with("tenantId", VariableType.TEXT)
            .with("now", VariableType.TIME);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final GenericRestConfig c;
    private String baseUrl;
    /** Where the CRM credentials may go: base.url's origin and those of the CRM requests (lookup, search, log). */
    private final Set<String> crmOrigins = new HashSet<>();
    private List<HeaderTemplate> commonHeaders;

    private SettingsReader(GenericRestConfig config) {
        this.c = config;
    }

    /** @throws InvalidConfigurationException naming the first attribute found wrong */
    public static ConnectorSettings read(GenericRestConfig config) {
        return new SettingsReader(config).read();
    }

    private ConnectorSettings read() {
        String instance = attr("crm.instance", () -> {
            String v = trim(c.crm_instance());
            if (!INSTANCE.matcher(v).matches()) {
                throw new IllegalArgumentException("'" + v + "' must be letters, digits, '-' or '_' and not empty");
            }
            return v;
        });
        baseUrl = attr("base.url", () -> checkBaseUrl(trim(c.base_url())));
        if (!baseUrl.isEmpty()) {
            crmOrigins.add(UrlTemplate.originOf(URI.create(baseUrl)));
        }
        AuthSettings auth = readAuth();
        Duration connect = Duration.ofMillis(positive("http.connect.timeout.ms", c.http_connect_timeout_ms()));
        Duration request = Duration.ofMillis(positive("http.request.timeout.ms", c.http_request_timeout_ms()));
        RetryPolicy policy = new RetryPolicy(positive("http.max.attempts", c.http_max_attempts()),
                Duration.ofMillis(notNegative("http.backoff.initial.ms", c.http_backoff_initial_ms())),
                Duration.ofMillis(notNegative("http.backoff.max.ms", c.http_backoff_max_ms())),
                Duration.ofMillis(notNegative("http.retry.after.max.ms", c.http_retry_after_max_ms())));
        commonHeaders = headers("http.headers", c.http_headers(), COMMON);

        RequestTemplate lookup = request("lookup", c.lookup_method(), c.lookup_url(), c.lookup_headers(),
                c.lookup_body(), c.lookup_body_type(), Variables.INTERACTION);
        RequestTemplate search = request("search", c.search_method(), c.search_url(), c.search_headers(),
                c.search_body(), c.search_body_type(), Variables.SEARCH);
        RecordReader records = recordReader(pointer("lookup.records.pointer", c.lookup_records_pointer(), true));
        ScreenPopRule pop = new ScreenPopRule(popUrl("pop.one.url", c.pop_one_url()),
                popUrl("pop.many.url", c.pop_many_url()), popUrl("pop.none.url", c.pop_none_url()), c.pop_visible(),
                attr("pop.target", () -> nonEmpty(c.pop_target())),
                attr("pop.title", () -> Template.parse(trim(c.pop_title()), Variables.POP)));
        RequestTemplate create = request("log", c.log_method(), c.log_url(), c.log_headers(), c.log_body(),
                c.log_body_type(), Variables.INTERACTION);
        String updateBody = trim(c.log_update_body()).isEmpty() ? c.log_body() : c.log_update_body();
        RequestTemplate update = request("log.update", c.log_update_method(), c.log_update_url(), c.log_headers(),
                updateBody, c.log_body_type(), Variables.INTERACTION);
        OwnerSettings owners = owners();
        CallerCreation callers = callers();
        AttachmentTemplate attachments = attachments();
        // after every CRM request: a trigger's credentials depend on their origins
        List<TriggerRequest> triggers = triggers();
        LogTemplates log = new LogTemplates(create, update, pointer("log.id.pointer", c.log_id_pointer(), false),
                attr("log.record.type", () -> nonEmpty(c.log_record_type())),
                url("log.record.url.template", c.log_record_url_template(), Variables.INTERACTION));
        return new ConnectorSettings(instance, auth, connect, request, policy, lookup, search, records, pop, triggers,
                log, owners, callers, attachments);
    }

    /** Reads records with the lookup's pointers and templates, starting at {@code recordsPointer}. */
    private RecordReader recordReader(JsonPointer recordsPointer) {
        return new RecordReader(recordsPointer,
                required("lookup.record.id.pointer", pointer("lookup.record.id.pointer", c.lookup_record_id_pointer(), false)),
                pointer("lookup.record.name.pointer", c.lookup_record_name_pointer(), false),
                trim(c.lookup_record_name_template()).isEmpty() ? null : attr("lookup.record.name.template",
                        () -> Template.parse(trim(c.lookup_record_name_template()), Variables.RECORD_NAME)),
                pointer("lookup.record.type.pointer", c.lookup_record_type_pointer(), false),
                attr("lookup.record.type", () -> nonEmpty(c.lookup_record_type())),
                pointer("lookup.record.url.pointer", c.lookup_record_url_pointer(), false),
                url("lookup.record.url.template", c.lookup_record_url_template(), Variables.RECORD_URL));
    }

    private OwnerSettings owners() {
        OwnerTable table = attr("owner.map", () -> OwnerTable.parse(c.owner_map(), id -> true, "a user id"));
        RequestTemplate lookup = request("owner.lookup", c.owner_lookup_method(), c.owner_lookup_url(),
                c.owner_lookup_headers(), c.owner_lookup_body(), c.owner_lookup_body_type(), Variables.OWNER);
        JsonPointer id = required("owner.lookup.id.pointer",
                pointer("owner.lookup.id.pointer", c.owner_lookup_id_pointer(), false));
        return new OwnerSettings(table, lookup, id,
                Duration.ofSeconds(notNegative("owner.cacheTtl.seconds", c.owner_cacheTtl_seconds())));
    }

    private CallerCreation callers() {
        RequestTemplate create = request("create", c.create_method(), c.create_url(), c.create_headers(), c.create_body(),
                c.create_body_type(), Variables.INTERACTION);
        return create == null ? null
                : new CallerCreation(create, recordReader(pointer("create.record.pointer", c.create_record_pointer(), true)));
    }

    private AttachmentTemplate attachments() {
        RequestTemplate request = request("attachment", c.attachment_method(), c.attachment_url(),
                c.attachment_headers(), c.attachment_body(), c.attachment_body_type(), Variables.ADDITION);
        if (request == null) {
            return null;
        }
        Set<InteractionAddition.Kind> kinds = attr("attachment.kinds", () -> {
            Set<InteractionAddition.Kind> out = EnumSet.noneOf(InteractionAddition.Kind.class);
            for (String k : c.attachment_kinds() == null ? new String[0] : c.attachment_kinds()) {
                if (k != null && !k.isBlank()) {
                    out.add(InteractionAddition.Kind.valueOf(option(k, "recording, transcript, summary")));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("names no kind; use recording, transcript and/or summary");
            }
            return out;
        });
        return new AttachmentTemplate(request, kinds);
    }

    // --- authentication

    private AuthSettings readAuth() {
        AuthSettings.Type type = attr("auth.type", () -> AuthSettings.Type.valueOf(
                option(c.auth_type(), "none, basic, bearer, apikey, oauth2")));
        String prefix = trim(c.auth_token_prefix());
        switch (type) {
            case BASIC -> {
                attr("auth.username", () -> nonEmpty(c.auth_username()));
                attr(".auth.password", () -> nonEmpty(c._auth_password()));
            }
            case BEARER -> {
                attr(".auth.token", () -> noLineBreak(nonEmpty(c._auth_token())));
                attr("auth.token.prefix", () -> noLineBreak(prefix));
            }
            case APIKEY -> {
                attr("auth.apikey.header", () -> headerName(trim(c.auth_apikey_header())));
                attr(".auth.apikey.value", () -> noLineBreak(nonEmpty(c._auth_apikey_value())));
            }
            case OAUTH2 -> {
                attr("auth.oauth2.client.id", () -> nonEmpty(c.auth_oauth2_client_id()));
                attr(".auth.oauth2.client.secret", () -> nonEmpty(c._auth_oauth2_client_secret()));
                attr("auth.token.prefix", () -> noLineBreak(prefix));
            }
            default -> {
                // none: nothing to check
            }
        }
        URI tokenUrl = null;
        OAuth2Authentication.Grant grant = null;
        OAuth2Authentication.ClientAuth clientAuth = null;
        if (type == AuthSettings.Type.OAUTH2) {
            tokenUrl = attr("auth.oauth2.token.url", () -> absoluteHttpUrl(trim(c.auth_oauth2_token_url())));
            grant = attr("auth.oauth2.grant", () -> OAuth2Authentication.Grant.valueOf(
                    option(c.auth_oauth2_grant(), "client_credentials, refresh_token")));
            if (grant == OAuth2Authentication.Grant.REFRESH_TOKEN) {
                attr(".auth.oauth2.refresh.token", () -> nonEmpty(c._auth_oauth2_refresh_token()));
            }
            clientAuth = attr("auth.oauth2.client.auth", () -> OAuth2Authentication.ClientAuth.valueOf(
                    option(c.auth_oauth2_client_auth(), "post, basic")));
        }
        return new AuthSettings(type, trim(c.auth_username()), nullToEmpty(c._auth_password()), trim(c._auth_token()),
                prefix, trim(c.auth_apikey_header()), trim(c._auth_apikey_value()), tokenUrl, grant,
                trim(c.auth_oauth2_client_id()), nullToEmpty(c._auth_oauth2_client_secret()),
                trim(c._auth_oauth2_refresh_token()), trim(c.auth_oauth2_scope()), clientAuth);
    }

    // --- requests

    /** A request whose attributes are {@code <prefix>.method}, {@code <prefix>.url}, ...; null when the URL is empty. */
    private RequestTemplate request(String prefix, String method, String url, String[] headers, String body,
            String bodyType, VariableCatalog catalog) {
        if (trim(url).isEmpty()) {
            return null;
        }
        String m = attr(prefix + ".method", () -> method(method));
        UrlTemplate u = url(prefix + ".url", url, catalog);
        String headersAttr = prefix.equals("log.update") ? "log.headers" : prefix + ".headers";
        List<HeaderTemplate> h = merge(commonHeaders, headers(headersAttr, headers, catalog));
        String bodyAttr = prefix.equals("log.update") && trim(c.log_update_body()).isEmpty() ? "log.body" : prefix + ".body";
        String typeAttr = prefix.equals("log.update") ? "log.body.type" : prefix + ".body.type";
        BodyTemplate b = null;
        if (!trim(body).isEmpty()) {
            if (m.equals("GET")) {
                throw new InvalidConfigurationException(bodyAttr, "a GET request has no body; use POST or leave it empty");
            }
            String kind = attr(typeAttr, () -> option(bodyType, "json, form"));
            b = attr(bodyAttr, () -> kind.equals("JSON") ? new JsonBodyTemplate(body, catalog)
                    : new FormBodyTemplate(trim(body), catalog));
        }
        crmOrigins.add(u.origin());
        return new RequestTemplate(m, u, h, b, true);
    }

    private List<TriggerRequest> triggers() {
        List<TriggerRequest> out = new ArrayList<>();
        String[] entries = c.triggers() == null ? new String[0] : c.triggers();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == null || entries[i].isBlank()) {
                continue;
            }
            int index = i;
            out.add(attr("triggers[" + i + "]", () -> trigger(index, entries[index])));
        }
        return List.copyOf(out);
    }

    private TriggerRequest trigger(int index, String entry) {
        JsonNode node;
        try {
            node = MAPPER.readTree(entry);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!TRIGGER_FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field \"" + field + "\"; known: " + String.join(", ",
                        new TreeSet<>(TRIGGER_FIELDS)));
            }
        }
        Trigger trigger = switch (text(node, "trigger").toLowerCase(Locale.ROOT)) {
            case "offered", "ringing" -> Trigger.OFFERED;
            case "accepted" -> Trigger.ACCEPTED;
            case "ended", "hangup", "hang-up" -> Trigger.ENDED;
            case "finished" -> Trigger.FINISHED;
            case "" -> throw new IllegalArgumentException("\"trigger\" is missing: offered, accepted, ended or finished");
            default -> throw new IllegalArgumentException("\"trigger\": '" + text(node, "trigger")
                    + "' is not offered, accepted, ended or finished");
        };
        String ch = text(node, "channel").toLowerCase(Locale.ROOT);
        Channel channel;
        if (ch.isEmpty() || ch.equals("all")) {
            channel = null;
        } else {
            try {
                channel = Channel.valueOf(ch.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"channel\": '" + ch + "' is not voice, chat, email, social or all");
            }
        }
        JsonNode json = node.get("json");
        JsonNode form = node.get("form");
        if (json != null && form != null) {
            throw new IllegalArgumentException("give either \"json\" or \"form\", not both");
        }
        if (form != null && !form.isTextual()) {
            throw new IllegalArgumentException("\"form\" must be a string like a={ani}&b={agentId}");
        }
        String method = text(node, "method");
        String m = method(method.isEmpty() ? (json != null || form != null ? "POST" : "GET") : method);
        if (m.equals("GET") && (json != null || form != null)) {
            throw new IllegalArgumentException("a GET request has no body; use POST");
        }
        String url = text(node, "url");
        if (url.isEmpty()) {
            throw new IllegalArgumentException("\"url\" is missing");
        }
        UrlTemplate u = prefixed("\"url\"", () -> UrlTemplate.parse(url, baseUrl, Variables.INTERACTION));
        List<HeaderTemplate> own = new ArrayList<>();
        JsonNode headers = node.get("headers");
        if (headers != null) {
            if (!headers.isObject()) {
                throw new IllegalArgumentException("\"headers\" must be an object like {\"X-Agent\":\"{agentId}\"}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> h = it.next();
                if (!h.getValue().isTextual()) {
                    throw new IllegalArgumentException("header \"" + h.getKey() + "\" must have a string value");
                }
                own.add(prefixed("header \"" + h.getKey() + "\"", () -> new HeaderTemplate(headerName(h.getKey()),
                        Template.parse(h.getValue().textValue(), Variables.INTERACTION))));
            }
        }
        BodyTemplate body = json != null ? prefixed("\"json\"", () -> new JsonBodyTemplate(json, Variables.INTERACTION))
                : form != null ? prefixed("\"form\"", () -> new FormBodyTemplate(form.textValue(), Variables.INTERACTION))
                : null;
        JsonNode credentials = node.get("credentials");
        if (credentials != null && !credentials.isBoolean()) {
            throw new IllegalArgumentException("\"credentials\" must be true or false");
        }
        // a web hook on another server must not receive the CRM's token unless the operator says so
        boolean withCredentials = credentials != null ? credentials.booleanValue() : crmOrigins.contains(u.origin());
        return new TriggerRequest(index, trigger, channel,
                new RequestTemplate(m, u, merge(commonHeaders, own), body, withCredentials));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return v.textValue().trim();
    }

    private List<HeaderTemplate> headers(String attribute, String[] entries, VariableCatalog catalog) {
        List<HeaderTemplate> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            if (entry == null || entry.isBlank()) {
                continue;
            }
            out.add(attr(attribute + "[" + i + "]", () -> {
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("'" + entry + "' is not 'Name: value'");
                }
                return new HeaderTemplate(headerName(entry.substring(0, colon).trim()),
                        Template.parse(entry.substring(colon + 1).trim(), catalog));
            }));
        }
        return out;
    }

    /** The request's own headers replace common ones of the same name. */
    private static List<HeaderTemplate> merge(List<HeaderTemplate> common, List<HeaderTemplate> own) {
        Map<String, HeaderTemplate> byName = new LinkedHashMap<>();
        for (HeaderTemplate h : common) {
            byName.put(h.name().toLowerCase(Locale.ROOT), h);
        }
        for (HeaderTemplate h : own) {
            byName.put(h.name().toLowerCase(Locale.ROOT), h);
        }
        return List.copyOf(byName.values());
    }

    private static String headerName(String name) {
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid header name");
        }
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the header '" + name + "' is set by the HTTP client itself");
        }
        return name;
    }

    private UrlTemplate url(String attribute, String source, VariableCatalog catalog) {
        if (trim(source).isEmpty()) {
            return null;
        }
        return attr(attribute, () -> UrlTemplate.parse(source, baseUrl, catalog));
    }

    private PopUrl popUrl(String attribute, String source) {
        String s = trim(source);
        if (s.isEmpty()) {
            return null;
        }
        if (s.equals(PopUrl.RECORD_URL)) {
            return PopUrl.recordUrl();
        }
        return PopUrl.of(url(attribute, s, Variables.POP));
    }

    // --- small checks

    private static JsonPointer pointer(String attribute, String source, boolean emptyIsRoot) {
        String s = trim(source);
        if (s.isEmpty()) {
            return emptyIsRoot ? JsonPointer.empty() : null;
        }
        return attr(attribute, () -> {
            if (!s.startsWith("/")) {
                throw new IllegalArgumentException("'" + s + "' is not a JSON Pointer; it starts with '/', e.g. /results");
            }
            return JsonPointer.compile(s);
        });
    }

    private static <T> T required(String attribute, T value) {
        if (value == null) {
            throw new InvalidConfigurationException(attribute, "must not be empty");
        }
        return value;
    }

    private static String method(String method) {
        String m = trim(method).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw new IllegalArgumentException("'" + method + "' is not GET, POST, PUT, PATCH or DELETE");
        }
        return m;
    }

    private static String option(String value, String allowed) {
        String v = trim(value);
        if (v.isEmpty() || !Set.of(allowed.split(", ")).contains(v.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + v + "' is not one of " + allowed);
        }
        return v.toUpperCase(Locale.ROOT);
    }

    private static String checkBaseUrl(String v) {
        if (v.isEmpty()) {
            return v;
        }
        if (v.contains("{")) {
            throw new IllegalArgumentException("'" + v + "' must not contain variables");
        }
        absoluteHttpUrl(v);
        return v;
    }

    private static URI absoluteHttpUrl(String v) {
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + v + "' is not an absolute http(s) URL with a host");
    }

    private static int positive(String attribute, int value) {
        if (value < 1) {
            throw new InvalidConfigurationException(attribute, value + " must be at least 1");
        }
        return value;
    }

    private static int notNegative(String attribute, int value) {
        if (value < 0) {
            throw new InvalidConfigurationException(attribute, value + " must not be negative");
        }
        return value;
    }

    private static String nonEmpty(String value) {
        String v = trim(value);
        if (v.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return v;
    }

    private static String noLineBreak(String value) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            // never echo the value: it may be a secret
            throw new IllegalArgumentException("must not contain line breaks or control characters");
        }
        return value;
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Runs a check, naming the attribute in any problem it finds. */
    private static <T> T attr(String attribute, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidConfigurationException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(attribute, e.getMessage());
        }
    }

    /** Prefixes a problem inside a trigger entry with the field it concerns. */
    private static <T> T prefixed(String field, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }
}
