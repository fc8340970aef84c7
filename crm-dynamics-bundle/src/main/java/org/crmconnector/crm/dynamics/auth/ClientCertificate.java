package org.crmconnector.crm.dynamics.auth;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * A certificate credential: a client assertion, a JWT signed RS256 with the
 * certificate's private key, whose header names the certificate by its
 * SHA-1 thumbprint ({@code x5t}) and whose audience is the token endpoint
 * (Microsoft Learn, "Microsoft identity platform application authentication
 * certificate credentials").
 */
public final class ClientCertificate implements ClientCredential {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    /** Entra ID accepts assertions valid for at most 10 minutes; they are made fresh per token request. */
    private static final long LIFETIME_SECONDS = 600;

    private final String clientId;
    private final PrivateKey key;
    private final String thumbprint;

    /**
     * @param certificatePem the X.509 certificate uploaded to the app registration
     * @param keyPem         its unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----})
     * @throws IllegalArgumentException describing the format problem, never the key
     */
    public ClientCertificate(String clientId, String certificatePem, String keyPem) {
        this.clientId = clientId;
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem(certificatePem, "CERTIFICATE")));
            this.thumbprint = URL.encodeToString(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("is not an X.509 certificate in PEM form");
        }
        try {
            this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyPem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("is not an unencrypted PKCS#8 RSA key (-----BEGIN PRIVATE KEY-----)");
        }
    }

    @Override
    public Map<String, String> formFields(String tokenEndpoint, Instant now) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5t\":\"" + thumbprint + "\"}";
        long t = now.getEpochSecond();
        String claims = "{\"aud\":\"" + tokenEndpoint + "\",\"iss\":\"" + clientId + "\",\"sub\":\"" + clientId
                + "\",\"jti\":\"" + UUID.randomUUID() + "\",\"nbf\":" + t + ",\"iat\":" + t + ",\"exp\":" + (t + LIFETIME_SECONDS) + "}";
        String signed = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return Map.of("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    "client_assertion", signed + "." + URL.encodeToString(rs256.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the client assertion: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "certificate";
    }

    /** The base64 between the PEM armour lines; line breaks lost in pasting do not matter. */
    private static byte[] pem(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text == null ? -1 : text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (to < 0) {
            throw new IllegalArgumentException("has no " + begin + " ... " + end + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a " + label + " block that is not base64");
        }
    }

    @Override
    public String toString() {
        return "ClientCertificate[x5t=" + thumbprint + "]";
    }
}
