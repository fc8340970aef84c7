package org.crmconnector.crm.genericrest.auth;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.crmconnector.crm.support.http.Credentials;

/** Credentials that are one fixed header: basic, bearer token, API key. */
public final class HeaderAuthentication implements Authentication {

    private final String kind;
    private final String header;
    private final String value;

    private HeaderAuthentication(String kind, String header, String value) {
        this.kind = kind;
        this.header = header;
        this.value = value;
    }

    /** HTTP basic (RFC 7617), UTF-8. */
    public static HeaderAuthentication basic(String username, String password) {
        String pair = username + ":" + password;
        return new HeaderAuthentication("basic", "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code Authorization: <prefix> <token>}; the prefix is {@code Bearer} for most CRMs. */
    public static HeaderAuthentication bearer(String prefix, String token) {
        return new HeaderAuthentication("bearer", "Authorization", prefix.isEmpty() ? token : prefix + " " + token);
    }

    /** A key in a header of the CRM's choosing, e.g. {@code X-API-Key}. */
    public static HeaderAuthentication apiKey(String header, String key) {
        return new HeaderAuthentication("api key in " + header, header, key);
    }

    /** The header's value; fixed, so nothing to {@link Credentials#renew renew} when the CRM refuses it. */
    @Override
    public String current() {
        return value;
    }

    @Override
    public void apply(String credentials, HttpRequest.Builder request) {
        request.setHeader(header, credentials);
    }

    @Override
    public String describe() {
        return kind;
    }
}
