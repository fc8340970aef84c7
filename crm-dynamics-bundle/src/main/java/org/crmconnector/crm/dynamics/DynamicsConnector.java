package org.crmconnector.crm.dynamics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.Disposition;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.crm.dynamics.auth.EntraLogin;
import org.crmconnector.crm.dynamics.callers.UnknownCallerRecords;
import org.crmconnector.crm.dynamics.lookup.CallerLookup;
import org.crmconnector.crm.dynamics.lookup.RecordUrls;
import org.crmconnector.crm.dynamics.lookup.SearchEntity;
import org.crmconnector.crm.dynamics.owner.SystemUsers;
import org.crmconnector.crm.dynamics.phonecall.PhonecallAdditions;
import org.crmconnector.crm.dynamics.phonecall.PhonecallMapper;
import org.crmconnector.crm.dynamics.phonecall.PhonecallWriter;
import org.crmconnector.crm.dynamics.webapi.ServiceProtection;
import org.crmconnector.crm.dynamics.webapi.WebApiClient;
import org.crmconnector.crm.dynamics.webapi.WebApiException;
import org.crmconnector.crm.support.calls.InstanceCalls;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.crm.support.oauth.TokenCache;
import org.crmconnector.crm.support.oauth.TokenEndpoint;
import org.crmconnector.crm.support.owner.AgentOwners;
import org.crmconnector.crm.support.phone.CreatedCallers;
import org.crmconnector.crm.support.phone.PhoneNumbers;
import org.crmconnector.crm.support.pop.ScreenPopPolicy;
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
 * alternate key that holds the interaction key. Recordings, transcripts and
 * summaries go into that phone call's columns; an unknown caller may get a
 * contact or lead, one per number through an alternate key.
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
    /** Renew the Entra ID token this long before it expires, so it never runs out in the middle of a call. */
    private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(5);

    private final SharedHttpClients clients;
    private final Clock clock;

    private DynamicsSettings settings;
    private SharedHttpClients.Lease http;
    private InstanceCalls calls;
    private TokenCache tokens;
    private ServiceProtection protection;
    private CallerLookup lookup;
    private ScreenPopPolicy popPolicy;
    private PhonecallWriter phonecalls;
    private AgentOwners owners;
    private PhonecallAdditions additions;
    /** Null when unknown callers get no record. */
    private UnknownCallerRecords unknownCallers;

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
        TokenEndpoint entra = new TokenEndpoint(http.client(), settings.tokenEndpoint, settings.requestTimeout,
                "Entra ID token endpoint");
        tokens = new TokenCache(new EntraLogin(entra, settings.clientId, settings.scope, settings.credential, clock), clock,
                TOKEN_RENEWAL);
        protection = new ServiceProtection(clock);
        WebApiClient api = new WebApiClient(http.client(), tokens, settings.environmentUrl, settings.apiVersion, protection, json);
        RecordUrls urls = new RecordUrls(settings.environmentUrl.toString(), settings.appId);
        lookup = new CallerLookup(api, settings.searchEntities, urls, settings.searchLimit);
        popPolicy = new ScreenPopPolicy(urls, settings.manyMatches, settings.noMatch, settings.popTarget, "New contact");
        PhonecallMapper mapper = new PhonecallMapper(json, settings.dispositionColumn, settings.parties, this::entitySet);
        owners = new AgentOwners(settings.ownerTable, new SystemUsers(api, settings.ownerLookupColumn, settings.requestTimeout),
                !settings.ownerLookupColumn.isEmpty(), clock, settings.ownerCacheTtl);
        phonecalls = new PhonecallWriter(api, mapper, settings.keyColumn, urls, settings.requestTimeout, settings.batchSize, json,
                interaction -> interaction == null ? null : owners.ownerOf(interaction.tenantId, interaction.agentId));
        additions = new PhonecallAdditions(api, settings.additionFields, settings.keyColumn, urls, settings.requestTimeout,
                json);
        unknownCallers = settings.createObject == null ? null
                : new UnknownCallerRecords(api, settings.createObject, settings.createFields, settings.createAlternateKey,
                        urls, settings.lookupTimeout, json, clock);
        calls = new InstanceCalls("Dynamics 365 adapter '" + settings.instance + "'");
        LOG.info("Dynamics 365 adapter '{}' active for {} (Web API {}, {})", settings.instance, settings.environmentUrl,
                settings.apiVersion, settings.credential.name());
    }

    @Deactivate
    void deactivate() {
        try {
            calls.stop(DRAIN);
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
        if (o != null) {
            o.addStatus(status);
        }
        return status;
    }

    @Override
    public ScreenPopResult screenPop(ScreenPopRequest request) throws CrmException {
        String number = PhoneNumbers.callerOf(request);
        calls.enter();
        try {
            List<CrmObject> matches = number == null ? List.of() : lookup.byPhone(number, settings.lookupTimeout);
            if (matches.isEmpty() && unknownCallers != null && CreatedCallers.wantsRecord(request, number)) {
                matches = recordForUnknownCaller(request, number);
            }
            return popPolicy.decide(matches, number);
        } catch (WebApiException e) {
            throw e.toCrmException();
        } finally {
            calls.exit();
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
        return calls.deliverAll(logs.size(), () -> phonecalls.upsertAll(logs));
    }

    @Override
    public DeliveryResult setDisposition(DispositionUpdate update) {
        return calls.deliver(() -> phonecalls.setDisposition(update));
    }

    /** Recordings, transcripts and summaries go into the log's phone call (addition.fields). */
    @Override
    public DeliveryResult saveAddition(InteractionAddition addition) {
        return calls.deliver(() -> additions.add(addition));
    }

    @Override
    public List<CrmObject> search(SearchRequest request) throws CrmException {
        calls.enter();
        try {
            return lookup.byText(request.text, request.limit, settings.requestTimeout);
        } catch (WebApiException e) {
            throw e.toCrmException();
        } finally {
            calls.exit();
        }
    }

    /** The tenant's own disposition list applies: the phone call table has no standard disposition choices. */
    @Override
    public List<Disposition> dispositions() {
        return List.of();
    }

    /**
     * The created (or earlier created) record as the one match, so the engine
     * pops it and makes it the log's Name, the phone call's regarding record;
     * on failure no match, and the no-match pop applies: a record that could
     * not be made never costs the pop.
     */
    private List<CrmObject> recordForUnknownCaller(ScreenPopRequest request, String number) {
        try {
            return List.of(unknownCallers.recordFor(number, request.interaction));
        } catch (WebApiException e) {
            // the message is Dataverse's error, which names no credential
            LOG.warn("Dynamics 365 adapter '{}': no {} created for an unknown caller: {}", settings.instance,
                    settings.createObject, e.getMessage());
            return List.of();
        }
    }

    /** A table's entity set: from the searched tables' configuration, else the standard plural. */
    private String entitySet(String logicalName) {
        return lookup.entities().stream().filter(e -> e.logicalName().equals(logicalName)).map(SearchEntity::entitySet)
                .findFirst().orElseGet(() -> SearchEntity.plural(logicalName));
    }


    @Override
    public String toString() {
        return "DynamicsConnector[" + settings + "]";
    }
}
