package org.crmconnector.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

class NodeIdentityTest {

    @Test
    void aConfiguredIdIsTakenAsItIsTrimmed() {
        assertEquals("node-a", new NodeIdentity(" node-a ", "host", Paths.get("/srv/a/data")).id());
    }

    @Test
    void aConfiguredIdThatIsNoPlainNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NodeIdentity("node a/../b", "host", Paths.get("/srv/a/data")));
        assertTrue(e.getMessage().contains("node.id"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodeIdentity.of("x".repeat(65)));
    }

    @Test
    void withoutOneTheIdIsTheHostAndTheDataFolderStableAcrossRestarts() {
        String first = new NodeIdentity("", "app-1.example", Paths.get("/srv/a/data")).id();
        assertEquals(first, new NodeIdentity(null, "app-1.example", Paths.get("/srv/a/../a/data")).id(),
                "the same folder, however it is written, is the same node");
        assertTrue(first.matches("app-1\\.example-[0-9a-f]{8}"), first);
        assertNotEquals(first, new NodeIdentity("", "app-1.example", Paths.get("/srv/b/data")).id(),
                "two servers on one host differ by their folders");
        assertNotEquals(first, new NodeIdentity("", "app-2.example", Paths.get("/srv/a/data")).id());
    }

    @Test
    void aDerivedIdIsAValidIdWhateverTheHostIsCalled() {
        String id = NodeIdentity.derived("weird host!" + "h".repeat(80), Paths.get("/d"));
        assertTrue(id.length() <= 64, id);
        assertEquals(id, NodeIdentity.of(id).id());
        assertTrue(NodeIdentity.derived(null, Paths.get("/d")).startsWith("node-"));
    }
}
