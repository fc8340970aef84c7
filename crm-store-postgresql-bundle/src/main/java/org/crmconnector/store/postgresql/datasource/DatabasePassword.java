package org.crmconnector.store.postgresql.datasource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where the database password comes from: a file only its owner (and
 * group) may read, or an environment variable. Never the configuration
 * itself, which the console shows and Config Admin writes to disk, and never
 * the command line, which every user of the machine can list.
 */
final class DatabasePassword {

    private DatabasePassword() {
    }

    /**
     * The password, or empty when neither source is configured.
     *
     * @param env looks an environment variable up (System::getenv outside tests)
     * @throws IllegalArgumentException naming what is wrong: both sources set, a missing or world-readable file,
     *             an unset variable
     */
    static Optional<String> read(String file, String envName, UnaryOperator<String> env) {
        String path = file == null ? "" : file.trim();
        String variable = envName == null ? "" : envName.trim();
        if (!path.isEmpty() && !variable.isEmpty()) {
            throw new IllegalArgumentException("Set either the password file or the password environment variable, not both");
        }
        if (!path.isEmpty()) {
            return Optional.of(fromFile(Path.of(path)));
        }
        if (!variable.isEmpty()) {
            String value = env.apply(variable);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("The environment variable " + variable
                        + " named for the database password is not set in the server's environment");
            }
            return Optional.of(value);
        }
        return Optional.empty();
    }

    private static String fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The database password file " + file + " does not exist or is not a file");
        }
        try {
            Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (modes.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IllegalArgumentException("The database password file " + file
                        + " is readable by every user of the machine; refused. Make it readable by the server's user "
                        + "only: chmod 600 " + file);
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            // editors and echo add a line end; it is no part of the password
            String password = content.lines().findFirst().orElse("");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("The database password file " + file + " is empty");
            }
            return password;
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("Cannot check who may read " + file + " on this file system; refused", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the database password file " + file + ": " + e.getMessage(), e);
        }
    }
}
