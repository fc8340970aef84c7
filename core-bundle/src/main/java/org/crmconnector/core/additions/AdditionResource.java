package org.crmconnector.core.additions;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.LifecycleException;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.core.web.ApiResource;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.OutboxItem;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST interactions/{id}/additions}: a recording link, transcript or
 * summary for a finished interaction's CRM record. It is stored in the
 * outbox under the interaction's key, so it reaches the CRM after the log;
 * the caller's key makes it idempotent: a second post of a key stores
 * nothing and is answered as the first was.
 * <p>
 * The server knows an interaction for additions while its log waits in the
 * outbox, and for the tenant's {@code additions.retention.hours} after the
 * log reached the CRM (the outbox remembers when); a live interaction (its
 * final log still to come) is a 409, anything else a 404.
 */
@Component(service = ApiResource.class, property = ApiResource.ROUTE + "=" + AdditionResource.ROUTE)
public class AdditionResource implements ApiResource {

    /** Not a first segment: the API servlet hands it {@code interactions/{id}/additions}. */
    public static final String ROUTE = "interaction-additions";
    /** The path segment below an interaction. */
    public static final String SEGMENT = "additions";

    private final Outbox outbox;
    private final InteractionRegistry registry;
    private final Clock clock;

    @Activate
    public AdditionResource(@Reference Outbox outbox, @Reference InteractionRegistry registry) {
        this(outbox, registry, Clock.systemUTC());
    }

    public AdditionResource(Outbox outbox, InteractionRegistry registry, Clock clock) {
        this.outbox = outbox;
        this.registry = registry;
        this.clock = clock;
    }

    /** Whether the request is {@code interactions/{id}/additions}, which this resource answers. */
    public static boolean handles(ApiRequest req) {
        return req.depth() == 3 && "interactions".equals(req.segment(0)) && SEGMENT.equals(req.segment(2));
    }

    @Override
    public Object handle(ApiRequest req) {
        if (!handles(req)) {
            throw ApiException.notFound("use POST interactions/{interactionId}/additions");
        }
        req.requireMethod("POST");
        Tenant tenant = req.tenant();
        String interactionId = ApiRequest.checkId("interactionId", req.segment(1));
        InteractionAddition addition = addition(tenant.id(), interactionId, req.body(AdditionBody.class));
        store(tenant, addition);
        req.setStatus(202);
        return answer(addition);
    }

    /** Stores the addition unless it is stored already; refuses one the server cannot deliver. */
    void store(Tenant tenant, InteractionAddition addition) {
        Duration retention = tenant.additionsRetention();
        if (retention.isZero()) {
            throw new ApiException(403, "ADDITIONS_OFF", "tenant " + tenant.id()
                    + " takes no after-call additions (additions.retention.hours is 0)");
        }
        if (outbox.additionKnown(tenant.id(), addition)) {
            return; // the same addition again: stored or delivered once, answered as before
        }
        live(tenant, addition.interactionId).ifPresent(live -> {
            // its final log is still to come: an addition stored now would reach the CRM before it
            throw new ApiException(409, "INTERACTION_NOT_FINISHED", "interaction " + addition.interactionId + " is "
                    + live.state + "; additions are taken once it is finished (after wrap-up)");
        });
        String logKey = addition.logKey();
        if (!outbox.logWaiting(tenant.id(), logKey)) {
            Optional<Instant> reached = outbox.logReachedCrmAt(tenant.id(), logKey);
            if (reached.isEmpty()) {
                throw new ApiException(404, "UNKNOWN_INTERACTION", "no logged interaction " + logKey
                        + " is known for this tenant: it never existed, was never logged (e.g. an excluded number), "
                        + "or its additions window has passed");
            }
            if (reached.get().isBefore(clock.instant().minus(retention))) {
                throw new ApiException(404, "UNKNOWN_INTERACTION", "interaction " + logKey + " was logged more than "
                        + retention.toHours() + " hours ago; tenant " + tenant.id() + " takes additions for "
                        + retention.toHours() + " hours after the log (additions.retention.hours)");
            }
        }
        outbox.enqueue(tenant.id(), OutboxItem.Kind.ADDITION, logKey, addition);
    }

    /** The interaction while it is live; empty once finished (a tombstone) or unknown. */
    private Optional<Interaction> live(Tenant tenant, String interactionId) {
        if (!registry.knows(tenant.id(), interactionId)) {
            return Optional.empty();
        }
        try {
            return Optional.of(registry.get(tenant.id(), interactionId));
        } catch (LifecycleException finishedOrGone) {
            return Optional.empty();
        }
    }

    static InteractionAddition addition(String tenantId, String interactionId, AdditionBody body) {
        if (body == null) {
            throw ApiException.badRequest("MISSING_FIELD", "a JSON body {key, kind, url|text} is required");
        }
        InteractionAddition a = new InteractionAddition();
        a.tenantId = tenantId;
        a.interactionId = interactionId;
        if (body.key == null) {
            throw ApiException.badRequest("MISSING_FIELD", "key is required: the addition's idempotency key");
        }
        a.additionKey = ApiRequest.checkId("key", body.key);
        a.kind = kind(body.kind);
        if (body.leg != null && body.leg < 0) {
            throw ApiException.badRequest("INVALID_FIELD", "leg must be 0 or more");
        }
        a.legId = body.leg == null ? 0 : body.leg;
        a.url = body.url == null || body.url.isBlank() ? null : url(body.url.trim());
        a.text = body.text == null || body.text.isBlank() ? null : body.text;
        if (a.kind == InteractionAddition.Kind.RECORDING && a.url == null) {
            throw ApiException.badRequest("MISSING_FIELD", "a recording needs url");
        }
        if (a.kind != InteractionAddition.Kind.RECORDING && a.text == null) {
            throw ApiException.badRequest("MISSING_FIELD", "a " + body.kind + " needs text");
        }
        return a;
    }

    private static InteractionAddition.Kind kind(String kind) {
        if (kind == null) {
            throw ApiException.badRequest("MISSING_FIELD", "kind is required: recording, transcript or summary");
        }
        try {
            return InteractionAddition.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_FIELD", "kind '" + ApiException.clip(kind)
                    + "' is not one of recording, transcript, summary");
        }
    }

    /** Links go into CRM records agents click: absolute http(s) only. */
    private static String url(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme != null && (scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                    && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw ApiException.badRequest("INVALID_FIELD", "url must be an absolute http or https URL");
    }

    private static Map<String, Object> answer(InteractionAddition a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interactionId", a.interactionId);
        m.put("leg", a.legId);
        m.put("key", a.additionKey);
        m.put("kind", a.kind.name().toLowerCase(Locale.ROOT));
        m.put("status", "accepted");
        return m;
    }
}
