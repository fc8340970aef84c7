package org.crmconnector.crm.dynamics;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.crmconnector.crm.dynamics.auth.ClientCertificate;
import org.crmconnector.crm.dynamics.auth.ClientCredential;
import org.crmconnector.crm.dynamics.auth.ClientSecret;
import org.crmconnector.crm.dynamics.callers.CallerColumns;
import org.crmconnector.crm.dynamics.lookup.SearchEntity;
import org.crmconnector.crm.dynamics.phonecall.PhonecallWriter;
import org.crmconnector.crm.dynamics.webapi.ODataText;
import org.crmconnector.crm.support.additions.AdditionTargets;
import org.crmconnector.crm.support.owner.OwnerTable;
import org.crmconnector.crm.support.pop.ManyMatchesPop;
import org.crmconnector.crm.support.pop.NoMatchPop;
import org.crmconnector.crm.support.settings.AttributeChecks;

/**
 * A validated {@link DynamicsConfig}. Each problem is an
 * {@link IllegalArgumentException} naming the attribute; secrets appear in
 * no message and not in {@link #toString()}.
 */
final class DynamicsSettings {

    private static final Pattern API_VERSION = Pattern.compile("v\\d\\.\\d");
    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");
    private static final AttributeChecks CHECKS = new AttributeChecks("Dynamics 365 adapter configuration");

    final String instance;
    final URI environmentUrl;
    final String apiVersion;
    final URI tokenEndpoint;
    final String scope;
    final String clientId;
    final ClientCredential credential;
    final List<SearchEntity> searchEntities;
    final int searchLimit;
    final ManyMatchesPop manyMatches;
    final NoMatchPop noMatch;
    final String appId;
    final String popTarget;
    final String keyColumn;
    final String dispositionColumn;
    final boolean parties;
    final int batchSize;
    final Duration connectTimeout;
    final Duration requestTimeout;
    final Duration lookupTimeout;
    final OwnerTable ownerTable;
    final String ownerLookupColumn;
    final Duration ownerCacheTtl;
    /** The table created for unknown callers ({@code contact} or {@code lead}), or null when none is. */
    final String createObject;
    final CallerColumns createFields;
    final String createAlternateKey;
    final AdditionTargets additionFields;

    DynamicsSettings(DynamicsConfig c) {
        instance = CHECKS.required("crm.instance", c.crm_instance());
        environmentUrl = url("environment.url", CHECKS.required("environment.url", c.environment_url()));
        apiVersion = CHECKS.required("api.version", c.api_version());
        CHECKS.check(API_VERSION.matcher(apiVersion).matches(), "api.version", "must look like v9.2");
        String tenant = CHECKS.required("auth.tenant", c.auth_tenant());
        CHECKS.check(TENANT.matcher(tenant).matches(), "auth.tenant", "must be a tenant id or domain");
        URI authority = url("auth.authority", CHECKS.required("auth.authority", c.auth_authority()));
        tokenEndpoint = URI.create(authority + "/" + tenant + "/oauth2/v2.0/token");
        scope = environmentUrl + "/.default";
        clientId = CHECKS.required("client.id", c.client_id());
        credential = credential(c);
        searchEntities = CHECKS.lines("search.entities", c.search_entities(), SearchEntity::parse,
                "must name at least one table");
        searchLimit = CHECKS.between("search.limit", c.search_limit(), 1, 5000);
        manyMatches = CHECKS.choice("pop.manyMatches", ManyMatchesPop.class, c.pop_manyMatches());
        noMatch = CHECKS.choice("pop.noMatch", NoMatchPop.class, c.pop_noMatch());
        appId = AttributeChecks.optional(c.pop_appId());
        popTarget = CHECKS.required("pop.target", c.pop_target());
        keyColumn = column("phonecall.keyColumn", CHECKS.required("phonecall.keyColumn", c.phonecall_keyColumn()));
        String disposition = AttributeChecks.optional(c.phonecall_dispositionColumn());
        dispositionColumn = disposition.isEmpty() ? "" : column("phonecall.dispositionColumn", disposition);
        parties = c.phonecall_parties();
        batchSize = CHECKS.between("batch.size", c.batch_size(), 1, PhonecallWriter.MAX_BATCH);
        connectTimeout = Duration.ofMillis(CHECKS.positive("timeout.connect.ms", c.timeout_connect_ms()));
        requestTimeout = Duration.ofMillis(CHECKS.positive("timeout.request.ms", c.timeout_request_ms()));
        lookupTimeout = Duration.ofMillis(CHECKS.positive("timeout.lookup.ms", c.timeout_lookup_ms()));
        ownerTable = CHECKS.parsed("owner.map", () -> OwnerTable.parse(c.owner_map(), ODataText::isGuid,
                "a systemuser id (GUID)"));
        String ownerColumn = AttributeChecks.optional(c.owner_lookupColumn());
        ownerLookupColumn = ownerColumn.isEmpty() ? "" : column("owner.lookupColumn", ownerColumn);
        ownerCacheTtl = Duration.ofSeconds(CHECKS.notNegative("owner.cacheTtl.seconds", c.owner_cacheTtl_seconds()));
        String object = AttributeChecks.optional(c.create_object());
        createObject = object.isEmpty() ? null : object;
        CHECKS.check(createObject == null || createObject.equals("contact") || createObject.equals("lead"), "create.object",
                "must be contact, lead or empty");
        createFields = CHECKS.parsed("create.fields", () -> CallerColumns.parse(c.create_fields()));
        createAlternateKey = column("create.alternateKey", CHECKS.required("create.alternateKey", c.create_alternateKey()));
        CHECKS.check(!createFields.columns().contains(createAlternateKey), "create.fields",
                "must not set the alternate key column (create.alternateKey): it holds the caller's digits");
        additionFields = CHECKS.parsed("addition.fields", () -> AdditionTargets.parse(c.addition_fields(), COLUMN,
                "a phone call column's logical name (lower case)", "kind=column"));
    }

    private ClientCredential credential(DynamicsConfig c) {
        String secret = AttributeChecks.optional(c._client_secret());
        if (!secret.isEmpty()) {
            return new ClientSecret(secret);
        }
        String certificate = AttributeChecks.optional(c.client_certificate());
        String key = AttributeChecks.optional(c._client_certificate_key());
        CHECKS.check(!certificate.isEmpty() && !key.isEmpty(), ".client.secret",
                "is required (or client.certificate with .client.certificate.key)");
        // ClientCertificate's messages describe the format, never the key
        return CHECKS.parsed("client.certificate / .client.certificate.key",
                () -> new ClientCertificate(clientId, certificate, key));
    }

    /** An absolute http(s) URL without path, query or fragment; plain http only to this machine. */
    private static URI url(String attribute, String value) {
        URI uri = CHECKS.httpsUrl(attribute, value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        CHECKS.check((uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null
                && uri.getFragment() == null, attribute, "must be the host alone, without path or query");
        return uri;
    }

    private static String column(String attribute, String value) {
        CHECKS.check(COLUMN.matcher(value).matches(), attribute, "must be a column's logical name (lower case)");
        return value;
    }

    @Override
    public String toString() {
        return "DynamicsSettings[instance=" + instance + ", environment=" + environmentUrl + ", api=" + apiVersion
                + ", token=" + tokenEndpoint + ", clientId=" + clientId + ", credential=" + credential.name()
                + ", tables=" + searchEntities.stream().map(SearchEntity::logicalName).toList() + "]";
    }
}
