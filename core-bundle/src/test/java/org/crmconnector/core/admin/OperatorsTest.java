package org.crmconnector.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.crmconnector.core.tenant.ApiKeys;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.Test;

class OperatorsTest {

    private static Operators with(String... entries) {
        return new Operators(ComponentConfig.of(OperatorConfig.class, "_operator_keys", entries));
    }

    @Test
    void aKeyNamesItsOperator() {
        Operators ops = with("alice=" + ApiKeys.hash("alice-key-0123456789abcdef"),
                "bob=" + ApiKeys.hash("bob-key-0123456789abcdef").toUpperCase().replace("SHA256:", "sha256:"));
        assertEquals(Optional.of("alice"), ops.authenticate("alice-key-0123456789abcdef"));
        assertEquals(Optional.of("bob"), ops.authenticate("bob-key-0123456789abcdef"), "hex case does not matter");
        assertEquals(Optional.empty(), ops.authenticate("carol-key-0123456789abcdef"));
        assertEquals(Optional.empty(), ops.authenticate(""));
        assertEquals(Optional.empty(), ops.authenticate(null));
    }

    @Test
    void aMalformedEntryIsLeftOutAndTheOthersStillWork() {
        Operators ops = with("no-hash-here", "=" + ApiKeys.hash("k"), "bad name=" + ApiKeys.hash("k"),
                "dave=sha256:1234", "", "erin=" + ApiKeys.hash("erin-key-0123456789abcdef"));
        assertTrue(ops.any());
        assertEquals(Optional.of("erin"), ops.authenticate("erin-key-0123456789abcdef"));
        assertEquals(Optional.empty(), ops.authenticate("k"));
    }

    @Test
    void withoutOperatorsNobodyGetsIn() {
        Operators ops = with();
        assertFalse(ops.any());
        assertEquals(Optional.empty(), ops.authenticate("anything"));
    }
}
