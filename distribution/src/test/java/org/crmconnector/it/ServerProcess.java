package org.crmconnector.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The assembled server started as an operator starts it: a copy of
 * distribution/target/server, run by its own {@code bin/crm-connector} in a
 * process of its own, so the test sees what the start script does (umask,
 * listen address, framework properties) and what the server then writes.
 * The server logs to {@code CRM_LOG_FILE}, logs/server.log in the copy.
 */
final class ServerProcess implements AutoCloseable {

    final Path home;
    final Path log;
    private final Map<String, String> env = new HashMap<>();
    private Process process;

    /** Copies the assembled server into {@code work}/server. */
    ServerProcess(Path work) throws IOException {
        this.home = work.resolve("server");
        this.log = home.resolve("logs/server.log");
        Path assembled = ServerOptions.serverDir();
        try (Stream<Path> files = Files.walk(assembled)) {
            for (Path from : files.toList()) {
                Path to = home.resolve(assembled.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        // the java running the test, first on the PATH the script runs "java" from
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        env.put("PATH", javaBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("CRM_LOG_FILE", log.toString());
        env.put("CRM_CONSOLE_USER", ServerOptions.CONSOLE_USER);
        env.put("CRM_CONSOLE_PASSWORD", ServerOptions.CONSOLE_PASSWORD);
    }

    ServerProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Writes a file as an operator would before the start (into deploy/, conf/secrets/, ...). */
    Path write(String relative, String content) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/crm-connector").toString()).directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                // beside the copy, not in it: the test checks the modes of what the server wrote there
                .redirectErrorStream(true).redirectOutput(home.resolveSibling("script.out").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CRM_"));
        pb.environment().putAll(env);
        process = pb.start();
    }

    /** SIGTERM, as an orchestrator stopping the node sends it; returns at once. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; its exit code, or -1 when it still runs after {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log yet)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Every file and folder under the server's folder, deepest first. */
    List<Path> tree(String relative) throws IOException {
        Path root = home.resolve(relative);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.sorted(Comparator.reverseOrder()).toList();
        }
    }

    /** SIGTERM (the framework stops through its shutdown hook), SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
