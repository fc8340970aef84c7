package org.crmconnector.testing.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the server binaries of Debian's {@code postgresql} package (the
 * newest major version under /usr/lib/postgresql), installing the package
 * with apt-get when none is there and this process may (root, apt-get on
 * the PATH), as on a fresh CI machine.
 */
final class PostgresBinaries {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private PostgresBinaries() {
    }

    static Path find() throws IOException {
        Optional<Path> found = installed();
        if (found.isPresent()) {
            return found.get();
        }
        String why = install();
        return installed().orElseThrow(() -> new PostgresUnavailableException(
                "No PostgreSQL server under " + DEBIAN_ROOT + " and apt-get could not install one: " + why));
    }

    private static Optional<Path> installed() throws IOException {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(PostgresBinaries::majorVersion));
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Runs apt-get; returns why it did not work, or "" when it did. */
    private static String install() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not running as root (install the postgresql package)";
        }
        try {
            for (List<String> command : List.of(List.of("apt-get", "update", "-q"),
                    List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"))) {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process p = pb.start();
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return String.join(" ", command) + " failed";
                }
            }
            return "";
        } catch (IOException e) {
            return "apt-get cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
