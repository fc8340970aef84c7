package org.crmconnector.core.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.crmconnector.core.store.OwnerOnlyFiles;

/**
 * Puts an uploaded adapter bundle into FileInstall's deploy folder. FileInstall
 * does the installing; we only make sure it never sees half a file: the upload
 * goes to a temporary name FileInstall ignores and is then moved into place in
 * one atomic rename.
 */
final class DeployFolder {

    /** A plain file name: no path, no leading dot, ends in .jar. */
    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,126}\\.jar");
    static final long MAX_BYTES = 64L * 1024 * 1024;

    /** What an upload did. */
    record Deployed(Path file, String symbolicName, String version, String buildTag, boolean replaced) {
    }

    /** A refused upload; the message is safe to show to the operator. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final Path folder;

    DeployFolder(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    static boolean validName(String name) {
        return name != null && JAR_NAME.matcher(name).matches() && !name.contains("..");
    }

    /**
     * Writes the jar read from {@code body}. When a jar of the same symbolic
     * name is already deployed it is replaced under its own file name, so
     * FileInstall updates that bundle instead of failing to install a second
     * one with the same name and version.
     */
    Deployed deploy(String fileName, InputStream body) throws IOException, Refused {
        if (!validName(fileName)) {
            throw new Refused("file name must be a plain name ending in .jar (letters, digits, '.', '-', '_')");
        }
        Files.createDirectories(folder);
        Path temp = folder.resolve(".crm-upload-" + UUID.randomUUID() + ".part");
        try {
            // owner-only before the first byte, as everything the server writes; the rename keeps the mode
            OwnerOnlyFiles.file(temp);
            copyLimited(body, temp);
            Attributes main = manifest(temp);
            String bsn = main.getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) {
                throw new Refused("not a bundle: the jar's manifest has no Bundle-SymbolicName");
            }
            bsn = bsn.split(";")[0].trim();
            if (!"true".equalsIgnoreCase(String.valueOf(main.getValue(AdapterBundles.ADAPTER_HEADER)).trim())) {
                throw new Refused("not an adapter bundle: the manifest lacks " + AdapterBundles.ADAPTER_HEADER + ": true");
            }
            Optional<Path> existing = findBySymbolicName(bsn);
            Path target = existing.orElse(folder.resolve(fileName));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the deploy folder does not support atomic renames", e);
            }
            String tag = main.getValue(AdapterBundles.BUILD_TAG_HEADER);
            return new Deployed(target, bsn, main.getValue("Bundle-Version"), tag == null ? "" : tag, existing.isPresent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The deployed jar with this symbolic name, if any. */
    Optional<Path> findBySymbolicName(String bsn) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                try {
                    String name = manifest(jar).getValue("Bundle-SymbolicName");
                    if (name != null && name.split(";")[0].trim().equals(bsn)) {
                        return Optional.of(jar);
                    }
                } catch (Refused | IOException notABundle) {
                    // not ours to judge; FileInstall reports it
                }
            }
        }
        return Optional.empty();
    }

    private static void copyLimited(InputStream in, Path temp) throws IOException, Refused {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(temp)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > MAX_BYTES) {
                    throw new Refused("the jar is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
                }
                out.write(buf, 0, n);
            }
        }
        if (total == 0) {
            throw new Refused("the request body is empty; send the jar as the raw body");
        }
    }

    private static Attributes manifest(Path jar) throws IOException, Refused {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest m = file.getManifest();
            if (m == null) {
                throw new Refused("not a bundle: the jar has no manifest");
            }
            return m.getMainAttributes();
        } catch (java.util.zip.ZipException e) {
            throw new Refused("not a jar: " + e.getMessage());
        }
    }
}
