package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void escapesEverythingThatCouldOpenMarkupOrLeaveAnAttribute() {
        String escaped = HtmlText.html("<script>alert('x')</script> & \"q\"");
        for (String dangerous : new String[] {"<", ">", "'", "\"", "& "}) {
            assertFalse(escaped.contains(dangerous), dangerous + " in " + escaped);
        }
        assertEquals("&lt;script&gt;", HtmlText.html("<script>"));
    }

    @Test
    void nothingIsEmptyNotTheWordNull() {
        assertEquals("", HtmlText.html(null));
        assertEquals("42", HtmlText.html(42));
    }
}
