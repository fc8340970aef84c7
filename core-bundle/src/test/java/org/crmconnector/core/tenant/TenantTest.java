package org.crmconnector.core.tenant;

import static org.crmconnector.core.tenant.TenantConfigs.config;
import static org.crmconnector.core.tenant.TenantConfigs.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.crmconnector.interaction.Channel;
import org.crmconnector.softphone.PartnerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class TenantTest {

    static final String KEY1 = "k1-0123456789abcdef-ABCD";
    static final String KEY2 = "k2-fedcba9876543210-WXYZ";
    static final String KEY3 = "k3-new-0123456789abcdef0";

    static IllegalArgumentException rejected(Object... overrides) {
        return assertThrows(IllegalArgumentException.class, () -> tenant(overrides));
    }

    @Test
    void defaultsFromTheAnnotation() {
        Tenant t = tenant();
        assertEquals("acme", t.id());
        assertEquals("acme", t.displayName(), "display name falls back to the id");
        assertEquals("sf-prod", t.adapterInstance());
        assertEquals(List.of("Resolved", "Callback requested", "Escalated", "No answer"), t.dispositions());
        assertEquals(PopMoment.OFFERED, t.popMoment(Channel.VOICE));
        assertEquals(PopMoment.OFFERED, t.popMoment(Channel.CHAT));
        assertEquals(PopMoment.ACCEPTED, t.popMoment(Channel.EMAIL));
        assertEquals(PopMoment.ACCEPTED, t.popMoment(Channel.SOCIAL));
        assertEquals("_blank", t.popTarget());
        assertEquals("", t.popUrlTemplate());
        assertEquals("", t.popTitle());
        assertEquals("", t.popCommand());
        assertEquals("", t.allowedOrigin());
        assertEquals("", t.dialFrom());
        assertEquals(10000, t.maxLiveInteractions());
        assertFalse(t.hasKeys());
        assertFalse(t.acceptsKey("anything"));
        assertFalse(t.acceptsKey(""));
        assertFalse(t.acceptsKey(null));
        assertEquals("Tenant[acme -> sf-prod]", t.toString());
    }

    @Test
    void valuesAreTakenOver() {
        Tenant t = tenant("tenant_id", "  Acme_EU-2 ", "display_name", "Acme Europe", "adapter_instance", " sf-eu ",
                "dial_from", "+4930100", "pop_url_template", "https://crm/{ani}", "pop_target", "request-tab",
                "pop_title", "Caller", "pop_command", "openCustomer", "allowed_origin", "https://acme.my.crm",
                "max_live_interactions", 1, "dispositions", new String[] {" Sold ", "", "  ", "Lost"});
        assertEquals("Acme_EU-2", t.id(), "the id is trimmed");
        assertEquals("Acme Europe", t.displayName());
        assertEquals("sf-eu", t.adapterInstance(), "the adapter instance is trimmed");
        assertEquals("+4930100", t.dialFrom());
        assertEquals("https://crm/{ani}", t.popUrlTemplate());
        assertEquals("request-tab", t.popTarget());
        assertEquals("Caller", t.popTitle());
        assertEquals("openCustomer", t.popCommand());
        assertEquals("https://acme.my.crm", t.allowedOrigin());
        assertEquals(1, t.maxLiveInteractions());
        assertEquals(List.of("Sold", "Lost"), t.dispositions(), "trimmed, blanks dropped");
        assertThrows(UnsupportedOperationException.class, () -> t.dispositions().add("x"));
    }

    @Test
    void blankDisplayNameAndTargetFallBack() {
        Tenant t = tenant("display_name", "   ", "pop_target", " ");
        assertEquals("acme", t.displayName());
        assertEquals("_blank", t.popTarget());
    }

    @Test
    void nullAdapterInstanceBecomesEmpty() {
        assertEquals("", tenant("adapter_instance", null).adapterInstance());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "a b", "a/b", "a.b", "acme!", "\u00fcber", "a\u0000b",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badTenantIdIsRejectedNamingTheAttribute(String id) {
        IllegalArgumentException e = rejected("tenant_id", id);
        assertTrue(e.getMessage().contains("tenant.id"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "a-b_C9", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void goodTenantIdIsAccepted(String id) {
        assertEquals(id, tenant("tenant_id", id).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain-key", "sha256:xyz", "sha256:", "md5:0cc175b9c0f1b6a831c399e269772661",
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"})
    void badHashIsRejectedNamingTheAttribute(String hash) {
        IllegalArgumentException e = rejected("_api_key_hashes", new String[] {ApiKeys.hash(KEY1), hash});
        assertTrue(e.getMessage().contains("api.key.hashes"), e.getMessage());
        assertTrue(e.getMessage().contains("acme"), "names the tenant: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pop_voice", "pop_chat", "pop_email", "pop_social"})
    void badPopMomentIsRejectedNamingTheAttribute(String attribute) {
        IllegalArgumentException e = rejected(attribute, "sometimes");
        String name = attribute.replace('_', '.');
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertTrue(e.getMessage().contains("'sometimes'"), e.getMessage());
    }

    @Test
    void popMomentsAreCaseAndSpaceTolerant() {
        Tenant t = tenant("pop_voice", " NEVER ", "pop_chat", "Accepted", "pop_email", "offered", "pop_social", "never");
        assertEquals(PopMoment.NEVER, t.popMoment(Channel.VOICE));
        assertEquals(PopMoment.ACCEPTED, t.popMoment(Channel.CHAT));
        assertEquals(PopMoment.OFFERED, t.popMoment(Channel.EMAIL));
        assertEquals(PopMoment.NEVER, t.popMoment(Channel.SOCIAL));
    }

    @Test
    void popMomentParse() {
        assertEquals(PopMoment.OFFERED, PopMoment.parse("offered", "x"));
        assertEquals(PopMoment.ACCEPTED, PopMoment.parse("\tACCEPTED\n", "x"));
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> PopMoment.parse(null, "pop.chat"));
        assertTrue(nul.getMessage().startsWith("pop.chat must be offered, accepted or never"), nul.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PopMoment.parse("", "pop.chat"));
        assertThrows(IllegalArgumentException.class, () -> PopMoment.parse("ringing", "pop.chat"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void maxLiveBelowOneIsRejectedNamingTheAttribute(int max) {
        IllegalArgumentException e = rejected("max_live_interactions", max);
        assertTrue(e.getMessage().contains("max.live.interactions"), e.getMessage());
    }

    @Test
    void plainApiKeyIsHashedAndAccepted() {
        Tenant t = tenant("_api_key", KEY1);
        assertTrue(t.hasKeys());
        assertTrue(t.acceptsKey(KEY1));
        assertFalse(t.acceptsKey(KEY2));
        assertFalse(t.acceptsKey(ApiKeys.hash(KEY1)), "knowing the stored hash is not enough");
    }

    @Test
    void severalHashesAllowRotation() {
        Tenant t = tenant("_api_key_hashes", new String[] {ApiKeys.hash(KEY1), " " + ApiKeys.hash(KEY2).toUpperCase().replace("SHA256:", "sha256:") + " "});
        assertTrue(t.acceptsKey(KEY1), "the old key still works during rotation");
        assertTrue(t.acceptsKey(KEY2), "the new key works; hashes are trimmed and case-insensitive");
        assertFalse(t.acceptsKey("k3"));

        Tenant rotated = tenant("_api_key_hashes", new String[] {ApiKeys.hash(KEY2)}, "_api_key", KEY3);
        assertFalse(rotated.acceptsKey(KEY1), "the retired key is refused");
        assertTrue(rotated.acceptsKey(KEY2));
        assertTrue(rotated.acceptsKey(KEY3), "a plain key adds to the hashes");
    }

    @Test
    void wrongKeysAreRejected() {
        Tenant t = tenant("_api_key_hashes", new String[] {ApiKeys.hash(KEY1)});
        for (String wrong : new String[] {"", "k1", KEY1.toUpperCase(), KEY1 + " ", " " + KEY1, KEY1.substring(1)}) {
            assertFalse(t.acceptsKey(wrong), wrong);
        }
        assertFalse(t.acceptsKey(null));
    }

    @Test
    void partnerConfigIsTakenOverAndHandedOutAsCopy() {
        Tenant t = tenant("partner_id", "p1", "business_segment_id", "b2", "channel_origin_id", "c3");
        PartnerConfig pc = t.partnerConfig();
        assertEquals("p1", pc.partnerId);
        assertEquals("b2", pc.businessSegmentId);
        assertEquals("c3", pc.channelOriginId);
        pc.partnerId = "changed";
        pc.businessSegmentId = null;
        PartnerConfig again = t.partnerConfig();
        assertNotSame(pc, again);
        assertEquals("p1", again.partnerId);
        assertEquals("b2", again.businessSegmentId);
    }

    // ---- the DS constructor swaps a typed-in key for its hash in the stored configuration ----

    /** A ConfigurationAdmin holding one configuration, recording what it is updated with. */
    static final class FakeConfigAdmin {
        final Hashtable<String, Object> props = new Hashtable<>();
        final List<Dictionary<String, Object>> updates = new ArrayList<>();
        final ConfigurationAdmin admin;

        FakeConfigAdmin(String pid) {
            props.put(Constants.SERVICE_PID, pid);
            Configuration configuration = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Configuration.class}, (p, m, a) -> switch (m.getName()) {
                        case "getProperties" -> {
                            Hashtable<String, Object> copy = new Hashtable<>(props);
                            yield copy;
                        }
                        case "update" -> {
                            if (a != null && a.length == 1) {
                                @SuppressWarnings("unchecked")
                                Dictionary<String, Object> d = (Dictionary<String, Object>) a[0];
                                updates.add(d);
                            }
                            yield null;
                        }
                        case "getPid" -> pid;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
            admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ConfigurationAdmin.class}, (p, m, a) -> switch (m.getName()) {
                        case "listConfigurations" -> ((String) a[0]).equals("(" + Constants.SERVICE_PID + "=" + pid + ")")
                                ? new Configuration[] {configuration} : null;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    @Test
    void activationReplacesTheStoredKeyByItsHash() {
        FakeConfigAdmin cm = new FakeConfigAdmin("org.crmconnector.tenant~acme");
        cm.props.put(".api.key", KEY2);
        cm.props.put(".api.key.hashes", new String[] {ApiKeys.hash(KEY1)});
        Tenant t = new Tenant(config("_api_key", KEY2, "_api_key_hashes", new String[] {ApiKeys.hash(KEY1)}),
                Map.of(Constants.SERVICE_PID, "org.crmconnector.tenant~acme"), false, cm.admin);
        assertTrue(t.acceptsKey(KEY1));
        assertTrue(t.acceptsKey(KEY2));
        assertEquals(1, cm.updates.size());
        Dictionary<String, Object> stored = cm.updates.get(0);
        assertNull(stored.get(".api.key"), "the plain key is not kept");
        assertNull(stored.get("api.key.hashes"), "no hash stays where the service registry would publish it");
        assertEquals(List.of(ApiKeys.hash(KEY1), ApiKeys.hash(KEY2)), List.of((String[]) stored.get(".api.key.hashes")));
    }

    @Test
    void activationWithSingleStringHashAndNoDuplicates() {
        FakeConfigAdmin cm = new FakeConfigAdmin("pid1");
        cm.props.put(".api.key", KEY1);
        cm.props.put(".api.key.hashes", ApiKeys.hash(KEY1));
        new Tenant(config("_api_key", KEY1), Map.of(Constants.SERVICE_PID, "pid1"), false, cm.admin);
        assertEquals(List.of(ApiKeys.hash(KEY1)), List.of((String[]) cm.updates.get(0).get(".api.key.hashes")));
    }

    @Test
    void activationWithoutPlainKeyLeavesConfigurationAlone() {
        FakeConfigAdmin cm = new FakeConfigAdmin("pid1");
        Tenant t = new Tenant(config("_api_key_hashes", new String[] {ApiKeys.hash(KEY1)}), Map.of(Constants.SERVICE_PID, "pid1"),
                false, cm.admin);
        assertTrue(t.acceptsKey(KEY1));
        assertTrue(cm.updates.isEmpty());
    }

    @org.junit.jupiter.api.Test
    void anEmptyHashEntryFromTheConsoleFormIsIgnored() {
        Tenant t = TenantConfigs.tenant("_api_key_hashes", new String[] {""}, "_api_key", KEY1);
        org.junit.jupiter.api.Assertions.assertTrue(t.acceptsKey(KEY1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://*.example.com", "https://crm.example.com/path", "https://crm.example.com?x=1",
            "https://crm.example.com 'unsafe-inline'", "https://crm.example.com; script-src *", "crm.example.com",
            "javascript:alert(1)", "ftp://crm.example.com", "https://user@crm.example.com", "'self'", "null"})
    void allowedOriginIsOneOriginOrRefusedOnSave(String origin) {
        IllegalArgumentException e = rejected("allowed_origin", origin);
        assertTrue(e.getMessage().contains("allowed.origin"), e.getMessage());
    }

    @Test
    void allowedOriginIsWrittenAsBrowsersWriteIt() {
        assertEquals("https://crm.example.com", tenant("allowed_origin", " HTTPS://CRM.example.com/ ").allowedOrigin());
        assertEquals("https://crm.example.com", tenant("allowed_origin", "https://crm.example.com:443").allowedOrigin());
        assertEquals("http://localhost:8081", tenant("allowed_origin", "http://localhost:8081").allowedOrigin());
        assertEquals("", tenant("allowed_origin", "  ").allowedOrigin());
    }

    @Test
    void aPopUrlTemplateThatIsNoHttpUrlIsRefusedOnSave() {
        for (String template : new String[] {"javascript:alert(document.cookie)//{ani}", "data:text/html,x",
                "{cav.url}", "https://{cav.host}/"}) {
            IllegalArgumentException e = rejected("pop_url_template", template);
            assertTrue(e.getMessage().contains("tenant acme: pop.url.template"), e.getMessage());
        }
        IllegalArgumentException unknown = rejected("pop_url_template", "https://crm/{secret}");
        assertTrue(unknown.getMessage().contains("secret"), unknown.getMessage());
        assertEquals("https://crm/x?ani=%2B1", tenant("pop_url_template", " https://crm/x?ani={ani} ").popUrl()
                .expand(caller("+1"), null));
        assertNull(tenant().popUrl());
    }

    private static org.crmconnector.interaction.Interaction caller(String ani) {
        org.crmconnector.interaction.Interaction i = new org.crmconnector.interaction.Interaction();
        i.callerNumber = ani;
        return i;
    }

    // ---- hashes out of the service registry, weak keys, demo tenants ----

    @Test
    void hashesStillNamedWithoutTheDotAreAcceptedAndMovedBehindIt() {
        FakeConfigAdmin cm = new FakeConfigAdmin("pid1");
        cm.props.put("api.key.hashes", new String[] {ApiKeys.hash(KEY1)});
        cm.props.put(".api.key.hashes", new String[] {ApiKeys.hash(KEY2)});
        Tenant t = new Tenant(config("_api_key_hashes", new String[] {ApiKeys.hash(KEY2)}),
                Map.of(Constants.SERVICE_PID, "pid1", "api.key.hashes", new String[] {ApiKeys.hash(KEY1)}), false, cm.admin);
        assertTrue(t.acceptsKey(KEY1), "a configuration written before keeps working");
        assertTrue(t.acceptsKey(KEY2));
        Dictionary<String, Object> stored = cm.updates.get(0);
        assertNull(stored.get("api.key.hashes"), "the public property is gone from the stored configuration");
        assertEquals(List.of(ApiKeys.hash(KEY2), ApiKeys.hash(KEY1)), List.of((String[]) stored.get(".api.key.hashes")));
    }

    @Test
    void theHashesAttributeIsADotAttributeSoNoServicePropertyCarriesIt() throws Exception {
        // DS names a component property after the attribute: _api_key_hashes becomes .api.key.hashes, and DS
        // publishes no property whose name starts with a dot
        assertEquals(String[].class, TenantConfig.class.getMethod("_api_key_hashes").getReturnType());
        assertThrows(NoSuchMethodException.class, () -> TenantConfig.class.getMethod("api_key_hashes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo-key", "k1-0123456789abcdef", "0123456789abcdef0123456789abcde", "short key with spaces in it!",
            "\u00fcber-0123456789abcdef-0123456789"})
    void aWeakApiKeyIsRefusedWithTheReason(String weak) {
        IllegalArgumentException e = rejected("_api_key", weak);
        assertTrue(e.getMessage().contains("acme"), e.getMessage());
        assertTrue(e.getMessage().contains("128 bits") || e.getMessage().contains("printable ASCII"), e.getMessage());
    }

    @Test
    void aWeakKeyIsNotStoredEvenAsAHash() {
        FakeConfigAdmin cm = new FakeConfigAdmin("pid1");
        cm.props.put(".api.key", "demo-key");
        assertThrows(IllegalArgumentException.class,
                () -> new Tenant(config("_api_key", "demo-key"), Map.of(Constants.SERVICE_PID, "pid1"), false, cm.admin));
        assertTrue(cm.updates.isEmpty());
    }

    @Test
    void aDemoTenantIsLiveOnlyInADemoStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tenant(config("tenant_id", "demo", "demo_only", true), List.of(), false));
        assertTrue(e.getMessage().contains("--demo"), e.getMessage());
        assertEquals("demo", new Tenant(config("tenant_id", "demo", "demo_only", true), List.of(), true).id());
        assertEquals("acme", new Tenant(config(), List.of(), false).id(), "any other tenant in any start");
    }
}
