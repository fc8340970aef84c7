package org.crmconnector.core.avaya;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.TestRequests;
import org.junit.jupiter.api.Test;

/** The mapper's refusals, and only those, become 400 INVALID_FIELD with the mapper's message. */
class CrmConnectResourceTest {

    // no engine: every request here is refused before the resource would use one
    private final CrmConnectResource resource = new CrmConnectResource(null, null, null);

    @Test
    void aValueThatDoesNotFitIsRefusedNamingTheField() {
        ApiException e = assertThrows(ApiException.class, () -> resource.handle(TestRequests.post(
                "{\"type\":\"CRMConnectMessage\",\"action\":\"requestSaveInteractionLog\","
                        + "\"data\":{\"message\":{\"body\":{}}}}", "crm-connect", "messages")));
        assertEquals(400, e.status());
        assertEquals("INVALID_FIELD", e.code());
        assertEquals("requestSaveInteractionLog: interactionId is missing", e.getMessage());
    }

    @Test
    void aValueOverTheLimitIsRefusedNamingTheField() {
        ApiException e = assertThrows(ApiException.class, () -> resource.handle(TestRequests.post(
                "{\"type\":\"CRMConnectMessage\",\"action\":\"requestPerformInteractionScreenPop\","
                        + "\"data\":{\"aniValues\":[\"" + "5".repeat(32_001) + "\"]}}", "crm-connect", "messages")));
        assertEquals(400, e.status());
        assertEquals("INVALID_FIELD", e.code());
        assertEquals("requestPerformInteractionScreenPop: aniValues[0] is longer than 32000 characters",
                e.getMessage());
    }
}
