package org.crmconnector.core.console;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Cross-site request forgery protection for the console's POSTs. The Web
 * Console authenticates with HTTP basic, which a browser sends along with any
 * cross-site form post, so authentication alone proves nothing about intent.
 * <p>
 * Two checks, both required: a token only our own page carries (HMAC-SHA256 of
 * the console user under a secret made at activation, so it is per user, needs
 * no session and dies with a restart), and an Origin (or, lacking it, Referer)
 * naming this very host.
 */
final class CsrfGuard {

    static final String HEADER = "X-CRM-CSRF";
    static final String FIELD = "csrf";
    /** Where the OSGi whiteboard puts the user authenticated by the context (the Web Console's). */
    static final String REMOTE_USER_ATTRIBUTE = "org.osgi.service.http.authentication.remote.user";

    private final byte[] secret;

    CsrfGuard() {
        this(newSecret());
    }

    CsrfGuard(byte[] secret) {
        this.secret = secret.clone();
    }

    /** The user the Web Console authenticated, or "" when it names none. */
    static String user(HttpServletRequest request) {
        String user = request.getRemoteUser();
        if (user == null) {
            Object attr = request.getAttribute(REMOTE_USER_ATTRIBUTE);
            user = attr == null ? null : attr.toString();
        }
        return user == null ? "" : user;
    }

    String token(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Why the request must be refused, or empty when it may go ahead. */
    Optional<String> refusal(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return Optional.of("state changes need POST");
        }
        String given = request.getHeader(HEADER);
        if (given == null || given.isEmpty()) {
            // the form field only for form posts: reading parameters of a raw upload would consume its body
            String type = request.getContentType();
            if (type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
                given = request.getParameter(FIELD);
            }
        }
        if (given == null || given.isEmpty()) {
            return Optional.of("missing CSRF token");
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token(user(request)).getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("wrong CSRF token");
        }
        return sameOrigin(request) ? Optional.empty() : Optional.of("cross-origin request");
    }

    /** Origin, or Referer when the browser sent no Origin, must name the host the request came to. */
    static boolean sameOrigin(HttpServletRequest request) {
        String source = request.getHeader("Origin");
        if (source == null || source.isEmpty() || "null".equals(source)) {
            source = request.getHeader("Referer");
        }
        if (source == null || source.isEmpty()) {
            return false;
        }
        String host = request.getHeader("Host");
        if (host == null || host.isEmpty()) {
            return false;
        }
        try {
            URI uri = new URI(source);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host) && (uri.getScheme().equals("http") || uri.getScheme().equals("https"));
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] newSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
