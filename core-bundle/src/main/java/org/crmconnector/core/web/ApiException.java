package org.crmconnector.core.web;

/**
 * A request the HTTP layer itself refuses (credentials, method, media type,
 * body size, a resource path); becomes {@code {"error":{"code":..,"message":..}}}
 * with the status. What the engine refuses is a {@link org.crmconnector.core.refusal.Refusal}.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    /** Echo at most a little of what the client sent, so errors never amplify input. */
    public static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
