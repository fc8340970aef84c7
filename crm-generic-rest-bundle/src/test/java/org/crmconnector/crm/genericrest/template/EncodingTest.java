package org.crmconnector.crm.genericrest.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class EncodingTest {

    @Test
    void urlEncodingEscapesEverythingButUnreserved() {
        assertEquals("a%26b%3Dc%3Fx%3D1%23f%2F..%2F%20%25%7D%22%0A%C3%A6",
                Encoding.URL.encode("a&b=c?x=1#f/../ %}\"\næ"));
        assertEquals("AZaz09-._~", Encoding.URL.encode("AZaz09-._~"));
    }

    @Test
    void urlEncodingEscapesLoneDotSegments() {
        assertEquals("%2E%2E", Encoding.URL.encode(".."));
        assertEquals("%2E", Encoding.URL.encode("."));
        assertEquals("...", Encoding.URL.encode("..."));
    }

    @Test
    void formEncodingEscapesFieldSeparators() {
        assertEquals("a+b%26c%3Dd%0A", Encoding.FORM.encode("a b&c=d\n"));
    }

    @Test
    void headerEncodingRemovesLineBreaks() {
        String encoded = Encoding.HEADER.encode("x\r\nX-Injected: 1");
        assertFalse(encoded.contains("\n") || encoded.contains("\r"));
        assertEquals("x  X-Injected: 1", encoded);
    }

    @Test
    void textIsUnchanged() {
        assertEquals("a\"}\n", Encoding.TEXT.encode("a\"}\n"));
    }
}
