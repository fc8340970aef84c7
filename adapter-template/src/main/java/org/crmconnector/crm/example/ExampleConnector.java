package org.crmconnector.crm.example;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.Disposition;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPop;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.crm.example.api.ApiFailure;
import org.crmconnector.crm.example.api.ExampleApi;
import org.crmconnector.crm.support.calls.InstanceCalls;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.crm.support.phone.PhoneNumbers;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Example CRM adapter: a caller lookup by phone and activities upserted
 * by the interaction key. What every adapter keeps from it: one instance per
 * factory configuration, HTTP clients leased from the bundle's
 * {@link ExampleHttpClients} (threads grow with calls in flight, not with
 * instances), {@link InstanceCalls} so deactivation lets calls in flight
 * finish, delivery methods that never throw, and the key written into the
 * CRM being {@link InteractionLog#tenantKey()}.
 */
@Component(service = CrmConnector.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = "org.crmconnector.crm.example", property = CrmConnector.CRM_TYPE + "=example")
@Designate(ocd = ExampleConfig.class, factory = true)
public class ExampleConnector implements CrmConnector {

    private static final Duration DRAIN = Duration.ofSeconds(30);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ObjectMapper json = new ObjectMapper();
    private final SharedHttpClients clients;
    private String instance;
    private String base;
    private Duration lookupTimeout;
    private Duration requestTimeout;
    private SharedHttpClients.Lease http;
    private ExampleApi api;
    private InstanceCalls calls;

    /** @param clients the HTTP clients every instance of this bundle shares */
    @Activate
    public ExampleConnector(@Reference ExampleHttpClients clients) {
        this((SharedHttpClients) clients);
    }

    /** For tests, which hand in clients of their own. */
    ExampleConnector(SharedHttpClients clients) {
        this.clients = clients;
    }

    @Activate
    void activate(ExampleConfig config) {
        instance = config.crm_instance();
        lookupTimeout = Duration.ofMillis(config.timeout_lookup_ms());
        requestTimeout = Duration.ofMillis(config.timeout_request_ms());
        http = clients.lease(CONNECT_TIMEOUT);
        base = config.base_url().endsWith("/") ? config.base_url().substring(0, config.base_url().length() - 1) : config.base_url();
        api = new ExampleApi(http.client(), URI.create(base), config._api_token());
        calls = new InstanceCalls("Example adapter '" + instance + "'");
    }

    @Deactivate
    void deactivate() {
        try {
            calls.stop(DRAIN);
        } finally {
            http.close();
        }
    }

    @Override
    public ScreenPopResult screenPop(ScreenPopRequest request) throws CrmException {
        calls.enter();
        try {
            ScreenPopResult result = new ScreenPopResult();
            String number = request.ani;
            if (number == null || PhoneNumbers.significant(number).length() < PhoneNumbers.MIN_MATCH_DIGITS) {
                return result;
            }
            JsonNode found = api.send("GET", "/contacts?phone=" + URLEncoder.encode(number, StandardCharsets.UTF_8), null,
                    lookupTimeout);
            for (JsonNode c : found.path("results")) {
                if (PhoneNumbers.sameNumber(number, c.path("phone").asText())) {
                    CrmObject contact = new CrmObject(c.path("id").asText(), "Contact", c.path("name").asText(), true, false);
                    result.matches.add(contact);
                }
            }
            for (CrmObject match : result.matches) {
                match.url = base + "/contacts/" + segment(match.id);
            }
            if (result.match() == ScreenPopResult.Match.ONE) {
                result.pop = ScreenPop.url(result.matches.get(0).url, "_blank", result.matches.get(0).name);
            }
            return result;
        } catch (ApiFailure e) {
            throw e.toCrmException();
        } finally {
            calls.exit();
        }
    }

    @Override
    public DeliveryResult saveInteractionLog(InteractionLog log) {
        if (log.interaction == null || log.interaction.interactionId == null) {
            return DeliveryResult.cancel("interaction log without an interaction id");
        }
        return write(log.interaction, log.existingRecord, log.tenantKey(), null);
    }

    @Override
    public DeliveryResult setDisposition(DispositionUpdate update) {
        if (update.interaction == null) {
            return DeliveryResult.cancel("disposition update without an interaction");
        }
        return write(update.interaction, update.record, new InteractionLog(update.interaction, null).tenantKey(),
                update.dispositionCode);
    }

    /** An update of a known record by id, else an upsert by key: a second delivery never adds a record. */
    private DeliveryResult write(Interaction in, CrmRecordRef existing, String key, String disposition) {
        return calls.deliver(() -> upsert(in, existing, key, disposition));
    }

    private DeliveryResult upsert(Interaction in, CrmRecordRef existing, String key, String disposition) {
        try {
            ObjectNode body = json.createObjectNode()
                    .put("subject", in.subject)
                    .put("notes", in.comments)
                    .put("disposition", disposition != null ? disposition : in.dispositionCode)
                    .put("direction", in.direction == null ? null : in.direction.name())
                    .put("durationSeconds", in.durationSeconds);
            JsonNode record = existing != null && existing.id != null
                    ? api.send("PATCH", "/activities/" + segment(existing.id), body, requestTimeout)
                    : api.send("PUT", "/activities/" + segment(key), body, requestTimeout);
            String id = record.path("id").asText(null);
            return DeliveryResult.ok(id == null ? null : new CrmRecordRef("Activity", id, null));
        } catch (ApiFailure e) {
            return e.toDeliveryResult();
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The Example CRM has no free-text search; replace this with your CRM's. */
    @Override
    public List<CrmObject> search(SearchRequest request) {
        return new ArrayList<>();
    }

    @Override
    public List<Disposition> dispositions() {
        return List.of();
    }
}
