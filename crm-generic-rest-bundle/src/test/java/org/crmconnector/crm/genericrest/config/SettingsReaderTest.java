package org.crmconnector.crm.genericrest.config;

import static org.crmconnector.crm.genericrest.testing.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.crmconnector.crm.Trigger;
import org.crmconnector.interaction.Channel;
import org.junit.jupiter.api.Test;

/** Every kind of bad configuration is refused with a message naming the attribute. */
class SettingsReaderTest {

    private static InvalidConfigurationException refused(Object... keyValues) {
        List<Object> all = new ArrayList<>(List.of("crm.instance", "t1"));
        all.addAll(List.of(keyValues));
        return assertThrows(InvalidConfigurationException.class, () -> SettingsReader.read(config(all.toArray())));
    }

    private static void assertRefused(String attribute, String messagePart, Object... keyValues) {
        InvalidConfigurationException e = refused(keyValues);
        assertEquals(attribute, e.attribute(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + attribute + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void minimalConfigurationIsAccepted() {
        ConnectorSettings s = SettingsReader.read(config("crm.instance", "demo"));
        assertEquals("demo", s.instance());
        assertNull(s.lookup());
        assertNull(s.log().create());
        assertTrue(s.triggers().isEmpty());
    }

    @Test
    void instanceName() {
        assertRefused("crm.instance", "letters", "crm.instance", "");
        assertRefused("crm.instance", "letters", "crm.instance", "a b");
    }

    @Test
    void badTemplateSyntax() {
        assertRefused("lookup.url", "unclosed", "lookup.url", "https://crm.example.com/c?phone={ani");
        assertRefused("pop.title", "bad variable name", "pop.title", "{a b}");
    }

    @Test
    void unknownVariable() {
        assertRefused("lookup.url", "unknown variable {phone}", "lookup.url", "https://crm.example.com/c?p={phone}");
        assertRefused("log.body", "unknown variable {note}", "log.url", "https://crm.example.com/a", "log.body",
                "{\"n\":\"{note}\"}");
        assertRefused("http.headers[0]", "unknown variable {ani}", "http.headers", new String[] {"X-Caller: {ani}"});
        assertRefused("search.url", "unknown variable {ani}", "search.url", "https://crm.example.com/s?q={ani}");
    }

    @Test
    void badJsonBody() {
        assertRefused("log.body", "not valid JSON", "log.url", "https://crm.example.com/a", "log.body",
                "{\"seconds\": {durationSeconds}}");
        assertRefused("log.update.body", "not valid JSON", "log.url", "https://crm.example.com/a",
                "log.update.url", "https://crm.example.com/a/{recordId}", "log.update.body", "{\"d\":");
    }

    @Test
    void bodyOnGetIsRefused() {
        assertRefused("lookup.body", "GET", "lookup.url", "https://crm.example.com/c", "lookup.body", "{\"q\":\"{ani}\"}");
    }

    @Test
    void badJsonPointer() {
        assertRefused("lookup.records.pointer", "JSON Pointer", "lookup.records.pointer", "results");
        assertRefused("log.id.pointer", "JSON Pointer", "log.id.pointer", "data.id");
        assertRefused("lookup.record.id.pointer", "must not be empty", "lookup.record.id.pointer", "");
    }

    @Test
    void badUrl() {
        assertRefused("lookup.url", "http", "lookup.url", "ftp://crm.example.com/c");
        assertRefused("lookup.url", "not a valid URL", "lookup.url", "https://crm.example.com/a b");
        assertRefused("log.url", "absolute", "log.url", "crm.example.com/activities");
        assertRefused("lookup.url", "literal host", "lookup.url", "https://{cav.host}/c");
        assertRefused("lookup.url", "literal host", "lookup.url", "{cav.url}");
        assertRefused("pop.none.url", "literal host", "pop.none.url", "https://crm.example.com{cav.path}");
        assertRefused("lookup.url", "base.url", "lookup.url", "/contacts");
        assertRefused("base.url", "absolute", "base.url", "example.com");
        assertRefused("base.url", "variables", "base.url", "https://{tenantId}.example.com");
    }

    @Test
    void popAndRecordUrlsThatAreNoHttpUrlsAreRefusedOnSave() {
        for (String attribute : new String[] {"pop.one.url", "pop.many.url", "pop.none.url", "lookup.record.url.template",
                "log.record.url.template"}) {
            for (String url : new String[] {"javascript:alert(document.cookie)", "JAVASCRIPT:alert(1)",
                    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox"}) {
                assertRefused(attribute, "http", attribute, url);
            }
        }
    }

    @Test
    void relativeUrlsUseTheBaseUrl() {
        ConnectorSettings s = SettingsReader.read(config("crm.instance", "t", "base.url", "https://api.example.com/",
                "lookup.url", "/v1/contacts?phone={ani}"));
        assertEquals("https://api.example.com/v1/contacts?phone={ani}", s.lookup().url().source());
    }

    @Test
    void badMethodAndOptions() {
        assertRefused("lookup.method", "GET, POST", "lookup.url", "https://crm.example.com/c", "lookup.method", "FETCH");
        assertRefused("lookup.body.type", "json, form", "lookup.url", "https://crm.example.com/c", "lookup.method",
                "POST", "lookup.body", "a=1", "lookup.body.type", "xml");
        assertRefused("auth.type", "none, basic", "auth.type", "kerberos");
    }

    @Test
    void badHeaders() {
        assertRefused("lookup.headers[1]", "Name: value", "lookup.url", "https://crm.example.com/c", "lookup.headers",
                new String[] {"X-A: 1", "no colon"});
        assertRefused("log.headers[0]", "not a valid header name", "log.url", "https://crm.example.com/c",
                "log.headers", new String[] {"X A: 1"});
        assertRefused("http.headers[0]", "set by the HTTP client", "http.headers", new String[] {"Host: evil"});
    }

    @Test
    void missingCredentialsNameTheirAttribute() {
        assertRefused(".auth.token", "must not be empty", "auth.type", "bearer");
        assertRefused("auth.username", "must not be empty", "auth.type", "basic", ".auth.password", "p");
        assertRefused(".auth.password", "must not be empty", "auth.type", "basic", "auth.username", "u");
        assertRefused(".auth.apikey.value", "must not be empty", "auth.type", "apikey");
        assertRefused("auth.apikey.header", "header name", "auth.type", "apikey", "auth.apikey.header", "",
                ".auth.apikey.value", "k");
        assertRefused("auth.oauth2.token.url", "absolute", "auth.type", "oauth2", "auth.oauth2.client.id", "c",
                ".auth.oauth2.client.secret", "s");
        assertRefused(".auth.oauth2.refresh.token", "must not be empty", "auth.type", "oauth2", "auth.oauth2.client.id",
                "c", ".auth.oauth2.client.secret", "s", "auth.oauth2.token.url", "https://id.example.com/token",
                "auth.oauth2.grant", "refresh_token");
    }

    @Test
    void secretsAreNotEchoedInMessages() {
        InvalidConfigurationException e = refused("auth.type", "bearer", ".auth.token", "tok\nsecret");
        assertEquals(".auth.token", e.attribute());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        ConnectorSettings s = SettingsReader.read(config("crm.instance", "t", "auth.type", "basic", "auth.username",
                "u", ".auth.password", "pw-secret"));
        assertFalse(s.auth().toString().contains("pw-secret"));
    }

    @Test
    void badNumbers() {
        assertRefused("http.max.attempts", "at least 1", "http.max.attempts", 0);
        assertRefused("http.request.timeout.ms", "at least 1", "http.request.timeout.ms", -5);
        assertRefused("http.backoff.initial.ms", "negative", "http.backoff.initial.ms", -1);
    }

    @Test
    void triggerEntriesAreParsed() {
        ConnectorSettings s = SettingsReader.read(config("crm.instance", "t", "triggers", new String[] {
            "{\"trigger\":\"ringing\",\"channel\":\"voice\",\"url\":\"https://crm.example.com/ring?ani={ani}\"}",
            "{\"trigger\":\"ended\",\"json\":{\"id\":\"{interactionId}\"},\"url\":\"https://crm.example.com/end\","
                    + "\"headers\":{\"X-Agent\":\"{agentId}\"}}",
            ""}));
        assertEquals(2, s.triggers().size());
        TriggerRequest ring = s.triggers().get(0);
        assertEquals(Trigger.OFFERED, ring.trigger());
        assertEquals(Channel.VOICE, ring.channel());
        assertEquals("GET", ring.request().method());
        TriggerRequest end = s.triggers().get(1);
        assertEquals("POST", end.request().method(), "a body means POST unless said otherwise");
        assertNull(end.channel(), "no channel means all");
        assertNotNull(end.request().body());
    }

    @Test
    void badTriggerEntries() {
        assertRefused("triggers[0]", "not a JSON object", "triggers", new String[] {"ended|voice|POST|https://x/"});
        assertRefused("triggers[0]", "not offered, accepted", "triggers",
                new String[] {"{\"trigger\":\"ring\",\"url\":\"https://crm.example.com/\"}"});
        assertRefused("triggers[0]", "\"trigger\" is missing", "triggers",
                new String[] {"{\"url\":\"https://crm.example.com/\"}"});
        assertRefused("triggers[0]", "\"channel\"", "triggers",
                new String[] {"{\"trigger\":\"ended\",\"channel\":\"fax\",\"url\":\"https://crm.example.com/\"}"});
        assertRefused("triggers[0]", "unknown field \"hedaers\"", "triggers",
                new String[] {"{\"trigger\":\"ended\",\"url\":\"https://crm.example.com/\",\"hedaers\":{}}"});
        assertRefused("triggers[0]", "\"url\" is missing", "triggers", new String[] {"{\"trigger\":\"ended\"}"});
        assertRefused("triggers[1]", "\"url\": ", "triggers", new String[] {
            "{\"trigger\":\"ended\",\"url\":\"https://crm.example.com/\"}",
            "{\"trigger\":\"ended\",\"url\":\"https://crm.example.com/?a={nope}\"}"});
        assertRefused("triggers[0]", "GET request has no body", "triggers", new String[] {
            "{\"trigger\":\"ended\",\"method\":\"GET\",\"url\":\"https://crm.example.com/\",\"form\":\"a={ani}\"}"});
        assertRefused("triggers[0]", "not both", "triggers", new String[] {
            "{\"trigger\":\"ended\",\"url\":\"https://crm.example.com/\",\"form\":\"a=1\",\"json\":{}}"});
        assertRefused("triggers[0]", "\"json\": unknown variable", "triggers", new String[] {
            "{\"trigger\":\"ended\",\"url\":\"https://crm.example.com/\",\"json\":{\"a\":\"{nope}\"}}"});
        assertRefused("triggers[0]", "header \"X-A\"", "triggers", new String[] {
            "{\"trigger\":\"ended\",\"url\":\"https://crm.example.com/\",\"headers\":{\"X-A\":\"{nope}\"}}"});
        assertRefused("triggers[0]", "\"credentials\" must be true or false", "triggers", new String[] {
            "{\"trigger\":\"ended\",\"url\":\"https://crm.example.com/\",\"credentials\":\"yes\"}"});
    }

    @Test
    void credentialsGoOnlyToTheCrmsOwnOriginsUnlessATriggerSaysOtherwise() {
        ConnectorSettings s = SettingsReader.read(config("crm.instance", "t", "base.url", "https://crm.example.com/api",
                "auth.type", "bearer", ".auth.token", "tok",
                "log.url", "https://logs.example.com:8443/activities",
                "triggers", new String[] {
                    "{\"trigger\":\"ended\",\"url\":\"/hangup\"}",
                    "{\"trigger\":\"ended\",\"url\":\"HTTPS://CRM.example.com:443/other\"}",
                    "{\"trigger\":\"ended\",\"url\":\"https://logs.example.com:8443/hook\"}",
                    "{\"trigger\":\"ended\",\"url\":\"https://hooks.example.net/ring\"}",
                    "{\"trigger\":\"ended\",\"url\":\"http://crm.example.com/plain\"}",
                    "{\"trigger\":\"ended\",\"url\":\"https://hooks.example.net/trusted\",\"credentials\":true}",
                    "{\"trigger\":\"ended\",\"url\":\"/quiet\",\"credentials\":false}"}));
        assertTrue(s.log().create().withCredentials(), "the CRM's own requests always carry them");
        assertEquals(List.of(true, true, true, false, false, true, false),
                s.triggers().stream().map(t -> t.request().withCredentials()).toList(),
                "base.url's origin, the same origin spelled differently, the log URL's origin, another host, "
                        + "another scheme, an explicit yes, an explicit no");
    }
}
