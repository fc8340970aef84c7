package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfirmedActionTest {

    private final ConsolePage page = new ConsolePage(new ConsoleRequest(new Fakes.Request().proxy()), "t0ken", List.of(),
            Map.of());

    @Test
    void theQuestionCannotLeaveItsScriptStringOrTheAttribute() {
        String form = ConfirmedAction.form(page, "retryAll", "x", null, "Retry all",
                "Retry tenant x');alert(1);('\"><img src=x>?");
        int start = form.indexOf("confirm('") + "confirm('".length();
        String literal = form.substring(start, form.indexOf("')\"", start));
        // quotes would end the string or the attribute; markup inside a quoted attribute is only text
        for (String dangerous : new String[] {"'", "\""}) {
            assertFalse(literal.contains(dangerous), dangerous + " in " + literal);
        }
        assertTrue(literal.startsWith("Retry tenant x"), literal);
    }

    @Test
    void carriesTokenActionAndTenant() {
        String form = ConfirmedAction.form(page, "discard", "acme", 7L, "Discard", "Delete?");
        assertTrue(form.contains("action='/system/console/crm'"), form);
        assertTrue(form.contains("name='csrf' value='t0ken'"));
        assertTrue(form.contains("name='action' value='discard'"));
        assertTrue(form.contains("name='tenant' value='acme'"));
        assertTrue(form.contains("name='id' value='7'"));
    }
}
