package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesEverythingThatCouldOpenMarkupOrLeaveAnAttribute() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;",
                Html.esc("<script>alert('x')</script> & \"q\""));
        assertEquals("", Html.esc(null));
    }

    @Test
    void masksAllButTheLastFourDigits() {
        assertEquals("+\u2022\u2022\u2022\u2022\u2022\u2022\u20224567", Html.mask("+15551234567"));
        assertEquals("(\u2022\u2022\u2022) \u2022\u2022\u2022-4567", Html.mask("(555) 123-4567"));
        assertEquals("\u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022\u2022", Html.mask("John Smith"));
        assertEquals("12", Html.mask("12"));
        assertEquals("", Html.mask(null));
    }

    @Test
    void jsStringsCarryNoQuotesOrMarkup() {
        assertEquals("Retry \\u0027x\\u0027\\u003c", Html.js("Retry 'x'<"));
    }
}
