package org.crmconnector.crm.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResponseTextTest {

    @Test
    void aBodyBecomesOneShortLine() {
        assertEquals("<html> <body>Bad gateway</body> </html>",
                ResponseText.abbreviate("<html>\n  <body>Bad gateway</body>\n</html>\n", 100));
        assertEquals("abc...", ResponseText.abbreviate("abcdef", 3));
        assertEquals("abc", ResponseText.abbreviate("abc", 3));
    }

    @Test
    void noBodyIsNoText() {
        assertEquals("", ResponseText.abbreviate(null, 10));
        assertEquals("", ResponseText.abbreviate(" \n\t", 10));
    }
}
