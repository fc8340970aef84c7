package org.crmconnector.crm.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.crmconnector.crm.InteractionAddition.Kind;
import org.crmconnector.crm.dynamics.emulator.DataverseEmulator;
import org.crmconnector.testing.ConfigProperties;
import org.junit.jupiter.api.Test;

/** The settings of unknown-caller records and after-call additions are checked before they are saved. */
class ConfigurationTest {

    private static ConfigProperties<DynamicsConfig> config() {
        return DynamicsFixture.config("https://contoso.crm.dynamics.com").and(".client.secret", "s3cret");
    }

    private static String refusal(ConfigProperties<DynamicsConfig> config) {
        return assertThrows(IllegalArgumentException.class, () -> new DynamicsSettings(config.build())).getMessage();
    }

    @Test
    void theDefaultsCreateNothingAndAppendEveryKindToTheDescription() {
        DynamicsSettings settings = new DynamicsSettings(config().build());

        assertNull(settings.createObject);
        assertEquals("new_crmconnectorphone", settings.createAlternateKey);
        for (Kind kind : Kind.values()) {
            assertEquals("description", settings.additionFields.of(kind).name());
            assertTrue(settings.additionFields.of(kind).append());
        }
    }

    @Test
    void badValuesAreRefusedNamingTheAttribute() {
        assertTrue(refusal(config().and("create.object", "account")).contains("create.object must be contact, lead or empty"));
        assertTrue(refusal(config().and("create.fields", List.of("lastname={caller}")))
                .contains("create.fields unknown variable {caller}"));
        assertTrue(refusal(config().and("create.fields", List.of("LastName=x"))).contains("create.fields"));
        assertTrue(refusal(config().and("create.fields", List.of(""))).contains("create.fields sets no column"));
        assertTrue(refusal(config().and("create.fields", List.of("new_crmconnectorphone={ani}")))
                .contains("create.fields must not set the alternate key column"));
        assertTrue(refusal(config().and("create.alternateKey", "New Key")).contains("create.alternateKey"));
        assertTrue(refusal(config().and("addition.fields", List.of("video=description")))
                .contains("addition.fields 'video=description': the kind is recording, transcript or summary"));
        assertTrue(refusal(config().and("addition.fields", List.of("summary=Description+"))).contains("addition.fields"));
        assertTrue(refusal(config().and("addition.fields", List.of("summary=description+", "summary=new_summary")))
                .contains("addition.fields 'summary' is mapped twice"));
    }

    @Test
    void theConfigurationCheckRefusesWhatTheAdapterWould() {
        Map<String, Object> properties = Map.of("crm.instance", "contoso", "environment.url", "https://contoso.crm.dynamics.com",
                "auth.tenant", DataverseEmulator.TENANT, "client.id", DataverseEmulator.CLIENT_ID, ".client.secret", "s3cret",
                "create.object", "lead", "addition.fields", new String[] { "transcript=description" });
        new DynamicsConfigurationCheck().check(properties);

        Map<String, Object> bad = new java.util.HashMap<>(properties);
        bad.put("addition.fields", new String[] { "transcript" });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DynamicsConfigurationCheck().check(bad));
        assertTrue(e.getMessage().startsWith("Dynamics 365 adapter configuration: addition.fields"), e.getMessage());
    }
}
