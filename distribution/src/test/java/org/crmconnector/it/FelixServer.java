package org.crmconnector.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The assembled server (distribution/target/server) in an Apache Felix
 * framework this test launches itself, in the test's JVM, so that the test
 * can stop the framework completely and start a new one on the same data.
 * It installs what {@link ServerOptions} installs in Pax Exam (boot bundles at
 * start level 1, platform and core, the spifly extension not started, the
 * adapter bundles) with the same framework properties, plus a framework
 * storage folder of its own in the work folder, cleaned on the first start
 * only. Start levels as the real server's conf/config.properties: boot 1,
 * platform 2, adapters 3.
 * <p>
 * It shares the failsafe JVM with the Pax Exam ITs, which start their own
 * Felix in it: see {@link #shareTheJvmWithPaxExam()}.
 */
final class FelixServer {

    final Path work;
    final int port;
    private final Map<String, String> properties;
    private Framework framework;

    FelixServer(Path work, int port) {
        this(work, port, Map.of());
    }

    /** {@code properties}: framework properties of this node on top of the server's (the store switch, say). */
    FelixServer(Path work, int port, Map<String, String> properties) {
        this.work = work;
        this.port = port;
        this.properties = Map.copyOf(properties);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Starts a new framework instance; {@code first}: on a clean storage folder, installing the bundles. */
    void start(boolean first) throws BundleException {
        if (framework != null) {
            throw new IllegalStateException("a framework is running; stop it first");
        }
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix-cache").toString());
        if (first) {
            p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "3");
        p.put("org.osgi.service.http.port", String.valueOf(port));
        p.put("felix.webconsole.username", ServerOptions.CONSOLE_USER);
        p.put("felix.webconsole.password", ServerOptions.CONSOLE_PASSWORD);
        p.put("felix.cm.dir", work.resolve("configadmin").toString());
        p.put("felix.fileinstall.dir", work.resolve("deploy").toString());
        p.put("felix.fileinstall.poll", "200");
        p.put("felix.fileinstall.disableNio2", "true");
        p.put("felix.fileinstall.filter", "[^.].*");
        p.put("crm.data.dir", work.resolve("data").toString());
        p.put("org.eclipse.jetty.UriComplianceMode", "UNSAFE");
        p.putAll(properties);
        shareTheJvmWithPaxExam();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi FrameworkFactory on the test class path"));
        Framework f = factory.newFramework(p);
        f.init();
        if (first) {
            install(f.getBundleContext());
        }
        f.start();
        framework = f;
    }

    /**
     * The first Felix in a JVM sets the JVM-wide URL stream handler factory
     * (Felix's URLHandlers), which reads {@code java.protocol.handler.pkgs}
     * once, when it is loaded, and stays after its framework stopped. Pax Exam
     * sets that property to {@code org.ops4j.pax.url} only when its container
     * starts, for its {@code link:} and {@code mvn:} bundle URLs; if this test
     * ran first, every later Pax Exam IT in the JVM failed to start with
     * "Unknown protocol: link". So the property is set here as Pax Exam sets
     * it, before any Felix is created. The server itself uses neither protocol.
     */
    private static void shareTheJvmWithPaxExam() {
        String pkgs = System.getProperty("java.protocol.handler.pkgs", "");
        if (!Arrays.asList(pkgs.split("\\|")).contains("org.ops4j.pax.url")) {
            System.setProperty("java.protocol.handler.pkgs", pkgs.isEmpty() ? "org.ops4j.pax.url" : pkgs + "|org.ops4j.pax.url");
        }
    }

    private static void install(BundleContext context) throws BundleException {
        Path server = ServerOptions.serverDir();
        for (File jar : ServerOptions.jars(server.resolve("boot"))) {
            install(context, jar, 1, true);
        }
        for (File jar : ServerOptions.jars(server.resolve("bundle"))) {
            install(context, jar, 2, !jar.getName().contains("spifly"));
        }
        for (File jar : ServerOptions.jars(server.resolve("deploy"))) {
            install(context, jar, 3, true);
        }
    }

    private static void install(BundleContext context, File jar, int startLevel, boolean start) throws BundleException {
        Bundle b = context.installBundle(jar.toURI().toString());
        b.adapt(BundleStartLevel.class).setStartLevel(startLevel);
        if (start) {
            // persistently marked started: it starts when the framework reaches its level, now and after a restart
            b.start();
        }
    }

    /** Stops the framework completely: every bundle stopped, the framework's threads and HTTP port gone. */
    void stop() throws BundleException, InterruptedException {
        Framework f = framework;
        if (f == null) {
            return;
        }
        framework = null;
        f.stop();
        FrameworkEvent stopped = f.waitForStop(60_000);
        if (stopped.getType() != FrameworkEvent.STOPPED) {
            throw new IllegalStateException("the framework did not stop cleanly: event type " + stopped.getType()
                    + (stopped.getThrowable() == null ? "" : ", " + stopped.getThrowable()));
        }
    }

    boolean running() {
        return framework != null && framework.getState() == Bundle.ACTIVE;
    }

    /** Drops a configuration file into deploy/ atomically, as an operator would (temporary name, then move). */
    void deploy(String fileName, String content) throws IOException {
        Path deploy = work.resolve("deploy");
        Files.createDirectories(deploy);
        // written outside deploy/ so that FileInstall never sees a half-written file
        Path tmp = Files.createTempFile(work, fileName, ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, deploy.resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
