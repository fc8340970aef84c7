package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class CsrfGuardTest {

    private final CsrfGuard guard = new CsrfGuard(new byte[32]);
    private final String token = guard.token("admin");

    private Fakes.Request valid() {
        return new Fakes.Request().post().header("Origin", "http://localhost:19380").param("csrf", token);
    }

    @Test
    void tokenIsPerUserAndPerSecret() {
        assertNotEquals(token, guard.token("operator"));
        assertNotEquals(token, new CsrfGuard().token("admin"));
        assertEquals(token, guard.token("admin"));
    }

    @Test
    void acceptsTheOwnPageFormAndHeader() {
        assertEquals(Optional.empty(), guard.refusal(valid().proxy()));
        Fakes.Request upload = new Fakes.Request().header("Origin", "http://localhost:19380").header(CsrfGuard.HEADER, token);
        upload.method = "POST";
        upload.contentType = "application/java-archive";
        assertEquals(Optional.empty(), guard.refusal(upload.proxy()));
    }

    @Test
    void refusesMissingOrWrongTokens() {
        assertEquals("missing CSRF token", guard.refusal(valid().param("csrf", null).proxy()).orElseThrow());
        assertEquals("wrong CSRF token", guard.refusal(valid().param("csrf", "x" + token).proxy()).orElseThrow());
        Fakes.Request otherUser = valid();
        otherUser.remoteUser = "operator";
        assertEquals("wrong CSRF token", guard.refusal(otherUser.proxy()).orElseThrow());
    }

    @Test
    void refusesCrossOriginAndOriginlessPosts() {
        assertEquals("cross-origin request",
                guard.refusal(valid().header("Origin", "http://evil.example").proxy()).orElseThrow());
        assertEquals("cross-origin request",
                guard.refusal(valid().header("Origin", "http://localhost:19381").proxy()).orElseThrow());
        Fakes.Request noOrigin = valid();
        noOrigin.headers.remove("Origin");
        assertEquals("cross-origin request", guard.refusal(noOrigin.proxy()).orElseThrow());
        noOrigin.header("Referer", "http://localhost:19380/system/console/crm");
        assertTrue(guard.refusal(noOrigin.proxy()).isEmpty());
    }

    @Test
    void aRawUploadCannotCarryTheTokenAsAFormField() {
        Fakes.Request upload = new Fakes.Request().header("Origin", "http://localhost:19380").param("csrf", token);
        upload.method = "POST";
        upload.contentType = "application/java-archive";
        assertEquals("missing CSRF token", guard.refusal(upload.proxy()).orElseThrow());
    }

    @Test
    void usesTheWhiteboardUserAttributeWhenTheRequestNamesNoUser() {
        Fakes.Request r = valid();
        r.remoteUser = null;
        r.attributes.put(CsrfGuard.REMOTE_USER_ATTRIBUTE, "admin");
        assertTrue(guard.refusal(r.proxy()).isEmpty());
    }
}
