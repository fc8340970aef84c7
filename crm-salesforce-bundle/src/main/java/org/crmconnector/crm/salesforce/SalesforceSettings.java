package org.crmconnector.crm.salesforce;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.crmconnector.crm.salesforce.auth.ClientCredentialsGrant;
import org.crmconnector.crm.salesforce.auth.JwtBearerGrant;
import org.crmconnector.crm.salesforce.auth.PrivateKeyPem;
import org.crmconnector.crm.salesforce.auth.TokenGrant;
import org.crmconnector.crm.salesforce.owner.SalesforceUsers;
import org.crmconnector.crm.salesforce.search.SearchObject;
import org.crmconnector.crm.salesforce.task.TaskFieldMapping;
import org.crmconnector.crm.salesforce.task.TaskGranularity;
import org.crmconnector.crm.support.additions.AdditionTargets;
import org.crmconnector.crm.support.owner.OwnerTable;
import org.crmconnector.crm.support.pop.ManyMatchesPop;
import org.crmconnector.crm.support.pop.NoMatchPop;
import org.crmconnector.crm.support.settings.AttributeChecks;

/**
 * A validated {@link SalesforceConfig}. Every problem is reported as an
 * {@link IllegalArgumentException} naming the configuration attribute; secret
 * values never appear in messages or in {@link #toString()}.
 */
final class SalesforceSettings {

    private static final Pattern API_VERSION = Pattern.compile("v\\d{2,3}\\.\\d");
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final AttributeChecks CHECKS = new AttributeChecks("Salesforce adapter configuration");

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
    final AdditionTargets additionFields;

    SalesforceSettings(SalesforceConfig c) {
        instance = CHECKS.required("crm.instance", c.crm_instance());
        instanceUrl = baseUrl("instance.url", CHECKS.required("instance.url", c.instance_url()));
        String login = c.login_url() == null || c.login_url().isBlank() ? instanceUrl.toString()
                : baseUrl("login.url", c.login_url().trim()).toString();
        tokenEndpoint = URI.create(stripSlash(login) + "/services/oauth2/token");
        apiVersion = CHECKS.required("api.version", c.api_version());
        CHECKS.check(API_VERSION.matcher(apiVersion).matches(), "api.version", "must look like v62.0");
        String clientId = CHECKS.required("client.id", c.client_id());
        String flow = CHECKS.required("auth.flow", c.auth_flow()).toLowerCase(Locale.ROOT);
        grant = switch (flow) {
            case "client_credentials" -> new ClientCredentialsGrant(clientId,
                    CHECKS.required(".client.secret", c._client_secret()));
            case "jwt_bearer" -> new JwtBearerGrant(clientId, CHECKS.required("jwt.username", c.jwt_username()),
                    baseUrl("jwt.audience", CHECKS.required("jwt.audience", c.jwt_audience())).toString(),
                    privateKey(c._jwt_privateKey()));
            default -> throw CHECKS.invalid("auth.flow", "must be client_credentials or jwt_bearer");
        };
        searchObjects = CHECKS.lines("search.objects", c.search_objects(), SearchObject::parse,
                "must name at least one object");
        searchLimit = CHECKS.positive("search.limit", c.search_limit());
        CHECKS.check(searchLimit <= 2000, "search.limit", "must be at most 2000 (SOSL's limit)");
        manyMatches = CHECKS.choice("pop.manyMatches", ManyMatchesPop.class, c.pop_manyMatches());
        noMatch = CHECKS.choice("pop.noMatch", NoMatchPop.class, c.pop_noMatch());
        searchPath = CHECKS.required("pop.searchPath", c.pop_searchPath());
        CHECKS.check(searchPath.startsWith("/"), "pop.searchPath", "must start with /");
        popTarget = CHECKS.required("pop.target", c.pop_target());
        taskMapping = CHECKS.parsed("task.fieldMapping", () -> TaskFieldMapping.parse(c.task_fieldMapping()));
        externalIdField = CHECKS.required("task.externalIdField", c.task_externalIdField());
        CHECKS.check(API_NAME.matcher(externalIdField).matches(), "task.externalIdField", "must be a field API name");
        taskStatus = CHECKS.required("task.status", c.task_status());
        granularity = CHECKS.choice("task.granularity", TaskGranularity.class, c.task_granularity());
        connectTimeout = Duration.ofMillis(CHECKS.positive("timeout.connect.ms", c.timeout_connect_ms()));
        requestTimeout = Duration.ofMillis(CHECKS.positive("timeout.request.ms", c.timeout_request_ms()));
        lookupTimeout = Duration.ofMillis(CHECKS.positive("timeout.lookup.ms", c.timeout_lookup_ms()));
        cacheTtl = Duration.ofSeconds(CHECKS.notNegative("lookup.cacheTtl.seconds", c.lookup_cacheTtl_seconds()));
        limitThresholdPercent = CHECKS.between("limit.threshold.percent", c.limit_threshold_percent(), 1, 100);
        limitBackoff = Duration.ofSeconds(CHECKS.positive("limit.backoff.seconds", c.limit_backoff_seconds()));
        ownerTable = CHECKS.parsed("owner.map", () -> OwnerTable.parse(c.owner_map(),
                id -> SalesforceUsers.USER_ID.matcher(id).matches(), "a User id (005 followed by 12 or 15 letters and digits)"));
        ownerLookupField = AttributeChecks.optional(c.owner_lookupField());
        CHECKS.check(ownerLookupField.isEmpty() || API_NAME.matcher(ownerLookupField).matches(), "owner.lookupField",
                "must be a User field API name");
        ownerCacheTtl = Duration.ofSeconds(CHECKS.notNegative("owner.cacheTtl.seconds", c.owner_cacheTtl_seconds()));
        String object = AttributeChecks.optional(c.create_object());
        createObject = object.isEmpty() ? null : object;
        CHECKS.check(createObject == null || API_NAME.matcher(createObject).matches(), "create.object",
                "must be an object API name such as Lead or Contact");
        createFields = CHECKS.parsed("create.fields", () -> TaskFieldMapping.parse(c.create_fields()));
        createExternalIdField = CHECKS.required("create.externalIdField", c.create_externalIdField());
        CHECKS.check(API_NAME.matcher(createExternalIdField).matches(), "create.externalIdField", "must be a field API name");
        additionFields = CHECKS.parsed("addition.fields", () -> AdditionTargets.parse(c.addition_fields(), API_NAME,
                "a Task field API name", "kind=TaskField"));
    }

    private static PrivateKey privateKey(String pem) {
        CHECKS.required(".jwt.privateKey", pem);
        // PrivateKeyPem's messages describe the format, never the key.
        return CHECKS.parsed(".jwt.privateKey", () -> PrivateKeyPem.parse(pem));
    }

    /** An absolute http(s) URL without query; plain http only to this machine (tests, local proxies). */
    private static URI baseUrl(String attribute, String value) {
        URI uri = CHECKS.httpsUrl(attribute, value.trim());
        CHECKS.check(uri.getQuery() == null && uri.getFragment() == null, attribute, "must not have a query or fragment");
        return URI.create(stripSlash(uri.toString()));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "SalesforceSettings[instance=" + instance + ", instanceUrl=" + instanceUrl + ", tokenEndpoint="
                + tokenEndpoint + ", apiVersion=" + apiVersion + ", grant=" + grant + ", objects=" + searchObjects
                + ", granularity=" + granularity + "]";
    }
}
