package org.crmconnector.crm.genericrest;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.Disposition;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.crm.genericrest.config.AttachmentTemplate;
import org.crmconnector.crm.genericrest.config.CallerCreation;
import org.crmconnector.crm.genericrest.config.ConnectorSettings;
import org.crmconnector.crm.genericrest.config.GenericRestConfig;
import org.crmconnector.crm.genericrest.config.GenericRestConfigurationCheck;
import org.crmconnector.crm.genericrest.config.LogTemplates;
import org.crmconnector.crm.genericrest.config.SettingsReader;
import org.crmconnector.crm.genericrest.config.TriggerRequest;
import org.crmconnector.crm.genericrest.http.GenericRestHttpClients;
import org.crmconnector.crm.genericrest.http.RestFailure;
import org.crmconnector.crm.genericrest.http.RestRequest;
import org.crmconnector.crm.genericrest.http.RestResponse;
import org.crmconnector.crm.genericrest.http.Sleeper;
import org.crmconnector.crm.genericrest.template.Values;
import org.crmconnector.crm.genericrest.template.Variables;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.crm.support.owner.OwnerLookupException;
import org.crmconnector.crm.support.phone.CreatedCallers;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A CRM reached over HTTP, described entirely by its configuration (one
 * factory configuration per CRM connection). The service property
 * {@code crm.instance} comes from the configuration attribute of that name.
 */
@Component(service = CrmConnector.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = GenericRestConfigurationCheck.FACTORY_PID,
        property = CrmConnector.CRM_TYPE + "=generic-rest")
@Designate(ocd = GenericRestConfig.class, factory = true)
public class GenericRestConnector implements CrmConnector {

    private static final Logger LOG = LoggerFactory.getLogger(GenericRestConnector.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SharedHttpClients clients;
    private final Clock clock;
    private final Sleeper sleeper;
    private volatile Connection connection;

    /** @param clients the HTTP clients every instance of this bundle shares, so threads do not grow with instances */
    @Activate
    public GenericRestConnector(@Reference GenericRestHttpClients clients) {
        this(clients, Clock.systemUTC(), Sleeper.THREAD);
    }

    /** For tests: a clock for token expiry and Retry-After dates, and waits that need not sleep. */
    GenericRestConnector(SharedHttpClients clients, Clock clock, Sleeper sleeper) {
        this.clients = clients;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Activate
    void activate(GenericRestConfig config) {
        ConnectorSettings settings = SettingsReader.read(config);
        connection = new Connection(settings, clients, clock, sleeper);
        LOG.info("Generic REST CRM '{}' active (authentication: {})", settings.instance(), settings.auth());
    }

    /**
     * Applies a changed configuration. A configuration that does not check
     * out is refused and the one in force stays, so a typo in the Web Console
     * never disconnects a working CRM.
     */
    @Modified
    void modified(GenericRestConfig config) {
        ConnectorSettings settings;
        try {
            settings = SettingsReader.read(config);
        } catch (IllegalArgumentException e) {
            Connection current = connection;
            LOG.error("Generic REST CRM '{}': configuration change refused, the previous configuration stays in force: {}",
                    current == null ? "?" : current.settings.instance(), e.getMessage());
            throw e;
        }
        Connection previous = connection;
        connection = new Connection(settings, clients, clock, sleeper);
        if (previous != null) {
            previous.retire();
        }
        LOG.info("Generic REST CRM '{}' reconfigured (authentication: {})", settings.instance(), settings.auth());
    }

    @Deactivate
    void deactivate() {
        Connection previous = connection;
        connection = null;
        if (previous != null) {
            previous.retire();
            LOG.info("Generic REST CRM '{}' stopped", previous.settings.instance());
        }
    }

    /** The settings in force, or null when not active. */
    ConnectorSettings settings() {
        Connection c = connection;
        return c == null ? null : c.settings;
    }

    // --- lookup and search

    @Override
    public ScreenPopResult screenPop(ScreenPopRequest request) throws CrmException {
        Connection c = acquire();
        if (c == null) {
            throw new CrmException("the generic REST adapter is not active", true);
        }
        try {
            ConnectorSettings s = c.settings;
            Values values = Variables.of(request.interaction, clock);
            if (request.ani != null && !request.ani.isBlank()) {
                values.put("ani", request.ani);
            }
            if (request.dnis != null && !request.dnis.isBlank()) {
                values.put("dnis", request.dnis);
            }
            if (request.attachedData != null) {
                request.attachedData.forEach((k, v) -> values.putIn("data", k, v));
            }
            ScreenPopResult result = new ScreenPopResult();
            if (s.lookup() != null && !s.lookup().onlyEmptyVariables(values)) {
                RestResponse response = call(c, s.lookup().render(values), "lookup");
                result.matches = read(s, response, values, "lookup");
            }
            String number = values.text("ani");
            if (result.matches.isEmpty() && s.callers() != null && CreatedCallers.wantsRecord(request, number)) {
                result.matches = recordForUnknownCaller(c, number, values);
            }
            s.pop().apply(result, values);
            return result;
        } finally {
            c.release();
        }
    }

    /**
     * The record made for this number, or a new one from the create request:
     * the one match, popped and made the log's Name by the engine. A failed
     * creation leaves no match, and the no-match pop applies.
     */
    private List<CrmObject> recordForUnknownCaller(Connection c, String number, Values values) {
        try {
            return List.of(c.createdCallers.once(number, () -> createRecord(c, values)));
        } catch (RestFailure e) {
            LOG.warn("Generic REST CRM '{}': no record created for an unknown caller: {}", c.settings.instance(),
                    e.getMessage());
            return List.of();
        }
    }

    private static CrmObject createRecord(Connection c, Values values) throws RestFailure {
        CallerCreation create = c.settings.callers();
        RestResponse response = c.rest.send(create.request().render(values));
        List<CrmObject> created;
        try {
            created = create.reader().read(response.body(), values);
        } catch (IOException e) {
            throw new RestFailure("the create answer is not JSON: " + e.getMessage(), false, response.status(), null, e);
        }
        if (created.isEmpty()) {
            throw new RestFailure("the create answer has no record id", false, response.status(), null, null);
        }
        return created.get(0);
    }

    @Override
    public List<CrmObject> search(SearchRequest request) throws CrmException {
        Connection c = acquire();
        if (c == null) {
            throw new CrmException("the generic REST adapter is not active", true);
        }
        try {
            ConnectorSettings s = c.settings;
            if (s.search() == null) {
                return List.of();
            }
            Values values = new Values().put("searchText", request.text).put("limit", (long) request.limit)
                    .put("tenantId", request.tenantId).put("now", clock.instant());
            List<CrmObject> found = read(s, call(c, s.search().render(values), "search"), values, "search");
            return request.limit > 0 && found.size() > request.limit ? new ArrayList<>(found.subList(0, request.limit))
                    : found;
        } finally {
            c.release();
        }
    }

    private static RestResponse call(Connection c, RestRequest request, String what) throws CrmException {
        try {
            return c.rest.send(request);
        } catch (RestFailure e) {
            throw new CrmException(what + " failed: " + e.getMessage(), e.isRetryable(), e);
        }
    }

    private static List<CrmObject> read(ConnectorSettings s, RestResponse response, Values values, String what)
            throws CrmException {
        try {
            return s.records().read(response.body(), values);
        } catch (IOException e) {
            throw new CrmException(what + " answer is not JSON: " + e.getMessage(), false, e);
        }
    }

    @Override
    public List<Disposition> dispositions() {
        // this adapter has no disposition list of its own: the tenant's list applies
        return List.of();
    }

    // --- deliveries

    @Override
    public DeliveryResult saveInteractionLog(InteractionLog log) {
        Connection c = acquire();
        if (c == null) {
            return DeliveryResult.retry("the generic REST adapter is not active");
        }
        try {
            LogTemplates t = c.settings.log();
            CrmRecordRef existing = log.existingRecord;
            if (t.create() == null) {
                LOG.debug("Interaction log {} not written: 'log.url' is empty", log.key());
                return DeliveryResult.ok(existing);
            }
            Values values = Variables.of(log.interaction, clock);
            try {
                values.put("ownerId", log.interaction == null ? null
                        : c.owners.ownerOf(log.interaction.tenantId, log.interaction.agentId));
            } catch (OwnerLookupException e) {
                return DeliveryResult.retry("Interaction log " + log.key() + ": the CRM user of agent '"
                        + log.interaction.agentId + "' could not be looked up: " + e.getMessage());
            }
            if (existing != null && existing.id != null) {
                if (t.update() == null) {
                    // written before and nothing to update with: writing again would duplicate it
                    LOG.debug("Interaction log {} already written as {}", log.key(), existing);
                    return DeliveryResult.ok(existing);
                }
                values.put("recordId", existing.id).put("recordType", existing.type);
                RestRequest request = t.update().render(values);
                c.rest.send(request);
                return DeliveryResult.ok(existing);
            }
            RestResponse response = c.rest.send(t.create().render(values));
            String id = t.idPointer() == null ? null : idAt(response.body(), t.idPointer());
            if (id == null) {
                if (t.idPointer() != null) {
                    LOG.warn("Interaction log {} written to '{}', but its answer has no id at {}: the wrap-up's update "
                            + "cannot update it", log.key(), c.settings.instance(), t.idPointer());
                }
                return DeliveryResult.ok();
            }
            values.put("recordId", id).put("recordType", t.recordType());
            String url = t.recordUrl() == null ? null : t.recordUrl().render(values).toString();
            return DeliveryResult.ok(new CrmRecordRef(t.recordType(), id, url));
        } catch (RestFailure e) {
            return failed("Interaction log " + log.key(), c, e);
        } finally {
            c.release();
        }
    }

    /**
     * Sends the configured attachment request with the addition's values. The
     * engine delivers at least once: a request that sets a field is repeated
     * harmlessly; one that adds something should pass {additionKey} where the
     * CRM deduplicates.
     */
    @Override
    public DeliveryResult saveAddition(InteractionAddition addition) {
        Connection c = acquire();
        if (c == null) {
            return DeliveryResult.retry("the generic REST adapter is not active");
        }
        try {
            AttachmentTemplate t = c.settings.attachments();
            String kind = addition.kind == null ? "unknown" : addition.kind.name().toLowerCase(Locale.ROOT);
            if (t == null || !t.kinds().contains(addition.kind)) {
                return DeliveryResult.cancel("'" + c.settings.instance() + "' takes no " + kind
                        + " additions (attachment.url, attachment.kinds)");
            }
            CrmRecordRef record = addition.record;
            if (t.request().uses("recordId") && (record == null || record.id == null)) {
                return DeliveryResult.cancel("the log of " + addition.logKey() + " named no record to add the " + kind
                        + " to (log.id.pointer)");
            }
            Values values = new Values().put("tenantId", addition.tenantId).put("interactionId", addition.interactionId)
                    .put("legId", (long) addition.legId).put("additionKind", kind).put("additionUrl", addition.url)
                    .put("additionText", addition.text).put("additionKey", addition.tenantKey())
                    .put("now", clock.instant());
            if (record != null) {
                values.put("recordId", record.id).put("recordType", record.type);
            }
            c.rest.send(t.request().render(values));
            return DeliveryResult.ok(record);
        } catch (RestFailure e) {
            return failed("Addition " + addition.key(), c, e);
        } finally {
            c.release();
        }
    }

    /**
     * The disposition travels in the log and in its update at wrap-up
     * ({disposition} in log.body and log.update.body), so the engine has no
     * separate disposition to send; should one come, it is refused plainly
     * rather than silently dropped.
     */
    @Override
    public DeliveryResult setDisposition(DispositionUpdate update) {
        return DeliveryResult.cancel("the generic REST adapter records the disposition with the log and its update "
                + "({disposition} in log.body / log.update.body); it has no separate disposition request");
    }

    /** Agents whose logs have no {ownerId}, per tenant, when an owner table or lookup is configured. */
    @Override
    public Map<String, Object> status() {
        Connection c = connection;
        if (c == null || !c.owners.isActive()) {
            return Map.of();
        }
        Map<String, Object> status = new LinkedHashMap<>();
        c.owners.addStatus(status);
        return status;
    }

    /** Only when web requests on triggers are configured; otherwise the engine need not store triggers for us. */
    @Override
    public boolean wantsTriggers() {
        Connection c = connection;
        return c != null && !c.settings.triggers().isEmpty();
    }

    /** Only with a log update request: without log.update.url a record, once written, stays as it is. */
    @Override
    public boolean updatesLogs() {
        Connection c = connection;
        return c == null || c.settings.log().update() != null;
    }

    @Override
    public DeliveryResult onTrigger(TriggerEvent event) {
        Connection c = acquire();
        if (c == null) {
            return DeliveryResult.retry("the generic REST adapter is not active");
        }
        try {
            Interaction in = event.interaction;
            Channel channel = in == null || in.channel == null ? Channel.VOICE : in.channel;
            Values values = null;
            for (TriggerRequest t : c.settings.triggers()) {
                if (!t.matches(event.trigger, channel)) {
                    continue;
                }
                if (values == null) {
                    values = Variables.of(in, clock).put("trigger", event.trigger.name().toLowerCase(Locale.ROOT));
                }
                try {
                    c.rest.send(t.request().render(values));
                } catch (RestFailure e) {
                    // stop here: the requests after this one may depend on it; a retry sends them all again
                    String of = in == null ? "" : " of " + in.interactionId;
                    return failed("Trigger " + event.trigger + of + " request triggers[" + t.index() + "]", c, e);
                }
            }
            return DeliveryResult.ok();
        } finally {
            c.release();
        }
    }

    private static DeliveryResult failed(String what, Connection c, RestFailure e) {
        String message = what + " not delivered to '" + c.settings.instance() + "': " + e.getMessage();
        if (e.refusedCredentials()) {
            // the log must outlive a wrong or revoked secret: it goes out once the configuration is fixed
            LOG.error("{}; the credentials were refused: the outbox keeps it until they are fixed", message);
            return DeliveryResult.retry(message);
        }
        if (e.isRetryable()) {
            LOG.warn("{}; the outbox will retry{}", message,
                    e.retryAfter() == null ? "" : " after " + e.retryAfter().toSeconds() + " s");
            return DeliveryResult.retry(message, e.retryAfter());
        }
        LOG.error("{}; not retried: the CRM refused it", message);
        return DeliveryResult.cancel(message);
    }

    private static String idAt(String body, JsonPointer pointer) {
        try {
            JsonNode root = MAPPER.readTree(body == null ? "" : body);
            if (root == null) {
                return null;
            }
            JsonNode id = root.at(pointer);
            return id.isValueNode() && !id.isNull() && !id.asText().isEmpty() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The connection in force, marked as in use; null when the adapter is not active. */
    private Connection acquire() {
        for (;;) {
            Connection c = connection;
            if (c == null) {
                return null;
            }
            if (c.acquire()) {
                return c;
            }
            // replaced between the read and the acquire: take the new one
        }
    }
}
