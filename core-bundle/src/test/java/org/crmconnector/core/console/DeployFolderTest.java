package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeployFolderTest {

    @TempDir
    Path dir;

    static byte[] jar(String bsn, String version, String tag, boolean adapter) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            a.putValue("Bundle-SymbolicName", bsn);
        }
        a.putValue("Bundle-Version", version);
        a.putValue("X-Build-Tag", tag);
        if (adapter) {
            a.putValue("X-CrmConnector-Adapter", "true");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return out.toByteArray();
    }

    private String[] files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.jar", "a/b.jar", ".hidden.jar", "x.jar.cfg", "x.zip", "", "x .jar", "..jar"})
    void refusesNamesThatAreNotPlainJarNames(String name) {
        DeployFolder folder = new DeployFolder(dir);
        assertThrows(DeployFolder.Refused.class,
                () -> folder.deploy(name, new ByteArrayInputStream(jar("a.b", "1.0.0", "v1", true))));
    }

    @Test
    void refusesWhatIsNotAnAdapterBundleAndLeavesNothingBehind() throws IOException {
        DeployFolder folder = new DeployFolder(dir);
        assertThrows(DeployFolder.Refused.class, () -> folder.deploy("a.jar", new ByteArrayInputStream("not a zip".getBytes())));
        assertThrows(DeployFolder.Refused.class, () -> folder.deploy("a.jar", new ByteArrayInputStream(jar(null, "1", "", true))));
        assertThrows(DeployFolder.Refused.class, () -> folder.deploy("a.jar", new ByteArrayInputStream(jar("a.b", "1", "", false))));
        assertThrows(DeployFolder.Refused.class, () -> folder.deploy("a.jar", new ByteArrayInputStream(new byte[0])));
        assertEquals(0, files().length, "temporary files are removed");
    }

    @Test
    void anUploadedJarIsReadableByTheServersUserOnly() throws Exception {
        DeployFolder.Deployed d = new DeployFolder(dir).deploy("crm-x.jar",
                new ByteArrayInputStream(jar("org.example.x", "1.2.0", "v7", true)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(d.file())));
    }

    @Test
    void writesTheJarUnderItsNameWithNoTemporaryLeft() throws Exception {
        DeployFolder.Deployed d = new DeployFolder(dir).deploy("crm-x.jar",
                new ByteArrayInputStream(jar("org.example.x", "1.2.0", "v7", true)));
        assertEquals("org.example.x", d.symbolicName());
        assertEquals("v7", d.buildTag());
        assertFalse(d.replaced());
        assertEquals(dir.resolve("crm-x.jar"), d.file());
        assertTrue(java.util.Arrays.equals(new String[] {"crm-x.jar"}, files()));
    }

    @Test
    void aNewVersionReplacesTheDeployedFileOfTheSameBundle() throws Exception {
        Files.write(dir.resolve("crm-salesforce-bundle.jar"), jar("org.crmconnector.crm.salesforce", "0.1.0", "dev", true));
        Files.write(dir.resolve("other.jar"), jar("org.crmconnector.crm.genericrest", "0.1.0", "dev", true));
        DeployFolder.Deployed d = new DeployFolder(dir).deploy("salesforce-v2.jar",
                new ByteArrayInputStream(jar("org.crmconnector.crm.salesforce", "0.1.0", "v2", true)));
        assertTrue(d.replaced());
        assertEquals("crm-salesforce-bundle.jar", d.file().getFileName().toString());
        assertTrue(java.util.Arrays.equals(new String[] {"crm-salesforce-bundle.jar", "other.jar"}, files()));
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(d.file().toFile())) {
            assertEquals("v2", j.getManifest().getMainAttributes().getValue("X-Build-Tag"));
        }
    }
}
