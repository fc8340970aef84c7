package org.crmconnector.it;

import static org.junit.Assert.assertEquals;

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
                () -> summary().path("tenants").path("live").asInt() == TENANTS);
        JsonNode summary = summary();
        assertEquals(summary.toString(), TENANTS, summary.path("adapters").path("live").asInt());
        assertEquals(summary.toString(), TENANTS, summary.path("tenants").path("total").asInt());
        // and each answers its own key
        api.get(Api.tenantPath("scale0999", "interactions"), "key-of-scale0999-0123456789abcdef").expect(200);
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
