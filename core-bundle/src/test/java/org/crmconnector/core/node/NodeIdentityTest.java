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
    void aNodeIdLeftInTheOutboxConfigurationKeepsTheNodesNameAndTellsWhereItMoved() {
        NodeIdentity upgraded = new NodeIdentity("", " app-1 ", "host", Paths.get("/srv/a/data"));
        assertEquals("app-1", upgraded.id(), "not a derived name: the node takes back its own leases at once");
        String warning = upgraded.legacyWarning().orElseThrow();
        assertTrue(warning.contains("org.crmconnector.outbox") && warning.contains("node.id of org.crmconnector.node"),
                warning);

        NodeIdentity moved = new NodeIdentity("app-2", "app-1", "host", Paths.get("/srv/a/data"));
        assertEquals("app-2", moved.id(), "the node's own setting wins");
        assertTrue(moved.legacyWarning().orElseThrow().contains("is ignored"), moved.legacyWarning().get());

        assertTrue(new NodeIdentity("app-2", null, "host", Paths.get("/srv/a/data")).legacyWarning().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NodeIdentity("", "a b", "host", Paths.get("/srv/a/data")));
        assertTrue(e.getMessage().contains("org.crmconnector.outbox"), e.getMessage());
    }

    @Test
    void theLeftOverNodeIdIsReadFromTheOutboxConfigurationWithoutCreatingOne() throws Exception {
        java.util.List<String> asked = new java.util.ArrayList<>();
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("node.id", "app-1");
        org.osgi.service.cm.Configuration outbox = proxy(org.osgi.service.cm.Configuration.class, (m, a) -> {
            return m.equals("getProperties") ? props : null;
        });
        org.osgi.service.cm.ConfigurationAdmin cm = proxy(org.osgi.service.cm.ConfigurationAdmin.class, (m, a) -> {
            asked.add(m + (a == null ? "" : " " + a[0]));
            return m.equals("listConfigurations") ? new org.osgi.service.cm.Configuration[] {outbox} : null;
        });
        assertEquals("app-1", NodeIdentity.legacyNodeId(cm));
        assertEquals(java.util.List.of("listConfigurations (service.pid=org.crmconnector.outbox)"), asked);

        props.remove("node.id");
        assertEquals(null, NodeIdentity.legacyNodeId(cm));
    }

    private static <T> T proxy(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, a) -> answer.apply(m.getName(), a)));
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
