package org.crmconnector.core.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.json.Json;
import org.crmconnector.core.ids.IdFormat;
import org.crmconnector.core.tenant.Tenant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One authenticated request: a tenant's (its path below the tenant) or an
 * operator's (its path below {@code /api/v1/admin}), its body, its answer.
 */
public final class ApiRequest {

    final HttpServletRequest http;
    final HttpServletResponse response;
    private final Tenant tenant;
    private final String operator;
    /** Path segments below {@code /api/v1/tenants/{tenantId}}. */
    private final List<String> path;
    private final long startNanos;
    private final Json json;
    private final int maxBody;

    public ApiRequest(HttpServletRequest http, HttpServletResponse response, Tenant tenant, List<String> path,
            Json json, int maxBody, long startNanos) {
        this(http, response, tenant, null, path, json, maxBody, startNanos);
    }

    private ApiRequest(HttpServletRequest http, HttpServletResponse response, Tenant tenant, String operator,
            List<String> path, Json json, int maxBody, long startNanos) {
        this.http = http;
        this.response = response;
        this.tenant = tenant;
        this.operator = operator;
        this.path = path;
        this.json = json;
        this.maxBody = maxBody;
        this.startNanos = startNanos;
    }

    /** An operator API request: {@code path} is below {@code /api/v1/admin}, and there is no tenant. */
    public static ApiRequest ofOperator(HttpServletRequest http, HttpServletResponse response, String operator,
            List<String> path, Json json, int maxBody, long startNanos) {
        return new ApiRequest(http, response, null, operator, path, json, maxBody, startNanos);
    }

    public Tenant tenant() {
        return tenant;
    }

    /** The operator's name from the operator API's configuration; null on a tenant request. */
    public String operator() {
        return operator;
    }

    /** When the request arrived, for the event-to-pop latency. */
    public long startNanos() {
        return startNanos;
    }

    public String method() {
        return http.getMethod();
    }

    /** Refuses with 405, naming the one method the resource takes. */
    public void requireMethod(String method) {
        if (!method().equals(method)) {
            response.setHeader("Allow", method);
            throw new ApiException(405, "METHOD_NOT_ALLOWED", method() + " is not allowed here; use " + method);
        }
    }

    /** Refuses with 405, naming the methods the resource takes. */
    public ApiException methodNotAllowed(String... allowed) {
        String allow = String.join(", ", allowed);
        response.setHeader("Allow", allow);
        return new ApiException(405, "METHOD_NOT_ALLOWED", method() + " is not allowed here; use " + allow);
    }

    /** The path segment {@code i} below the tenant (0 is the route), or null. */
    public String segment(int i) {
        return i < path.size() ? path.get(i) : null;
    }

    public int depth() {
        return path.size();
    }

    public String query(String name) {
        return http.getParameter(name);
    }

    /** The status of the answer when it is not 200, e.g. 202 for work taken but not done. */
    public void setStatus(int status) {
        response.setStatus(status);
    }

    /** An agent id from the query, checked like every id. */
    public String agentFromQuery(boolean required) {
        String agent = http.getParameter("agentId");
        if (agent == null) {
            if (required) {
                throw ApiException.badRequest("MISSING_FIELD", "the agentId query parameter is required");
            }
            return null;
        }
        return checkId("agentId", agent);
    }

    public static String checkId(String what, String value) {
        if (value == null || !IdFormat.ID.matcher(value).matches()) {
            throw ApiException.badRequest("INVALID_FIELD", what + " must be 1-128 letters, digits or . _ : @ -");
        }
        return value;
    }

    /** The JSON body as a {@code type}, its text within {@link FieldLimits}. */
    public <T> T body(Class<T> type) {
        return FieldLimits.check(json.read(bodyBytes(), type));
    }

    /** The JSON body as a tree, for messages whose shape depends on their content. */
    public JsonNode bodyTree() {
        return json.readTree(bodyBytes());
    }

    private byte[] bodyBytes() {
        if (!JsonMediaType.accepts(http.getContentType())) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE",
                    "the body must be application/json (or an application/*+json type)");
        }
        long declared = http.getContentLengthLong();
        if (declared > maxBody) {
            throw new ApiException(413, "BODY_TOO_LARGE", "the body is larger than " + maxBody + " bytes");
        }
        byte[] body;
        try (InputStream in = http.getInputStream()) {
            body = declared >= 0 ? readDeclared(in, (int) declared) : new LimitedInputStream(in, maxBody).readAllBytes();
        } catch (ApiException e) {
            throw e;
        } catch (IOException e) {
            throw ApiException.badRequest("INVALID_BODY", "the body could not be read");
        }
        checkUtf8(body);
        return body;
    }

    /** The body a Content-Length announced, read into one array of that size (HTTP ends it there). */
    private static byte[] readDeclared(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                throw new IOException("the body ended after " + read + " of " + length + " bytes");
            }
            read += n;
        }
        return body;
    }

    /**
     * JSON is UTF-8 (RFC 8259). Checked strictly before parsing: the parser
     * tolerates some malformed sequences (overlong forms that decode to '/',
     * stray bytes in field names), which must never reach the engine.
     */
    static void checkUtf8(byte[] body) {
        if (!StrictUtf8.isWellFormed(body)) {
            throw ApiException.badRequest("INVALID_JSON", "the body is not valid UTF-8");
        }
    }

    /** Stops reading a body sent without (or with a false) Content-Length once it passes the limit. */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new ApiException(413, "BODY_TOO_LARGE", "the body is larger than " + limit + " bytes");
            }
        }
    }
}
