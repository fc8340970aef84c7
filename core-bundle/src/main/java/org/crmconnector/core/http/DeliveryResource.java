package org.crmconnector.core.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.TenantStats;
import org.crmconnector.core.outbox.UnloggedState;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.store.OutboxItem;

/**
 * The tenant's delivery state: {@code GET delivery} (outbox figures),
 * {@code GET dead-letters}, {@code POST dead-letters/{id}/retry},
 * {@code POST dead-letters/retry-all}, {@code DELETE dead-letters/{id}},
 * {@code GET unlogged[?limit=n]} (logs not in the CRM: pending, retrying, dead, cancelled).
 * Every call is scoped to the authenticated tenant by the outbox itself.
 */
final class DeliveryResource {

    private static final int UNLOGGED_DEFAULT_LIMIT = 100;
    private static final int UNLOGGED_MAX_LIMIT = 1000;

    private final Outbox outbox;

    DeliveryResource(Outbox outbox) {
        this.outbox = outbox;
    }

    Object handle(ApiRequest req) {
        String tenant = req.tenant().id();
        if (req.segment(0).equals("delivery")) {
            req.requireMethod("GET");
            if (req.depth() != 1) {
                throw ApiException.notFound("use GET delivery");
            }
            return stats(outbox.stats(tenant));
        }
        if (req.segment(0).equals("unlogged")) {
            req.requireMethod("GET");
            if (req.depth() != 1) {
                throw ApiException.notFound("use GET unlogged");
            }
            return unlogged(outbox.unlogged(tenant, limit(req.query("limit"))));
        }
        if (req.depth() == 1) {
            req.requireMethod("GET");
            return outbox.deadLetters(tenant).stream().map(DeliveryResource::deadLetter).toList();
        }
        if (req.depth() == 2 && req.segment(1).equals("retry-all")) {
            req.requireMethod("POST");
            return Map.of("retried", outbox.retryAll(tenant));
        }
        long id = deadLetterId(req.segment(1));
        if (req.depth() == 2) {
            req.requireMethod("DELETE");
            if (!outbox.discardDeadLetter(tenant, id)) {
                throw new ApiException(404, "UNKNOWN_DEAD_LETTER", "no dead letter " + id + " for this tenant");
            }
            return Map.of("discarded", id);
        }
        if (req.depth() == 3 && req.segment(2).equals("retry")) {
            req.requireMethod("POST");
            if (!outbox.retryDeadLetter(tenant, id)) {
                throw new ApiException(404, "UNKNOWN_DEAD_LETTER", "no dead letter " + id + " for this tenant");
            }
            return Map.of("retried", id);
        }
        throw ApiException.notFound("no such dead-letter resource");
    }

    private static int limit(String value) {
        if (value == null) {
            return UNLOGGED_DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= UNLOGGED_MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("INVALID_FIELD", "limit must be a number from 1 to " + UNLOGGED_MAX_LIMIT);
    }

    /** The tenant's logs not in the CRM, each with where it stands and, for dead letters, how to retry it. */
    static Map<String, Object> unlogged(List<Outbox.Unlogged> logs) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Outbox.Unlogged u : logs) {
            OutboxItem item = u.item();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interactionKey", item.orderingKey);
            m.put("interactionId", u.interaction() == null ? null : u.interaction().interactionId);
            m.put("agentId", u.interaction() == null ? null : u.interaction().agentId);
            m.put("finishReason", u.interaction() == null ? null : u.interaction().finishReason);
            m.put("state", UnloggedState.of(item).label);
            m.put("attempts", item.attempts);
            m.put("createdAt", item.createdAt);
            m.put("error", item.lastError);
            m.put("deadLetterId", item.status == OutboxItem.Status.DEAD ? item.id : null);
            m.put("retry", item.status == OutboxItem.Status.DEAD ? "POST dead-letters/" + item.id + "/retry" : null);
            entries.add(m);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", entries.size());
        answer.put("unlogged", entries);
        return answer;
    }

    private static long deadLetterId(String segment) {
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_FIELD", "a dead letter id is a number");
        }
    }

    static Map<String, Object> deadLetter(OutboxItem item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", item.id);
        m.put("kind", item.kind);
        m.put("interactionKey", item.orderingKey);
        m.put("attempts", item.attempts);
        m.put("createdAt", item.createdAt);
        m.put("error", item.lastError);
        return m;
    }

    static Map<String, Object> stats(TenantStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pending", s.pending());
        m.put("inFlight", s.inFlight());
        m.put("oldestPendingSeconds", s.oldestPendingAge() == null ? null : s.oldestPendingAge().toSeconds());
        m.put("delivered", s.delivered());
        m.put("failed", s.failed());
        m.put("dead", s.dead());
        return m;
    }
}
