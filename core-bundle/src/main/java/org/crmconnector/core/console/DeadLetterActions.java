package org.crmconnector.core.console;

import java.io.IOException;
import java.util.Map;

import org.crmconnector.core.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletResponse;

/** Retry or discard one dead letter, or retry all of a tenant's. Called only once {@link CsrfGuard} let the POST pass. */
final class DeadLetterActions {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterActions.class);

    private final Outbox outbox;

    DeadLetterActions(Outbox outbox) {
        this.outbox = outbox;
    }

    void handle(ConsoleRequest req, HttpServletResponse resp) throws IOException {
        String action = req.param("action");
        String tenant = req.param("tenant");
        String message;
        try {
            message = switch (action) {
                case "retry" -> outbox.retryDeadLetter(tenant, id(req))
                        ? "Dead letter " + id(req) + " of tenant " + tenant + " queued again"
                        : null;
                case "discard" -> outbox.discardDeadLetter(tenant, id(req))
                        ? "Dead letter " + id(req) + " of tenant " + tenant + " discarded"
                        : null;
                case "retryAll" -> outbox.retryAll(tenant) + " dead letters of tenant " + tenant + " queued again";
                default -> throw new IllegalArgumentException("unknown action '" + action + "'");
            };
        } catch (IllegalArgumentException e) {
            answer(req, resp, 400, e.getMessage(), false);
            return;
        }
        if (message == null) {
            answer(req, resp, 404, "Tenant " + tenant + " has no dead letter " + req.param("id"), false);
            return;
        }
        LOG.info("Console user '{}': {}", req.user(), message);
        answer(req, resp, 200, message, true);
    }

    private static long id(ConsoleRequest req) {
        try {
            return Long.parseLong(req.param("id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("id must be a number");
        }
    }

    /** JSON for scripts (Accept: application/json), else back to the page with the outcome. */
    private static void answer(ConsoleRequest req, HttpServletResponse resp, int status, String message, boolean ok)
            throws IOException {
        String accept = req.servletRequest().getHeader("Accept");
        if (accept != null && accept.contains("application/json")) {
            JsonAnswer.send(resp, status, Map.of(ok ? "done" : "error", message));
        } else {
            resp.setStatus(303);
            resp.setHeader("Location", req.pluginRoot() + "?" + (ok ? "done=" : "error=") + ConsoleRequest.query(message)
                    + "#delivery");
        }
    }
}
