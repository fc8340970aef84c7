package org.crmconnector.core.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders only the server's own user may read: the stores hold
 * caller numbers, names and notes, the deploy folder the adapters and their
 * configurations. The start script's umask covers what the platform writes;
 * this covers what our code writes whatever the umask (an embedding, a test
 * harness), and tightens what an older version left readable. On a file system
 * without POSIX permissions nothing is changed.
 */
public final class OwnerOnlyFiles {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Creates the folder (and missing parents) owner-only, or makes an existing one owner-only. */
    public static Path folder(Path folder) throws IOException {
        if (!posix(folder)) {
            return Files.createDirectories(folder);
        }
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        Files.setPosixFilePermissions(folder, FOLDER);
        return folder;
    }

    /** Creates the file empty and owner-only, or makes an existing one owner-only; before anything is written to it. */
    public static Path file(Path file) throws IOException {
        if (!posix(file.toAbsolutePath().getParent())) {
            return Files.exists(file) ? file : Files.createFile(file);
        }
        try {
            Files.createFile(file, ownerOnlyFile());
        } catch (FileAlreadyExistsException exists) {
            Files.setPosixFilePermissions(file, FILE);
        }
        return file;
    }

    /** For {@code Files.createFile}/{@code createTempFile}: created owner-only. */
    public static FileAttribute<Set<PosixFilePermission>> ownerOnlyFile() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    /** Whether the file system at {@code path} (or its nearest existing parent) has POSIX permissions. */
    static boolean posix(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }
}
