package org.crmconnector.crm.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import org.crmconnector.crm.salesforce.auth.SalesforceLogin;
import org.crmconnector.crm.salesforce.callers.UnknownCallerRecords;
import org.crmconnector.crm.salesforce.http.ApiUsage;
import org.crmconnector.crm.salesforce.http.SalesforceApiException;
import org.crmconnector.crm.salesforce.http.SalesforceHttpClients;
import org.crmconnector.crm.salesforce.http.SalesforceRestClient;
import org.crmconnector.crm.salesforce.owner.SalesforceUsers;
import org.crmconnector.crm.salesforce.pop.LightningUrls;
import org.crmconnector.crm.salesforce.search.CallerLookup;
import org.crmconnector.crm.salesforce.search.LookupCache;
import org.crmconnector.crm.salesforce.task.TaskAdditions;
import org.crmconnector.crm.salesforce.task.TaskMapper;
import org.crmconnector.crm.salesforce.task.TaskOwner;
import org.crmconnector.crm.salesforce.task.TaskWriter;
import org.crmconnector.crm.support.calls.InstanceCalls;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.crm.support.oauth.TokenCache;
import org.crmconnector.crm.support.oauth.TokenEndpoint;
import org.crmconnector.crm.support.owner.AgentOwners;
import org.crmconnector.crm.support.phone.CreatedCallers;
import org.crmconnector.crm.support.phone.PhoneNumbers;
import org.crmconnector.crm.support.pop.ScreenPopPolicy;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
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
 * The Salesforce adapter: one instance per factory configuration, i.e. per
 * org connection. Screen pops are answered by a SOSL phone search, logs and
 * dispositions become Tasks upserted on an external-id field.
 */
@Component(
        service = CrmConnector.class,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = SalesforceConfigurationCheck.FACTORY_PID,
        property = CrmConnector.CRM_TYPE + "=salesforce")
@Designate(ocd = SalesforceConfig.class, factory = true)
public class SalesforceConnector implements CrmConnector {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceConnector.class);

    /** How long deactivation lets calls in flight finish; past it they end with a retryable failure. */
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final int CACHE_ENTRIES = 10_000;

    private final SharedHttpClients clients;
    private final Clock clock;

    private SalesforceSettings settings;
    private volatile ApiUsage usage;
    private SharedHttpClients.Lease http;
    private InstanceCalls calls;
    private CallerLookup lookup;
    private ScreenPopPolicy popPolicy;
    private TaskWriter tasks;
    private AgentOwners owners;
    private TaskAdditions additions;
    /** Null when unknown callers get no record. */
    private UnknownCallerRecords unknownCallers;

    /** @param clients the HTTP clients every instance of this bundle shares, so threads do not grow with instances */
    @Activate
    public SalesforceConnector(@Reference SalesforceHttpClients clients) {
        this(clients, Clock.systemUTC());
    }

    /** For tests that move time forward (token assertion, cache, API back-off). */
    SalesforceConnector(SharedHttpClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Activate
    void activate(SalesforceConfig config) {
        settings = new SalesforceSettings(config);
        http = clients.lease(settings.connectTimeout);
        ObjectMapper json = new ObjectMapper();
        TokenCache tokens = new TokenCache(new SalesforceLogin(new TokenEndpoint(http.client(), settings.tokenEndpoint,
                settings.requestTimeout, "Salesforce token endpoint"), settings.grant, clock), clock, Duration.ZERO);
        usage = new ApiUsage(clock, settings.limitThresholdPercent, settings.limitBackoff);
        SalesforceRestClient rest = new SalesforceRestClient(http.client(), settings.instanceUrl, settings.apiVersion, tokens,
                usage, json);
        LightningUrls urls = new LightningUrls(settings.instanceUrl.toString(), settings.searchPath);
        lookup = new CallerLookup(rest, settings.searchObjects, urls,
                new LookupCache(clock, settings.cacheTtl, CACHE_ENTRIES), settings.searchLimit);
        popPolicy = new ScreenPopPolicy(urls, settings.manyMatches, settings.noMatch, settings.popTarget, "New Contact");
        owners = new AgentOwners(settings.ownerTable,
                new SalesforceUsers(rest, settings.ownerLookupField, settings.requestTimeout),
                !settings.ownerLookupField.isEmpty(), clock, settings.ownerCacheTtl);
        TaskOwner agentsUser = interaction -> interaction == null ? null
                : owners.ownerOf(interaction.tenantId, interaction.agentId);
        tasks = new TaskWriter(rest, new TaskMapper(settings.taskMapping, settings.taskStatus, settings.granularity),
                settings.externalIdField, urls, settings.requestTimeout, agentsUser);
        additions = new TaskAdditions(rest, settings.additionFields, settings.externalIdField, settings.granularity, urls,
                settings.requestTimeout);
        unknownCallers = settings.createObject == null ? null
                : new UnknownCallerRecords(rest, settings.createObject,
                        new TaskMapper(settings.createFields, settings.taskStatus, settings.granularity),
                        settings.createExternalIdField, urls, settings.lookupTimeout, clock,
                        // the caller's pop is waiting: only a user known without a query
                        interaction -> interaction == null ? null : owners.knownOwnerOf(interaction.agentId));
        calls = new InstanceCalls("Salesforce adapter '" + settings.instance + "'");
        LOG.info("Salesforce adapter '{}' active for {} (API {}, {} flow)", settings.instance, settings.instanceUrl,
                settings.apiVersion, settings.grant.name());
    }

    /** The org's API usage as Salesforce last reported it in Sforce-Limit-Info. */
    @Override
    public Map<String, Object> status() {
        ApiUsage u = usage;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("instanceUrl", settings.instanceUrl.toString());
        if (u != null && u.ratio() >= 0) {
            status.put("sforceLimitInfo", u.lastHeader());
            status.put("apiUsagePercent", Math.round(u.ratio() * 1000) / 10.0);
            status.put("observedAt", u.observedAt().toString());
        }
        AgentOwners o = owners;
        if (o != null) {
            o.addStatus(status);
        }
        return status;
    }

    @Deactivate
    void deactivate() {
        try {
            calls.stop(DRAIN);
        } finally {
            http.close();
            LOG.info("Salesforce adapter '{}' stopped", settings.instance);
        }
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
        } catch (SalesforceApiException e) {
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
        return calls.deliverAll(logs.size(), () -> {
            List<DeliveryResult> results = tasks.upsertAll(logs);
            for (int i = 0; i < logs.size(); i++) {
                if (results.get(i).isOk()) {
                    rememberCaller(logs.get(i).interaction);
                }
            }
            return results;
        });
    }

    @Override
    public DeliveryResult setDisposition(DispositionUpdate update) {
        return calls.deliver(() -> tasks.setDisposition(update));
    }

    /** Recordings, transcripts and summaries go into the log's Task (addition.fields). */
    @Override
    public DeliveryResult saveAddition(InteractionAddition addition) {
        return calls.deliver(() -> additions.add(addition));
    }

    @Override
    public List<CrmObject> search(SearchRequest request) throws CrmException {
        calls.enter();
        try {
            return lookup.byText(request.text, request.limit, settings.requestTimeout);
        } catch (SalesforceApiException e) {
            throw e.toCrmException();
        } finally {
            calls.exit();
        }
    }

    /** The tenant's own disposition list applies: CallDisposition is free text in Salesforce. */
    @Override
    public List<Disposition> dispositions() {
        return new ArrayList<>();
    }

    /**
     * The created (or earlier created) record as the one match, so the engine
     * pops it and makes it the log's Name; on failure no match, and the
     * no-match pop applies: a record that could not be made never costs the pop.
     */
    private List<CrmObject> recordForUnknownCaller(ScreenPopRequest request, String number) {
        try {
            CrmObject record = unknownCallers.recordFor(number, callerOf(request, number));
            lookup.remember(number, record);
            return List.of(record);
        } catch (SalesforceApiException e) {
            LOG.warn("Salesforce adapter '{}': no {} created for an unknown caller: {}", settings.instance,
                    settings.createObject, e.getMessage());
            return List.of();
        }
    }

    /** The interaction to take the new record's fields from; a bare one when the request has none. */
    private static Interaction callerOf(ScreenPopRequest request, String number) {
        if (request.interaction != null && number.equals(request.interaction.ani())) {
            return request.interaction;
        }
        Interaction caller = new Interaction();
        caller.callerNumber = number;
        if (request.interaction != null) {
            caller.tenantId = request.interaction.tenantId;
            caller.interactionId = request.interaction.interactionId;
            caller.agentId = request.interaction.agentId;
            caller.callerName = request.interaction.callerName;
            caller.dnis = request.interaction.dnis;
        }
        return caller;
    }

    /** The agent linked the caller to a record: the next call from that number finds it without a search. */
    private void rememberCaller(Interaction interaction) {
        if (interaction != null && interaction.selectedName != null && interaction.ani() != null) {
            lookup.remember(interaction.ani(), interaction.selectedName);
        }
    }

    @Override
    public String toString() {
        return "SalesforceConnector[" + settings + "]";
    }
}
