package org.crmconnector.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** A body is read only when it is declared as JSON; a type that merely starts like JSON is refused. */
class ApiRequestMediaTypeTest {

    @Test
    void aLookAlikeOfJsonIsRefusedWith415() {
        for (String type : new String[] {"application/jsonx", "application/json-seq", "application/jsonp"}) {
            ApiException e = assertThrows(ApiException.class,
                    () -> TestRequests.postAs(type, "{\"a\":\"b\"}", "softphone", "incomingCall").body(Map.class), type);
            assertEquals(415, e.status());
            assertEquals("UNSUPPORTED_MEDIA_TYPE", e.code());
        }
    }

    @Test
    void jsonAndStructuredJsonWithParametersAreRead() {
        for (String type : new String[] {"application/json; charset=utf-8", "application/vnd.crm+json",
                "application/merge-patch+json;charset=UTF-8"}) {
            assertEquals("b", TestRequests.postAs(type, "{\"a\":\"b\"}", "softphone", "incomingCall").body(Map.class)
                    .get("a"), type);
        }
    }
}
