package org.crmconnector.core.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PopUrlTemplateTest {

    private static Interaction call(String ani) {
        Interaction i = new Interaction();
        i.tenantId = "acme";
        i.interactionId = "c-1";
        i.agentId = "agent 7";
        i.callerNumber = ani;
        i.dnis = "800";
        i.channel = Channel.CHAT;
        i.cavs.add(new Cav("1", "account", "Customer", "A&B=1"));
        return i;
    }

    @Test
    void expandsEveryVariableUrlEncoded() {
        PopUrlTemplate t = PopUrlTemplate.parse(
                "https://crm/x?ani={ani}&dnis={dnis}&id={interactionId}&agent={agentId}&ch={channel}&r={recordId}&acc={cav.account}&t={tenantId}");
        assertEquals("https://crm/x?ani=%2B1%20555&dnis=800&id=c-1&agent=agent%207&ch=chat&r=rec%2F1&acc=A%26B%3D1&t=acme",
                t.expand(call("+1 555"), "rec/1"));
    }

    @Test
    void aCallerValueCannotChangeTheUrlStructure() {
        String url = PopUrlTemplate.parse("https://crm/search?q={ani}").expand(call("1&admin=true#frag?x=../"), null);
        assertEquals("https://crm/search?q=1%26admin%3Dtrue%23frag%3Fx%3D..%2F", url);
    }

    @Test
    void cavsMatchByGroupAndNameToo() {
        assertEquals("https://crm/?v=A%26B%3D1",
                PopUrlTemplate.parse("https://crm/?v={cav.Customer.account}").expand(call("1"), null));
        assertEquals("https://crm/?v=", PopUrlTemplate.parse("https://crm/?v={cav.missing}").expand(call("1"), null));
    }

    @Test
    void missingValuesExpandToNothing() {
        assertEquals("https://crm/?r=", PopUrlTemplate.parse("https://crm/?r={recordId}").expand(call(null), null));
    }

    @Test
    void unknownVariablesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PopUrlTemplate.parse("https://crm/{callerSecret}"));
        assertTrue(e.getMessage().contains("callerSecret"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(document.cookie)", "JavaScript:alert({ani})", "data:text/html,<script>",
            "vbscript:msgbox", "file:///etc/passwd", "{cav.url}", "//crm.example.com/{ani}", "/contacts/{ani}",
            "https://{cav.host}/x", "https://crm{cav.suffix}/x", "https:/crm/x", "ftp://crm/x", " https://crm/x"})
    void onlyHttpUrlsWithALiteralHostAreTemplates(String template) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PopUrlTemplate.parse(template));
        assertTrue(e.getMessage().contains("http:// or https://"), e.getMessage());
    }

    @Test
    void aCavCannotTurnThePopIntoAScript() {
        Interaction i = call("1");
        i.cavs.add(new Cav("2", "next", null, "javascript:alert(1)"));
        assertEquals("https://crm/go?to=javascript%3Aalert%281%29",
                PopUrlTemplate.parse("https://crm/go?to={cav.next}").expand(i, null));
        assertEquals("HTTPS://crm:8443#r", PopUrlTemplate.parse("HTTPS://crm:8443#r").expand(i, null));
    }
}
