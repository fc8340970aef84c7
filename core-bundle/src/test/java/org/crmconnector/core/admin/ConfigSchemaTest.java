package org.crmconnector.core.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.core.refusal.Refusal;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.junit.jupiter.api.Test;

/** Typing what a client sends by the metatype, as the Web Console's form does, and refusing what it could not hold. */
class ConfigSchemaTest {

    record Ad(String id, int type, int cardinality, String[] defaults, String[] options) implements AttributeDefinition {
        @Override
        public String getName() {
            return id;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public int getCardinality() {
            return cardinality;
        }

        @Override
        public int getType() {
            return type;
        }

        @Override
        public String[] getOptionValues() {
            return options;
        }

        @Override
        public String[] getOptionLabels() {
            return options;
        }

        @Override
        public String validate(String value) {
            return null;
        }

        @Override
        public String[] getDefaultValue() {
            return defaults;
        }
    }

    private static final List<Ad> ADS = List.of(
            new Ad("tenant.id", AttributeDefinition.STRING, 0, null, null),
            new Ad("pop.voice", AttributeDefinition.STRING, 0, new String[] {"offered"},
                    new String[] {"offered", "accepted", "never"}),
            new Ad("max.live", AttributeDefinition.INTEGER, 0, new String[] {"10"}, null),
            new Ad("timeout", AttributeDefinition.LONG, 0, new String[] {"600"}, null),
            new Ad("demo", AttributeDefinition.BOOLEAN, 0, new String[] {"false"}, null),
            new Ad("dispositions", AttributeDefinition.STRING, Integer.MAX_VALUE, new String[0], null),
            new Ad(".api.key", AttributeDefinition.PASSWORD, 0, new String[] {""}, null),
            new Ad(".api.key.hashes", AttributeDefinition.STRING, Integer.MAX_VALUE, new String[0], null));

    private static final ObjectClassDefinition OCD = new ObjectClassDefinition() {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public String getID() {
            return "test";
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            return ADS.stream().filter(a -> filter != REQUIRED || a.id().equals("tenant.id"))
                    .toArray(AttributeDefinition[]::new);
        }

        @Override
        public InputStream getIcon(int size) {
            return null;
        }
    };

    private final ConfigSchema schema = new ConfigSchema("org.example.test", OCD);

    private static Map<String, Object> sent(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private String refusal(Map<String, Object> sent) {
        return assertThrows(Refusal.class, () -> schema.typed(sent, "attributes.")).getMessage();
    }

    @Test
    void valuesAreTypedByTheMetatypeAndPrivateIdsTakeTheirDot() {
        Map<String, Object> typed = schema.typed(sent("pop.voice", "never", "max.live", 5, "timeout", 90, "demo", true,
                "dispositions", List.of("Done", "Later"), "api.key", "k"), "");
        assertEquals("never", typed.get("pop.voice"));
        assertEquals(5, typed.get("max.live"));
        assertEquals(90L, typed.get("timeout"));
        assertEquals(true, typed.get("demo"));
        assertArrayEquals(new String[] {"Done", "Later"}, (String[]) typed.get("dispositions"));
        assertEquals("k", typed.get(".api.key"));
        assertTrue(schema.isSecret(".api.key") && schema.isSecret(".api.key.hashes"));
        assertFalse(schema.isSecret("pop.voice"));
    }

    @Test
    void eachRefusalNamesTheAttribute() {
        assertTrue(refusal(sent("pop.voice", "sometimes")).startsWith("attributes.pop.voice must be one of offered"));
        assertTrue(refusal(sent("max.live", "ten")).startsWith("attributes.max.live must be an integer"));
        assertTrue(refusal(sent("max.live", 1.5)).startsWith("attributes.max.live must be an integer"));
        assertTrue(refusal(sent("max.live", 3_000_000_000L)).startsWith("attributes.max.live must be between"));
        assertTrue(refusal(sent("demo", "true")).startsWith("attributes.demo must be a boolean"));
        assertTrue(refusal(sent("dispositions", "Done")).startsWith("attributes.dispositions must be an array"));
        assertTrue(refusal(sent("dispositions", java.util.Arrays.asList("a", null))).startsWith("attributes.dispositions[1]"));
        assertTrue(refusal(sent("tenant.id", 42)).startsWith("attributes.tenant.id must be a string"));
        assertTrue(refusal(sent("colour", "red")).startsWith("attributes.colour is not an attribute of org.example.test"));
        assertTrue(refusal(sent("pop.voice", "x".repeat(ConfigSchema.MAX_TEXT + 1))).contains("longer than"));
    }

    @Test
    void aRequiredAttributeWithoutDefaultMustBeThere() {
        Refusal r = assertThrows(Refusal.class, () -> schema.requireAll(new HashMap<>(), "tenants[2].attributes."));
        assertEquals("MISSING_ATTRIBUTE", r.code());
        assertTrue(r.getMessage().startsWith("tenants[2].attributes.tenant.id is required"));
        schema.requireAll(new HashMap<>(Map.of("tenant.id", "acme")), "");
    }

    @Test
    void aNullAsksForRemoval() {
        Map<String, Object> typed = schema.typed(sent("api.key", null), "");
        assertTrue(typed.containsKey(".api.key"));
        assertEquals(null, typed.get(".api.key"));
    }
}
