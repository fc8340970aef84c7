package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The assembled server started by {@code bin/crm-connector}, as an operator
 * would start it for production (issue 12, items 3 and 6):
 * <ul>
 * <li>everything it writes (Configuration Admin files, deploy/, the stores,
 * the log) is readable by its own user only;</li>
 * <li>secrets come from files and the environment through the configuration
 * interpolation plugin, reach the adapter and Jetty, and appear on no Web
 * Console Status page, nor do secrets written into a configuration file;</li>
 * <li>Jetty's own TLS serves /health over https with a keytool-made keystore;
 * forwarded headers from a reverse proxy are honoured; it listens on loopback
 * only unless told otherwise.</li>
 * </ul>
 */
public class SecuredServerIT {

    private static final String TENANT = "secure";
    /** 128 bits: the length a non-demo tenant key needs. */
    private static final String KEY = "7c0f6a2e9d4b8e1f3a5c7e9b2d4f6a8c";
    private static final String INSTANCE = "secure-crm";
    private static final String AGENT = "agent-1";
    private static final String CALL = "secure-call-1";
    /** In conf/secrets/crm-token, named by the adapter configuration as $[secret:crm-token]. */
    private static final String CRM_TOKEN = "token-from-file-" + UUID.randomUUID();
    /** In the environment, named by the Jetty configuration as $[env:CRM_KEYSTORE_PASSWORD]. */
    private static final String KEYSTORE_PASSWORD = "ks-" + UUID.randomUUID();
    /** Written into a configuration file in clear, as an operator may still do. */
    private static final String LITERAL_SECRET = "literal-" + UUID.randomUUID();
    private static final Duration START_WAIT = Duration.ofSeconds(90);

    private static RecordingCrm crm;
    private static ServerProcess server;
    private static int httpPort;
    private static int httpsPort;
    private static Path keystore;

    @BeforeClass
    public static void startTheServerAsAnOperatorWould() throws Exception {
        Path work = ServerOptions.newWorkDir();
        crm = RecordingCrm.start();
        server = new ServerProcess(work);
        httpPort = ServerOptions.freePort();
        httpsPort = ServerOptions.freePort();
        keystore = selfSignedKeystore(work);

        server.write("deploy/org.apache.felix.http.config", String.join("\n",
                "org.apache.felix.https.enable=B\"true\"",
                "org.osgi.service.http.port.secure=I\"" + httpsPort + "\"",
                "org.apache.felix.https.keystore=\"" + keystore + "\"",
                "org.apache.felix.https.keystore.type=\"PKCS12\"",
                "org.apache.felix.https.keystore.password=\"$[env:CRM_KEYSTORE_PASSWORD]\"",
                "org.apache.felix.https.keystore.key.password=\"$[env:CRM_KEYSTORE_PASSWORD]\"",
                "org.apache.felix.proxy.load.balancer.connection.enable=B\"true\"",
                // absolute redirects, so the test can see which scheme and host Jetty took from the proxy
                "org.apache.felix.jetty.relativeredirectallowed=B\"false\"", ""));
        server.write("conf/secrets/crm-token", CRM_TOKEN + "\n");
        Map<String, Object> adapter = crm.adapterConfiguration(INSTANCE);
        adapter.put("auth.type", "bearer");
        adapter.put(".auth.token", "$[secret:crm-token]");
        server.write("deploy/org.crmconnector.crm.genericrest-secure.config", RecordingCrm.configFile(adapter));
        Map<String, Object> literal = crm.adapterConfiguration("secure-literal");
        literal.put("auth.type", "bearer");
        literal.put(".auth.token", LITERAL_SECRET);
        // a private attribute no metatype declares a password
        literal.put(".unlisted.secret", LITERAL_SECRET);
        server.write("deploy/org.crmconnector.crm.genericrest-literal.config", RecordingCrm.configFile(literal));
        Map<String, Object> tenant = new LinkedHashMap<>();
        tenant.put("tenant.id", TENANT);
        tenant.put("adapter.instance", INSTANCE);
        tenant.put("api.key.hashes", new String[] {ConnectorClient.sha256(KEY)});
        server.write("deploy/org.crmconnector.tenant-secure.config", RecordingCrm.configFile(tenant));

        server.env("CRM_PORT", String.valueOf(httpPort)).env("CRM_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD).start();
        ConnectorClient api = api();
        ConnectorClient.await("the server answers /health with the tenant bound to its adapter", START_WAIT, () -> {
            if (!server.alive()) {
                throw new AssertionError("the server exited; its log:\n" + server.logText());
            }
            HttpResponse<String> health = plainGet("/health");
            if (health == null || health.statusCode() != 200) {
                return false;
            }
            JsonNode h = ConnectorClient.JSON.readTree(health.body());
            return h.path("tenants").asInt() >= 1 && h.path("tenantsWithoutAdapter").asInt() == 0;
        });
        ConnectorClient.await("tenant " + TENANT + " answers its API", START_WAIT,
                () -> api.tenantGet("delivery").status() == 200);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (crm != null) {
            crm.close();
        }
    }

    private static ConnectorClient api() {
        return new ConnectorClient("http://127.0.0.1:" + httpPort, TENANT, KEY);
    }

    @Test
    public void httpsServesHealthWithTheKeystoreWhosePasswordCameFromTheEnvironment() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/health"))
                .timeout(Duration.ofSeconds(10)).build();
        // Jetty restarts with its configuration once FileInstall and Configuration Admin hand it over
        HttpResponse<String> answer = ConnectorClient.awaitValue(server::logText, "https answers /health", () -> {
            try {
                HttpResponse<String> r = https.send(health, HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        JsonNode body = ConnectorClient.JSON.readTree(answer.body());
        assertTrue(answer.body(), body.path("tenants").asInt() >= 1);
        String protocol = answer.sslSession().orElseThrow().getProtocol();
        assertTrue(protocol, protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"));
    }

    @Test
    public void itListensOnLoopbackOnlyWhenNoAddressIsGiven() throws Exception {
        assumeTrue("needs Linux's /proc/net/tcp", Files.exists(Path.of("/proc/net/tcp")));
        List<InetAddress> http = listening(httpPort);
        assertFalse("nothing listens on " + httpPort, http.isEmpty());
        for (InetAddress a : http) {
            assertTrue("the HTTP port listens on " + a + ", not loopback only", a.isLoopbackAddress());
        }
        ConnectorClient.await("https listens", START_WAIT, () -> !listening(httpsPort).isEmpty());
        for (InetAddress a : listening(httpsPort)) {
            assertTrue("the HTTPS port listens on " + a + ", not loopback only", a.isLoopbackAddress());
        }
    }

    @Test
    public void schemeAndHostComeFromTheProxysForwardedHeaders() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest viaProxy = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/agent"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "crm.example.com")
                .header("X-Forwarded-For", "203.0.113.7").timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = ConnectorClient.awaitValue(server::logText, "the agent page redirects", () -> {
            try {
                HttpResponse<String> a = client.send(viaProxy, HttpResponse.BodyHandlers.ofString());
                return a.statusCode() / 100 == 3 && a.headers().firstValue("Location").orElse("").startsWith("https://")
                        ? a : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        assertEquals("https://crm.example.com/agent/", r.headers().firstValue("Location").orElseThrow());
    }

    @Test
    public void secretsFromFilesReachTheAdapterAndNoStatusPageShowsAnySecret() throws Exception {
        ConnectorClient api = api();
        api.wholeCall(CALL, AGENT, "+15551234567", 42, "Resolved", "notes");
        ConnectorClient.await("the call's log reaches the CRM", START_WAIT, () -> !crm.activitiesFor(CALL).isEmpty());
        RecordingCrm.Request logged = crm.requests.stream().filter(q -> q.path().equals("/activities")).findFirst()
                .orElseThrow();
        assertEquals("the token from conf/secrets reached the adapter", "Bearer " + CRM_TOKEN, logged.authorization());

        String scr = console("/system/console/status-scr");
        assertTrue(scr, scr.contains(".auth.token=********"));
        assertTrue(scr, scr.contains("crm.instance=" + INSTANCE));
        // the two Status pages that print configuration values, and the download of every Status page
        for (String page : List.of("/system/console/status-scr", "/system/console/status-scr.json",
                "/system/console/status-Configurations", "/system/console/config/configuration-status.txt")) {
            String text = console(page);
            for (String secret : List.of(CRM_TOKEN, LITERAL_SECRET, KEYSTORE_PASSWORD)) {
                assertFalse(page + " shows a secret:\n" + text, text.contains(secret));
            }
        }
    }

    @Test
    public void everythingTheServerWroteIsReadableByItsUserOnly() throws Exception {
        ConnectorClient.await("Configuration Admin stored the deployed configurations", START_WAIT,
                () -> server.tree("conf/configadmin").stream().anyMatch(p -> p.toString().endsWith(".config")));
        assertTrue("the outbox store exists", Files.exists(server.home.resolve("data/outbox/outbox.mv.db")));
        assertTrue("the interaction store exists",
                Files.exists(server.home.resolve("data/interactions/interactions.mv.db")));
        assertTrue("the stores' journal exists", Files.isDirectory(server.home.resolve("data/journal")));
        List<String> readable = new ArrayList<>();
        for (String folder : List.of("conf", "deploy", "data", "logs", "felix-cache")) {
            for (Path p : server.tree(folder)) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                if (mode.stream().anyMatch(m -> m.name().startsWith("GROUP_") || m.name().startsWith("OTHERS_"))) {
                    readable.add(PosixFilePermissions.toString(mode) + " " + server.home.relativize(p));
                }
            }
        }
        assertEquals("readable by others: " + readable, List.of(), readable);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static HttpResponse<String> plainGet(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A Web Console page with the console's credentials; fails unless 200. */
    private static String console(String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString((ServerOptions.CONSOLE_USER + ":" + ServerOptions.CONSOLE_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + path)).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            fail("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** A PKCS12 keystore with a self-signed certificate for localhost, made by the JDK's keytool. */
    private static Path selfSignedKeystore(Path work) throws Exception {
        Path file = work.resolve("keystore.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "crm", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", KEYSTORE_PASSWORD, "-keypass",
                KEYSTORE_PASSWORD, "-noprompt").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("keytool failed: " + out);
        }
        return file;
    }

    /** Trusts exactly the keystore's certificate. */
    private static SSLContext trusting(Path keystoreFile) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystoreFile)) {
            keys.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("crm", keys.getCertificate("crm"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    /**
     * The addresses sockets listen on at {@code port}, from /proc/net/tcp and
     * tcp6: a local address in hex words of host byte order, state 0A = LISTEN.
     */
    private static List<InetAddress> listening(int port) {
        List<InetAddress> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (!f[3].equals("0A") || Integer.parseInt(local[1], 16) != port) {
                    continue;
                }
                byte[] words = HexFormat.of().parseHex(local[0]);
                byte[] address = new byte[words.length];
                for (int w = 0; w < words.length; w += 4) {
                    for (int b = 0; b < 4; b++) {
                        address[w + b] = words[w + 3 - b];
                    }
                }
                try {
                    out.add(InetAddress.getByAddress(address));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }
}
