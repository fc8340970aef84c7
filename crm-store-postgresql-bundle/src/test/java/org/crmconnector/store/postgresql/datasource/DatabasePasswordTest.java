package org.crmconnector.store.postgresql.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabasePasswordTest {

    @TempDir
    Path dir;

    private Path file(String content, String modes) throws Exception {
        Path f = dir.resolve("db-password");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(modes));
        return f;
    }

    @Test
    void readsTheFirstLineOfAnOwnerOnlyFile() throws Exception {
        Path f = file("s3cret\n", "rw-------");
        assertEquals(Optional.of("s3cret"), DatabasePassword.read(f.toString(), "", n -> null));
    }

    @Test
    void acceptsAGroupReadableFile() throws Exception {
        Path f = file("s3cret", "rw-r-----");
        assertEquals(Optional.of("s3cret"), DatabasePassword.read(f.toString(), "", n -> null));
    }

    @Test
    void refusesAWorldReadableFileAndSaysHowToFixIt() throws Exception {
        Path f = file("s3cret", "rw-r--r--");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabasePassword.read(f.toString(), "", n -> null));
        assertTrue(e.getMessage().contains("readable by every user") && e.getMessage().contains("chmod 600"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("s3cret"));
    }

    @Test
    void refusesAMissingOrEmptyFile() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> DatabasePassword.read(dir.resolve("nope").toString(), "", n -> null));
        Path f = file("\n", "rw-------");
        assertThrows(IllegalArgumentException.class, () -> DatabasePassword.read(f.toString(), "", n -> null));
    }

    @Test
    void readsTheNamedEnvironmentVariable() {
        Map<String, String> env = Map.of("CRM_DB_PASSWORD", "from-env");
        assertEquals(Optional.of("from-env"), DatabasePassword.read("", "CRM_DB_PASSWORD", env::get));
    }

    @Test
    void refusesAnUnsetVariableNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabasePassword.read("", "CRM_DB_PASSWORD", n -> null));
        assertTrue(e.getMessage().contains("CRM_DB_PASSWORD"), e.getMessage());
    }

    @Test
    void refusesBothSourcesAtOnce() throws Exception {
        Path f = file("s3cret", "rw-------");
        assertThrows(IllegalArgumentException.class, () -> DatabasePassword.read(f.toString(), "X", n -> "y"));
    }

    @Test
    void noSourceMeansNoPassword() {
        assertEquals(Optional.empty(), DatabasePassword.read("", "", n -> null));
    }
}
