package org.crmconnector.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders and files made owner-only whatever the umask, and older ones tightened. */
class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void foldersAndTheirMissingParentsAreCreatedOwnerOnly() throws IOException {
        Path folder = OwnerOnlyFiles.folder(dir.resolve("data/outbox"));
        assertEquals("rwx------", mode(folder));
        assertEquals("rwx------", mode(dir.resolve("data")));
    }

    @Test
    void whatAnOlderVersionLeftReadableIsTightened() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("old"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(folder.resolve("outbox.mv.db"), "kept");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyFiles.file(OwnerOnlyFiles.folder(folder).resolve("outbox.mv.db"));

        assertEquals("rwx------", mode(folder));
        assertEquals("rw-------", mode(file));
        assertEquals("kept", Files.readString(file), "the content stays");
    }
}
