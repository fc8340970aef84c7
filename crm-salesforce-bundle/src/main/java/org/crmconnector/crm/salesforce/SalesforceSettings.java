package org.crmconnector.crm.salesforce;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.crmconnector.crm.salesforce.auth.ClientCredentialsGrant;
import org.crmconnector.crm.salesforce.auth.JwtBearerGrant;
import org.crmconnector.crm.salesforce.auth.PrivateKeyPem;
import org.crmconnector.crm.salesforce.auth.TokenGrant;
import org.crmconnector.crm.salesforce.owner.SalesforceUsers;
import org.crmconnector.crm.salesforce.pop.ManyMatchesPop;
import org.crmconnector.crm.salesforce.pop.NoMatchPop;
import org.crmconnector.crm.salesforce.search.SearchObject;
import org.crmconnector.crm.salesforce.task.AdditionFields;
import org.crmconnector.crm.salesforce.task.TaskFieldMapping;
import org.crmconnector.crm.salesforce.task.TaskGranularity;
import org.crmconnector.crm.support.owner.OwnerTable;

/**
 * A validated {@link SalesforceConfig}. Every problem is reported as an
 * {@link IllegalArgumentException} naming the configuration attribute; secret
 * values never appear in messages or in {@link #toString()}.
 */
final class SalesforceSettings {

    private static final Pattern API_VERSION = Pattern.compile("v\\d{2,3}\\.\\d");
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    final String instance;
    final URI instanceUrl;
    final URI tokenEndpoint;
    final String apiVersion;
    final TokenGrant grant;
    final List<SearchObject> searchObjects;
    final int searchLimit;
    final ManyMatchesPop manyMatches;
    final NoMatchPop noMatch;
    final String searchPath;
    final String popTarget;
    final TaskFieldMapping taskMapping;
    final String externalIdField;
    final String taskStatus;
    final TaskGranularity granularity;
    final Duration connectTimeout;
    final Duration requestTimeout;
    final Duration lookupTimeout;
    final Duration cacheTtl;
    final int limitThresholdPercent;
    final Duration limitBackoff;
    final OwnerTable ownerTable;
    final String ownerLookupField;
    final Duration ownerCacheTtl;
    /** The object created for unknown callers, or null when none is. */
    final String createObject;
    final TaskFieldMapping createFields;
    final String createExternalIdField;
    final AdditionFields additionFields;

    SalesforceSettings(SalesforceConfig c) {
        instance = required("crm.instance", c.crm_instance());
        instanceUrl = baseUrl("instance.url", required("instance.url", c.instance_url()));
        String login = c.login_url() == null || c.login_url().isBlank() ? instanceUrl.toString()
                : baseUrl("login.url", c.login_url().trim()).toString();
        tokenEndpoint = URI.create(stripSlash(login) + "/services/oauth2/token");
        apiVersion = required("api.version", c.api_version());
        check(API_VERSION.matcher(apiVersion).matches(), "api.version", "must look like v62.0");
        String clientId = required("client.id", c.client_id());
        String flow = required("auth.flow", c.auth_flow()).toLowerCase(Locale.ROOT);
        grant = switch (flow) {
            case "client_credentials" -> new ClientCredentialsGrant(clientId,
                    required(".client.secret", c._client_secret()));
            case "jwt_bearer" -> new JwtBearerGrant(clientId, required("jwt.username", c.jwt_username()),
                    baseUrl("jwt.audience", required("jwt.audience", c.jwt_audience())).toString(),
                    privateKey(c._jwt_privateKey()));
            default -> throw invalid("auth.flow", "must be client_credentials or jwt_bearer");
        };
        searchObjects = searchObjects(c.search_objects());
        searchLimit = positive("search.limit", c.search_limit());
        check(searchLimit <= 2000, "search.limit", "must be at most 2000 (SOSL's limit)");
        manyMatches = choice("pop.manyMatches", ManyMatchesPop.class, c.pop_manyMatches());
        noMatch = choice("pop.noMatch", NoMatchPop.class, c.pop_noMatch());
        searchPath = required("pop.searchPath", c.pop_searchPath());
        check(searchPath.startsWith("/"), "pop.searchPath", "must start with /");
        popTarget = required("pop.target", c.pop_target());
        try {
            taskMapping = TaskFieldMapping.parse(c.task_fieldMapping());
        } catch (IllegalArgumentException e) {
            throw invalid("task.fieldMapping", e.getMessage());
        }
        externalIdField = required("task.externalIdField", c.task_externalIdField());
        check(API_NAME.matcher(externalIdField).matches(), "task.externalIdField", "must be a field API name");
        taskStatus = required("task.status", c.task_status());
        granularity = choice("task.granularity", TaskGranularity.class, c.task_granularity());
        connectTimeout = Duration.ofMillis(positive("timeout.connect.ms", c.timeout_connect_ms()));
        requestTimeout = Duration.ofMillis(positive("timeout.request.ms", c.timeout_request_ms()));
        lookupTimeout = Duration.ofMillis(positive("timeout.lookup.ms", c.timeout_lookup_ms()));
        check(c.lookup_cacheTtl_seconds() >= 0, "lookup.cacheTtl.seconds", "must not be negative");
        cacheTtl = Duration.ofSeconds(c.lookup_cacheTtl_seconds());
        limitThresholdPercent = c.limit_threshold_percent();
        check(limitThresholdPercent >= 1 && limitThresholdPercent <= 100, "limit.threshold.percent", "must be 1 to 100");
        limitBackoff = Duration.ofSeconds(positive("limit.backoff.seconds", c.limit_backoff_seconds()));
        try {
            ownerTable = OwnerTable.parse(c.owner_map(), id -> SalesforceUsers.USER_ID.matcher(id).matches(),
                    "a User id (005 followed by 12 or 15 letters and digits)");
        } catch (IllegalArgumentException e) {
            throw invalid("owner.map", e.getMessage());
        }
        ownerLookupField = c.owner_lookupField() == null ? "" : c.owner_lookupField().trim();
        check(ownerLookupField.isEmpty() || API_NAME.matcher(ownerLookupField).matches(), "owner.lookupField",
                "must be a User field API name");
        check(c.owner_cacheTtl_seconds() >= 0, "owner.cacheTtl.seconds", "must not be negative");
        ownerCacheTtl = Duration.ofSeconds(c.owner_cacheTtl_seconds());
        String object = c.create_object() == null ? "" : c.create_object().trim();
        createObject = object.isEmpty() ? null : object;
        check(createObject == null || API_NAME.matcher(createObject).matches(), "create.object",
                "must be an object API name such as Lead or Contact");
        try {
            createFields = TaskFieldMapping.parse(c.create_fields());
        } catch (IllegalArgumentException e) {
            throw invalid("create.fields", e.getMessage());
        }
        createExternalIdField = required("create.externalIdField", c.create_externalIdField());
        check(API_NAME.matcher(createExternalIdField).matches(), "create.externalIdField", "must be a field API name");
        try {
            additionFields = AdditionFields.parse(c.addition_fields());
        } catch (IllegalArgumentException e) {
            throw invalid("addition.fields", e.getMessage());
        }
    }

    private static PrivateKey privateKey(String pem) {
        required(".jwt.privateKey", pem);
        try {
            return PrivateKeyPem.parse(pem);
        } catch (IllegalArgumentException e) {
            // PrivateKeyPem's messages describe the format, never the key.
            throw invalid(".jwt.privateKey", e.getMessage());
        }
    }

    private static List<SearchObject> searchObjects(String[] lines) {
        List<SearchObject> objects = new ArrayList<>();
        for (String line : lines == null ? new String[0] : lines) {
            if (line != null && !line.isBlank()) {
                try {
                    objects.add(SearchObject.parse(line));
                } catch (IllegalArgumentException e) {
                    throw invalid("search.objects", e.getMessage());
                }
            }
        }
        check(!objects.isEmpty(), "search.objects", "must name at least one object");
        return List.copyOf(objects);
    }

    /** An absolute http(s) URL without query; plain http only to this machine (tests, local proxies). */
    private static URI baseUrl(String attribute, String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw invalid(attribute, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        check(uri.getHost() != null && (scheme.equals("https") || scheme.equals("http")), attribute,
                "must be an absolute https URL");
        check(scheme.equals("https") || isLoopback(uri.getHost()), attribute,
                "must use https (http is accepted for localhost only)");
        check(uri.getQuery() == null && uri.getFragment() == null, attribute, "must not have a query or fragment");
        return URI.create(stripSlash(uri.toString()));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static <E extends Enum<E>> E choice(String attribute, Class<E> type, String value) {
        try {
            return Enum.valueOf(type, required(attribute, value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(attribute, "must be one of " + List.of(type.getEnumConstants()));
        }
    }

    private static String required(String attribute, String value) {
        check(value != null && !value.isBlank(), attribute, "is required");
        return value.trim();
    }

    private static int positive(String attribute, int value) {
        check(value > 0, attribute, "must be positive");
        return value;
    }

    private static void check(boolean ok, String attribute, String problem) {
        if (!ok) {
            throw invalid(attribute, problem);
        }
    }

    private static IllegalArgumentException invalid(String attribute, String problem) {
        return new IllegalArgumentException("Salesforce adapter configuration: " + attribute + " " + problem);
    }

    @Override
    public String toString() {
        return "SalesforceSettings[instance=" + instance + ", instanceUrl=" + instanceUrl + ", tokenEndpoint="
                + tokenEndpoint + ", apiVersion=" + apiVersion + ", grant=" + grant + ", objects=" + searchObjects
                + ", granularity=" + granularity + "]";
    }
}
