package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.TestRequests;
import org.junit.jupiter.api.Test;

/** The body limits reach into this package's own body types, which are not public. */
class InteractionBodiesTest {

    @Test
    void aPackagePrivateBodyIsCheckedLikeAnyOther() {
        String tooLong = "v".repeat(32_001);
        ApiException e = assertThrows(ApiException.class, () -> TestRequests.post(
                "{\"cavList\":[{\"id\":\"c-1\",\"value\":\"" + tooLong + "\"}]}", "interactions", "i-1", "cavs")
                .body(InteractionResource.CavList.class));
        assertEquals("INVALID_FIELD", e.code());
        assertEquals("cavList[0].value is longer than 32000 characters", e.getMessage());
    }
}
