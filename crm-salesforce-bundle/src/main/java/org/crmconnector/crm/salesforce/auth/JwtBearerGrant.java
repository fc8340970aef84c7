package org.crmconnector.crm.salesforce.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JWT bearer flow: an RS256-signed assertion naming the connected app
 * ({@code iss}), the user to act as ({@code sub}) and the login host
 * ({@code aud}), signed with the key whose certificate is uploaded to the app.
 */
public final class JwtBearerGrant implements TokenGrant {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** Salesforce rejects an {@code exp} more than three minutes ahead; two leave room for clock skew. */
    private static final Duration LIFETIME = Duration.ofMinutes(2);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String clientId;
    private final String username;
    private final String audience;
    private final PrivateKey privateKey;

    public JwtBearerGrant(String clientId, String username, String audience, PrivateKey privateKey) {
        this.clientId = clientId;
        this.username = username;
        this.audience = audience;
        this.privateKey = privateKey;
    }

    @Override
    public String formBody(Instant now) {
        return new FormBody()
                .add("grant_type", GRANT_TYPE)
                .add("assertion", assertion(now))
                .encode();
    }

    /** {@code base64url(header).base64url(claims).base64url(signature)}. */
    String assertion(Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", username);
        claims.put("aud", audience);
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        String signingInput = encode(Map.of("alg", "RS256")) + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the JWT assertion: " + e.getClass().getSimpleName(), e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "jwt_bearer";
    }

    @Override
    public String toString() {
        return "JwtBearerGrant[clientId=" + clientId + ", username=" + username + ", audience=" + audience + "]";
    }
}
