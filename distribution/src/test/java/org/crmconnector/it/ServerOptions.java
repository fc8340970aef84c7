package org.crmconnector.it;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ops4j.pax.exam.Option;

/**
 * Boots the assembled server (distribution/target/server) in Pax Exam: the
 * same boot, platform and adapter bundles the real server runs. bundle/ holds
 * the platform, the API bundle and the core; every jar there is installed.
 */
public final class ServerOptions {

    public static final String CONSOLE_USER = "it-admin";
    public static final String CONSOLE_PASSWORD = "it-secret";

    private ServerOptions() {
    }

    public static Path serverDir() {
        return Path.of(System.getProperty("server.dir", "target/server")).toAbsolutePath();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Platform and core; adapters only when {@code withAdapters}. */
    public static Option server(int httpPort, Path workDir, boolean withAdapters) {
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("pax.exam.logging").value("none"));
        options.add(frameworkProperty("org.osgi.service.http.port").value(String.valueOf(httpPort)));
        options.add(frameworkProperty("felix.webconsole.username").value(CONSOLE_USER));
        options.add(frameworkProperty("felix.webconsole.password").value(CONSOLE_PASSWORD));
        options.add(frameworkProperty("felix.cm.dir").value(workDir.resolve("configadmin").toString()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(workDir.resolve("deploy").toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        // as conf/config.properties: the scanner that misses no file however many arrive at once
        options.add(frameworkProperty("felix.fileinstall.disableNio2").value("true"));
        options.add(frameworkProperty("felix.fileinstall.filter").value("[^.].*"));
        options.add(frameworkProperty("crm.data.dir").value(workDir.resolve("data").toString()));
        // as conf/config.properties: bad paths pass the connector and the core's UriGuard refuses them
        options.add(frameworkProperty("org.eclipse.jetty.UriComplianceMode").value("UNSAFE"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        options.add(junitBundles());
        for (File f : jars(serverDir().resolve("boot"))) {
            options.add(bundle(f.toURI().toString()).startLevel(1));
        }
        for (File f : jars(serverDir().resolve("bundle"))) {
            boolean fragment = f.getName().contains("spifly");
            options.add(fragment ? bundle(f.toURI().toString()).noStart() : bundle(f.toURI().toString()));
        }
        if (withAdapters) {
            for (File f : jars(serverDir().resolve("deploy"))) {
                options.add(bundle(f.toURI().toString()));
            }
        }
        return composite(options.toArray(Option[]::new));
    }

    /** The demo CRM at /demo-crm, which only a demo start installs (it lives in demo/, not bundle/). */
    public static Option demoCrm() {
        return bundle(serverDir().resolve("demo/demo-crm-bundle.jar").toUri().toString());
    }

    public static Path newWorkDir() {
        try {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "crm-it");
            Files.createDirectories(dir.resolve("deploy"));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<File> jars(Path dir) {
        File[] files = dir.toFile().listFiles((d, n) -> n.endsWith(".jar"));
        if (files == null) {
            throw new IllegalStateException(dir + " has no bundles: run mvn verify, which assembles the server first");
        }
        Arrays.sort(files);
        return Arrays.asList(files);
    }
}
