package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aSelectionTellsAMissingObjectIdFromAnExplicitNull() {
        InteractionResource.ObjectChoice missing = TestRequests.post("{}", "interactions", "i-1", "name-object")
                .body(InteractionResource.ObjectChoice.class);
        assertFalse(missing.named, "no objectId at all");
        InteractionResource.ObjectChoice none = TestRequests.post("{\"objectId\":null}", "interactions", "i-1",
                "name-object").body(InteractionResource.ObjectChoice.class);
        assertTrue(none.named, "an explicit null chooses None");
        assertNull(none.objectId);
        InteractionResource.ObjectChoice one = TestRequests.post("{\"objectId\":\"003\"}", "interactions", "i-1",
                "name-object").body(InteractionResource.ObjectChoice.class);
        assertTrue(one.named);
        assertEquals("003", one.objectId);
    }

    @Test
    void aSelectionsObjectIdIsBoundedLikeEveryId() {
        ApiException e = assertThrows(ApiException.class, () -> TestRequests.post(
                "{\"objectId\":\"" + "o".repeat(1025) + "\"}", "interactions", "i-1", "name-object")
                .body(InteractionResource.ObjectChoice.class));
        assertEquals("INVALID_FIELD", e.code());
    }
}
