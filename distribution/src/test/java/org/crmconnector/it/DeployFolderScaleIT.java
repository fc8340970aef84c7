package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 16, item 2: 2,000 configuration files arriving at once in deploy/
 * (1,000 generic REST instances and their 1,000 tenants, each written to a
 * dot-file and renamed into place, as provisioning scripts do) are every one
 * applied, on the server started by {@code bin/crm-connector} with its own
 * conf/config.properties. With FileInstall's default scanner (Java's
 * WatchService) a few dozen of them were: the events past 512 between two
 * polls were dropped as an OVERFLOW that FileInstall ignores.
 */
public class DeployFolderScaleIT {

    private static final int TENANTS = 1000;
    private static final String OPERATOR_KEY = "op-2e9d4b8e1f3a5c7e9b2d4f6a8c7c0f6a";
    private static ServerProcess server;
    private static Api api;

    @BeforeClass
    public static void start() throws Exception {
        server = new ServerProcess(ServerOptions.newWorkDir());
        int port = ServerOptions.freePort();
        server.write("deploy/org.crmconnector.admin.config",
                ".operator.keys=[\"scale-it=" + Api.sha256(OPERATOR_KEY) + "\"]\n");
        server.env("CRM_PORT", String.valueOf(port)).start();
        api = new Api(port);
        Api.awaitTrue("the operator API answers", Duration.ofSeconds(120), () -> {
            if (!server.alive()) {
                throw new AssertionError("the server exited; its log:\n" + server.logText());
            }
            return api.get("/api/v1/admin/summary", OPERATOR_KEY).status() == 200;
        });
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void twoThousandFilesDroppedAtOnceAreAllApplied() throws Exception {
        Path deploy = server.home.resolve("deploy");
        for (int i = 0; i < TENANTS; i++) {
            String id = String.format("scale%04d", i);
            drop(deploy, "org.crmconnector.crm.genericrest-" + id + ".config", "crm.instance=\"" + id + "-crm\"\n"
                    + "base.url=\"http://127.0.0.1:9/crm\"\nauth.type=\"none\"\nlookup.url=\"/contacts?phone={ani}\"\n"
                    + "log.url=\"/activities\"\n");
            drop(deploy, "org.crmconnector.tenant-" + id + ".config", "tenant.id=\"" + id + "\"\nadapter.instance=\""
                    + id + "-crm\"\n.api.key.hashes=[\"" + Api.sha256("key-of-" + id + "-0123456789abcdef") + "\"]\n");
        }
        Api.awaitTrue("all " + TENANTS + " tenants live with their adapter instances", Duration.ofSeconds(90),
                () -> liveScale("tenants") == TENANTS);
        assertEquals(TENANTS, liveScale("adapters"));
        assertEquals(summary().toString(), TENANTS, api.get("/api/v1/admin/tenants?q=scale&limit=1", OPERATOR_KEY)
                .expect(200).json().path("total").asInt());
        // and each answers its own key
        api.get(Api.tenantPath("scale0999", "interactions"), "key-of-scale0999-0123456789abcdef").expect(200);
    }

    @Test
    public void anOperatorChangeToAFileTenantIsAuditedAndWrittenBackToItsFile() throws Exception {
        Path file = server.home.resolve("deploy/org.crmconnector.tenant-audited.config");
        drop(file.getParent(), file.getFileName().toString(), "tenant.id=\"audited\"\nadapter.instance=\"none\"\n");
        Api.awaitTrue("the file's tenant is there", Duration.ofSeconds(60),
                () -> api.get("/api/v1/admin/tenants/audited", OPERATOR_KEY).status() == 200);
        String key = "5e9d4b8e1f3a5c7e9b2d4f6a8c7c0f6a";
        assertEquals("updated", api.put("/api/v1/admin/tenants/audited", OPERATOR_KEY, Api.map("attributes",
                Api.map("adapter.instance", "none", "display.name", "Audited", "api.key", key))).expect(200).json()
                .path("outcome").asText());
        Api.awaitTrue("one audit line names the operator, the tenant and the attributes", Duration.ofSeconds(10),
                () -> server.logText().contains("operator=scale-it updated tenant 'audited'")
                        && server.logText().contains("attributes changed: api.key.hashes (secret), display.name"));
        Api.awaitTrue("FileInstall writes the change back to the tenant's file", Duration.ofSeconds(30),
                () -> fileText(file).contains(Api.sha256(key)) && fileText(file).contains("Audited"));
        assertFalse("the key is in no log line", server.logText().contains(key));
        assertFalse("nor in the file", Files.readString(file).contains(key));
    }

    private static String fileText(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How many of this test's tenants (or adapter instances) are live. */
    private static int liveScale(String kind) {
        return api.get("/api/v1/admin/" + kind + "?q=scale&state=live&limit=1", OPERATOR_KEY).expect(200).json()
                .path("total").asInt();
    }

    private static JsonNode summary() {
        return api.get("/api/v1/admin/summary", OPERATOR_KEY).expect(200).json();
    }

    /** Written whole under a dot-name, then renamed: the scanner never sees half a file. */
    private static void drop(Path deploy, String name, String content) throws Exception {
        Path tmp = deploy.resolve("." + name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
