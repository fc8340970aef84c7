package org.crmconnector.core.http;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.crmconnector.core.streamtoken.StreamTokens;
import org.crmconnector.core.tenant.ApiKeys;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.web.ApiException;

/**
 * Who may make a tenant request. The tenant's API key, in the Authorization
 * header only, may do everything. A browser's EventSource cannot send that
 * header, so the two event streams also take {@code ?access_token=}: there
 * only a stream token for the very agent whose stream it is, never the key,
 * which must not sit in a browser, a URL, a proxy log or a Referer.
 */
final class Credentials {

    private final StreamTokens streamTokens;
    private final boolean queryTokens;

    /** @param queryTokens whether stream tokens are taken from the query at all ({@code allow.query.token}) */
    Credentials(StreamTokens streamTokens, boolean queryTokens) {
        this.streamTokens = streamTokens;
        this.queryTokens = queryTokens;
    }

    /**
     * @param tenant the tenant named by {@code tenantId}, empty when there is none
     * @param segments the whole path below {@code /api/v1}: tenants, the tenant's id, then the resource
     * @throws ApiException 401 unless the request may go on
     */
    void check(HttpServletRequest req, String tenantId, Optional<Tenant> tenant, List<String> segments) {
        String header = req.getHeader("Authorization");
        if (header != null) {
            String key = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
            if (key == null) {
                throw missing();
            }
            // an unknown tenant is checked against no key, so it costs the same as a wrong key
            if (!tenant.map(t -> t.acceptsKey(key)).orElseGet(() -> ApiKeys.matches(key, List.of()))) {
                throw new ApiException(401, "BAD_CREDENTIALS", "the API key is not valid for this tenant");
            }
            return;
        }
        String token = req.getParameter("access_token");
        if (token == null) {
            throw missing();
        }
        String agent = queryTokens && "GET".equals(req.getMethod()) ? streamAgent(req, segments) : null;
        if (agent == null) {
            throw new ApiException(401, "BAD_CREDENTIALS", "?access_token= is taken only on GET agents/{agentId}/events "
                    + "and GET softphone/callbacks?agentId=, and only as a stream token; send the tenant's API key "
                    + "as 'Authorization: Bearer <key>'");
        }
        streamTokens.refusal(token, tenantId, agent).ifPresent(reason -> {
            throw new ApiException(401, "BAD_CREDENTIALS", reason);
        });
    }

    /** The agent whose stream the request opens, or null when it opens none. */
    static String streamAgent(HttpServletRequest req, List<String> segments) {
        int n = segments.size();
        if (n == 5 && segments.get(2).equals("agents") && segments.get(4).equals("events")) {
            return segments.get(3);
        }
        if (n == 4 && segments.get(2).equals("softphone") && segments.get(3).equals("callbacks")) {
            // the same parameter the stream is opened for (its first value)
            return req.getParameter("agentId");
        }
        return null;
    }

    private static ApiException missing() {
        return new ApiException(401, "MISSING_CREDENTIALS", "send the tenant's API key as 'Authorization: Bearer <key>'");
    }
}
