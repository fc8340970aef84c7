package org.crmconnector.core.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonMediaTypeTest {

    @Test
    void jsonWithOrWithoutParametersIsJson() {
        assertTrue(JsonMediaType.accepts("application/json"));
        assertTrue(JsonMediaType.accepts("application/json; charset=utf-8"));
        assertTrue(JsonMediaType.accepts("Application/JSON;charset=UTF-8"));
        assertTrue(JsonMediaType.accepts(" application/json ; charset=\"utf-8\""));
    }

    @Test
    void structuredJsonTypesAreJson() {
        assertTrue(JsonMediaType.accepts("application/vnd.crm-connect+json"));
        assertTrue(JsonMediaType.accepts("application/merge-patch+json; charset=utf-8"));
    }

    @Test
    void aTypeThatOnlyStartsLikeJsonIsNot() {
        assertFalse(JsonMediaType.accepts("application/jsonx"));
        assertFalse(JsonMediaType.accepts("application/json-seq"));
        assertFalse(JsonMediaType.accepts("application/json+xml"));
        assertFalse(JsonMediaType.accepts("application/+json"));
        assertFalse(JsonMediaType.accepts("application/jsonp; charset=utf-8"));
        assertFalse(JsonMediaType.accepts("application/x-json+jsonx"));
    }

    @Test
    void otherTypesAndNoTypeAreNotJson() {
        assertFalse(JsonMediaType.accepts(null));
        assertFalse(JsonMediaType.accepts(""));
        assertFalse(JsonMediaType.accepts("text/json"));
        assertFalse(JsonMediaType.accepts("text/plain"));
        assertFalse(JsonMediaType.accepts("application/x-www-form-urlencoded"));
        assertFalse(JsonMediaType.accepts("multipart/form-data; boundary=json"));
    }
}
