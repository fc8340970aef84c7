package org.crmconnector.crm.dynamics;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.crmconnector.crm.dynamics.auth.ClientCertificate;
import org.crmconnector.crm.dynamics.auth.ClientCredential;
import org.crmconnector.crm.dynamics.auth.ClientSecret;
import org.crmconnector.crm.dynamics.lookup.ManyMatchesPop;
import org.crmconnector.crm.dynamics.lookup.NoMatchPop;
import org.crmconnector.crm.dynamics.lookup.SearchEntity;
import org.crmconnector.crm.dynamics.phonecall.PhonecallWriter;
import org.crmconnector.crm.dynamics.webapi.ODataText;
import org.crmconnector.crm.support.owner.OwnerTable;

/**
 * A validated {@link DynamicsConfig}. Each problem is an
 * {@link IllegalArgumentException} naming the attribute; secrets appear in
 * no message and not in {@link #toString()}.
 */
final class DynamicsSettings {

    private static final Pattern API_VERSION = Pattern.compile("v\\d\\.\\d");
    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

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

    DynamicsSettings(DynamicsConfig c) {
        instance = required("crm.instance", c.crm_instance());
        environmentUrl = url("environment.url", required("environment.url", c.environment_url()));
        apiVersion = required("api.version", c.api_version());
        check(API_VERSION.matcher(apiVersion).matches(), "api.version", "must look like v9.2");
        String tenant = required("auth.tenant", c.auth_tenant());
        check(TENANT.matcher(tenant).matches(), "auth.tenant", "must be a tenant id or domain");
        URI authority = url("auth.authority", required("auth.authority", c.auth_authority()));
        tokenEndpoint = URI.create(authority + "/" + tenant + "/oauth2/v2.0/token");
        scope = environmentUrl + "/.default";
        clientId = required("client.id", c.client_id());
        credential = credential(c);
        searchEntities = entities(c.search_entities());
        searchLimit = between("search.limit", c.search_limit(), 1, 5000);
        manyMatches = choice("pop.manyMatches", ManyMatchesPop.class, c.pop_manyMatches());
        noMatch = choice("pop.noMatch", NoMatchPop.class, c.pop_noMatch());
        appId = c.pop_appId() == null ? "" : c.pop_appId().trim();
        popTarget = required("pop.target", c.pop_target());
        keyColumn = column("phonecall.keyColumn", required("phonecall.keyColumn", c.phonecall_keyColumn()));
        dispositionColumn = c.phonecall_dispositionColumn() == null || c.phonecall_dispositionColumn().isBlank() ? ""
                : column("phonecall.dispositionColumn", c.phonecall_dispositionColumn().trim());
        parties = c.phonecall_parties();
        batchSize = between("batch.size", c.batch_size(), 1, PhonecallWriter.MAX_BATCH);
        connectTimeout = Duration.ofMillis(between("timeout.connect.ms", c.timeout_connect_ms(), 1, Integer.MAX_VALUE));
        requestTimeout = Duration.ofMillis(between("timeout.request.ms", c.timeout_request_ms(), 1, Integer.MAX_VALUE));
        lookupTimeout = Duration.ofMillis(between("timeout.lookup.ms", c.timeout_lookup_ms(), 1, Integer.MAX_VALUE));
        try {
            ownerTable = OwnerTable.parse(c.owner_map(), ODataText::isGuid, "a systemuser id (GUID)");
        } catch (IllegalArgumentException e) {
            throw invalid("owner.map", e.getMessage());
        }
        String ownerColumn = c.owner_lookupColumn() == null ? "" : c.owner_lookupColumn().trim();
        ownerLookupColumn = ownerColumn.isEmpty() ? "" : column("owner.lookupColumn", ownerColumn);
        check(c.owner_cacheTtl_seconds() >= 0, "owner.cacheTtl.seconds", "must not be negative");
        ownerCacheTtl = Duration.ofSeconds(c.owner_cacheTtl_seconds());
    }

    private ClientCredential credential(DynamicsConfig c) {
        String secret = c._client_secret() == null ? "" : c._client_secret().trim();
        if (!secret.isEmpty()) {
            return new ClientSecret(secret);
        }
        String certificate = c.client_certificate() == null ? "" : c.client_certificate().trim();
        String key = c._client_certificate_key() == null ? "" : c._client_certificate_key().trim();
        check(!certificate.isEmpty() && !key.isEmpty(), ".client.secret",
                "is required (or client.certificate with .client.certificate.key)");
        try {
            return new ClientCertificate(clientId, certificate, key);
        } catch (IllegalArgumentException e) {
            // ClientCertificate's messages describe the format, never the key
            throw invalid("client.certificate / .client.certificate.key", e.getMessage());
        }
    }

    private static List<SearchEntity> entities(String[] lines) {
        List<SearchEntity> entities = new ArrayList<>();
        for (String line : lines == null ? new String[0] : lines) {
            if (line != null && !line.isBlank()) {
                try {
                    entities.add(SearchEntity.parse(line));
                } catch (IllegalArgumentException e) {
                    throw invalid("search.entities", e.getMessage());
                }
            }
        }
        check(!entities.isEmpty(), "search.entities", "must name at least one table");
        return List.copyOf(entities);
    }

    /** An absolute http(s) URL without path, query or fragment; plain http only to this machine. */
    private static URI url(String attribute, String value) {
        URI uri;
        try {
            uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (URISyntaxException e) {
            throw invalid(attribute, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        check(uri.getHost() != null && (scheme.equals("https") || scheme.equals("http")), attribute,
                "must be an absolute https URL");
        check(scheme.equals("https") || uri.getHost().equals("localhost") || uri.getHost().equals("127.0.0.1")
                || uri.getHost().equals("[::1]"), attribute, "must use https (http is accepted for localhost only)");
        check((uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null && uri.getFragment() == null,
                attribute, "must be the host alone, without path or query");
        return uri;
    }

    private static String column(String attribute, String value) {
        check(COLUMN.matcher(value).matches(), attribute, "must be a column's logical name (lower case)");
        return value;
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

    private static int between(String attribute, int value, int min, int max) {
        check(value >= min && value <= max, attribute, max == Integer.MAX_VALUE ? "must be positive"
                : "must be " + min + " to " + max);
        return value;
    }

    private static void check(boolean ok, String attribute, String problem) {
        if (!ok) {
            throw invalid(attribute, problem);
        }
    }

    private static IllegalArgumentException invalid(String attribute, String problem) {
        return new IllegalArgumentException("Dynamics 365 adapter configuration: " + attribute + " " + problem);
    }

    @Override
    public String toString() {
        return "DynamicsSettings[instance=" + instance + ", environment=" + environmentUrl + ", api=" + apiVersion
                + ", token=" + tokenEndpoint + ", clientId=" + clientId + ", credential=" + credential.name()
                + ", tables=" + searchEntities.stream().map(SearchEntity::logicalName).toList() + "]";
    }
}
