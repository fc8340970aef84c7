package org.crmconnector.crm.dynamics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.Disposition;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.crm.dynamics.auth.EntraTokenCache;
import org.crmconnector.crm.dynamics.lookup.CallerLookup;
import org.crmconnector.crm.dynamics.lookup.RecordUrls;
import org.crmconnector.crm.dynamics.lookup.ScreenPopPolicy;
import org.crmconnector.crm.dynamics.lookup.SearchEntity;
import org.crmconnector.crm.dynamics.phonecall.PhonecallMapper;
import org.crmconnector.crm.dynamics.owner.SystemUsers;
import org.crmconnector.crm.dynamics.phonecall.PhonecallWriter;
import org.crmconnector.crm.dynamics.webapi.ServiceProtection;
import org.crmconnector.crm.dynamics.webapi.WebApiClient;
import org.crmconnector.crm.dynamics.webapi.WebApiException;
import org.crmconnector.crm.support.http.CallGate;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.crm.support.owner.AgentOwners;
import org.crmconnector.interaction.CrmObject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Dynamics 365 adapter: one instance per factory configuration, i.e. per
 * Dataverse environment. Screen pops query the configured tables' phone
 * columns; logs and dispositions become phone call activities upserted on an
 * alternate key that holds the interaction key.
 */
@Component(
        service = CrmConnector.class,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = DynamicsConfigurationCheck.FACTORY_PID,
        property = CrmConnector.CRM_TYPE + "=dynamics")
@Designate(ocd = DynamicsConfig.class, factory = true)
public class DynamicsConnector implements CrmConnector {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicsConnector.class);

    /** How long deactivation lets calls in flight finish; past it they end with a retryable failure. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final SharedHttpClients clients;
    private final Clock clock;

    private DynamicsSettings settings;
    private SharedHttpClients.Lease http;
    private CallGate gate;
    private EntraTokenCache tokens;
    private ServiceProtection protection;
    private CallerLookup lookup;
    private ScreenPopPolicy popPolicy;
    private PhonecallWriter phonecalls;
    private AgentOwners owners;

    /** @param clients the HTTP clients every instance of this bundle shares, so threads do not grow with instances */
    @Activate
    public DynamicsConnector(@Reference DynamicsHttpClients clients) {
        this(clients, Clock.systemUTC());
    }

    /** For tests that move time forward (token expiry, service protection waits). */
    DynamicsConnector(SharedHttpClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Activate
    void activate(DynamicsConfig config) {
        settings = new DynamicsSettings(config);
        http = clients.lease(settings.connectTimeout);
        ObjectMapper json = new ObjectMapper();
        tokens = new EntraTokenCache(http.client(), settings.tokenEndpoint, settings.clientId, settings.scope,
                settings.credential, clock, settings.requestTimeout);
        protection = new ServiceProtection(clock);
        WebApiClient api = new WebApiClient(http.client(), tokens, settings.environmentUrl, settings.apiVersion, protection, json);
        RecordUrls urls = new RecordUrls(settings.environmentUrl.toString(), settings.appId);
        lookup = new CallerLookup(api, settings.searchEntities, urls, settings.searchLimit);
        popPolicy = new ScreenPopPolicy(urls, settings.manyMatches, settings.noMatch, settings.popTarget);
        PhonecallMapper mapper = new PhonecallMapper(json, settings.dispositionColumn, settings.parties, this::entitySet);
        owners = new AgentOwners(settings.ownerTable, new SystemUsers(api, settings.ownerLookupColumn, settings.requestTimeout),
                !settings.ownerLookupColumn.isEmpty(), clock, settings.ownerCacheTtl);
        phonecalls = new PhonecallWriter(api, mapper, settings.keyColumn, urls, settings.requestTimeout, settings.batchSize, json,
                interaction -> interaction == null ? null : owners.ownerOf(interaction.tenantId, interaction.agentId));
        gate = new CallGate();
        LOG.info("Dynamics 365 adapter '{}' active for {} (Web API {}, {})", settings.instance, settings.environmentUrl,
                settings.apiVersion, settings.credential.name());
    }

    @Deactivate
    void deactivate() {
        try {
            if (!gate.closeAndAwait(DRAIN)) {
                LOG.warn("Dynamics 365 adapter '{}': calls still in flight after {}; they will be retried",
                        settings.instance, DRAIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.close();
            LOG.info("Dynamics 365 adapter '{}' stopped", settings.instance);
        }
    }

    /** The environment, the token's expiry and any service protection wait; never the token or the secret. */
    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("environmentUrl", settings.environmentUrl.toString());
        status.put("webApiVersion", settings.apiVersion);
        status.put("credential", settings.credential.name());
        Instant expires = tokens.expiresAt();
        if (expires != null) {
            status.put("tokenExpiresAt", expires.toString());
        }
        Instant blocked = protection.blockedUntil();
        if (blocked != null) {
            status.put("serviceProtectionWaitUntil", blocked.toString());
        }
        status.put("serviceProtection429s", protection.throttledCount());
        AgentOwners o = owners;
        if (o != null && o.isActive()) {
            // the console shows these per tenant: their calls stay with the application user
            status.put("agentsWithoutCrmUser", o.unmappedAgents());
            if (o.lastProblem() != null) {
                status.put("userLookupProblem", o.lastProblem());
            }
        }
        return status;
    }

    @Override
    public ScreenPopResult screenPop(ScreenPopRequest request) throws CrmException {
        String number = request.ani != null && !request.ani.isBlank() ? request.ani
                : request.interaction == null ? null : request.interaction.ani();
        enter();
        try {
            List<CrmObject> matches = number == null ? List.of() : lookup.byPhone(number, settings.lookupTimeout);
            return popPolicy.decide(matches, number);
        } catch (WebApiException e) {
            throw e.toCrmException();
        } finally {
            gate.exit();
        }
    }

    @Override
    public DeliveryResult saveInteractionLog(InteractionLog log) {
        return saveInteractionLogs(List.of(log)).get(0);
    }

    @Override
    public List<DeliveryResult> saveInteractionLogs(List<InteractionLog> logs) {
        if (logs.isEmpty()) {
            return List.of();
        }
        if (!gate.enter()) {
            return Collections.nCopies(logs.size(), stopped());
        }
        try {
            return phonecalls.upsertAll(logs);
        } finally {
            gate.exit();
        }
    }

    @Override
    public DeliveryResult setDisposition(DispositionUpdate update) {
        if (!gate.enter()) {
            return stopped();
        }
        try {
            return phonecalls.setDisposition(update);
        } finally {
            gate.exit();
        }
    }

    @Override
    public List<CrmObject> search(SearchRequest request) throws CrmException {
        enter();
        try {
            return lookup.byText(request.text, request.limit, settings.requestTimeout);
        } catch (WebApiException e) {
            throw e.toCrmException();
        } finally {
            gate.exit();
        }
    }

    /** The tenant's own disposition list applies: the phone call table has no standard disposition choices. */
    @Override
    public List<Disposition> dispositions() {
        return List.of();
    }

    /** A table's entity set: from the searched tables' configuration, else the standard plural. */
    private String entitySet(String logicalName) {
        return lookup.entities().stream().filter(e -> e.logicalName().equals(logicalName)).map(SearchEntity::entitySet)
                .findFirst().orElseGet(() -> SearchEntity.parse(logicalName + ": telephone1").entitySet());
    }

    private void enter() throws CrmException {
        if (!gate.enter()) {
            throw new CrmException("Dynamics 365 adapter '" + settings.instance + "' is stopping", true);
        }
    }

    private DeliveryResult stopped() {
        return DeliveryResult.retry("Dynamics 365 adapter '" + settings.instance + "' is stopping");
    }

    @Override
    public String toString() {
        return "DynamicsConnector[" + settings + "]";
    }
}
