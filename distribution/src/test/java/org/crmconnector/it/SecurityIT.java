package org.crmconnector.it;

import static org.crmconnector.it.Api.tenantPath;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

/**
 * The server as an attacker meets it: cross-site requests into the Web
 * Console, console passwords guessed, tenants probed without a key, keys guessed, /metrics read
 * anonymously, weak keys typed into the console, key hashes looked up in the
 * service registry.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT extends PreparedServer {

    private static final String T = "secure";
    private static final String KEY = "secure-key-0123456789abcdefABCD";
    private static final String GUESSED = "guessed";
    private static final String GUESSED_KEY = "guessed-key-0123456789abcdefABC";
    private static final String EVIL = "http://evil.example";

    @Override
    protected void prepare() throws Exception {
        Configuration logins = configAdmin.getConfiguration("org.crmconnector.http.logins", "?");
        Hashtable<String, Object> limits = new Hashtable<>();
        limits.put("max.failures", 3);
        limits.put("window.seconds", 3);
        logins.update(limits);
        api.allowScrapes(configAdmin);
        // created last: the API restarts with the back-off's configuration, and createTenant waits until it answers
        api.createTenant(configAdmin, GUESSED, GUESSED_KEY, Map.of());
        api.createTenant(configAdmin, T, KEY, Map.of());
    }

    private String self() {
        return api.base;
    }

    /** A request to the Web Console, authenticated as the operator's browser would be. */
    private HttpRequest.Builder console(String path) {
        return api.console(path, ServerOptions.CONSOLE_PASSWORD);
    }

    /** A request to the Web Console as the operator's user, with {@code password}. */
    private HttpRequest.Builder console(String path, String password) {
        return api.console(path, password);
    }

    /** The Configuration tab's save of a new tenant, as its form posts it, from {@code origin}. */
    private Api.Resp saveNewTenant(String origin, String tenantId, String apiKey) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("tenant.id", tenantId);
        fields.put("adapter.instance", "nowhere");
        fields.put(".api.key", apiKey);
        return api.consoleSaveNew("org.crmconnector.tenant", fields, origin);
    }

    private Configuration[] tenantConfigurations(String tenantId) throws Exception {
        return configAdmin.listConfigurations("(&(service.factoryPid=org.crmconnector.tenant)(tenant.id=" + tenantId + "))");
    }

    // ---- the Web Console ----

    @Test
    public void aCrossSitePostCannotCreateATenantThroughTheConfigurationTab() throws Exception {
        Api.Resp refused = saveNewTenant(EVIL, "planted", "planted-key-0123456789abcdefAB");
        assertEquals(refused.body(), 403, refused.status());
        Thread.sleep(500);
        assertNull("no configuration was made", tenantConfigurations("planted"));

        Api.Resp saved = saveNewTenant(self(), "made-here", "made-here-key-0123456789abcdef");
        assertTrue("the console's own save works: " + saved.status() + " " + saved.body(),
                saved.status() >= 200 && saved.status() < 400);
        Api.awaitTrue("the tenant made in the console answers its key", Duration.ofSeconds(30),
                () -> api.get(tenantPath("made-here", "interactions"), "made-here-key-0123456789abcdef").status() == 200);
    }

    @Test
    public void aCrossSitePostCannotStopABundle() throws Exception {
        Bundle target = null;
        for (Bundle b : context.getBundles()) {
            if ("org.apache.felix.eventadmin".equals(b.getSymbolicName())) {
                target = b;
            }
        }
        assertNotNull(target);
        Api.Resp refused = api.send(console("/bundles/" + target.getBundleId())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", EVIL)
                .POST(HttpRequest.BodyPublishers.ofString("action=stop")).build());
        assertEquals(403, refused.status());
        Thread.sleep(500);
        assertEquals("the bundle still runs", Bundle.ACTIVE, target.getState());
        Api.Resp noOrigin = api.send(console("/bundles/" + target.getBundleId())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=stop")).build());
        assertEquals("a POST naming no origin at all is refused too", 403, noOrigin.status());
        assertEquals(Bundle.ACTIVE, target.getState());
    }

    @Test
    public void aCrossSiteGetThatTheConfigurationTabTakesForAPostDeletesNothing() throws Exception {
        String pid = tenantConfigurations(T)[0].getPid();
        Api.Resp refused = api.send(console("/configMgr/" + pid + "?post=true&apply=true&delete=true")
                .header("Referer", EVIL + "/page").GET().build());
        assertEquals(403, refused.status());
        Thread.sleep(500);
        assertNotNull("the tenant's configuration is still there", tenantConfigurations(T));
        api.get(tenantPath(T, "interactions"), KEY).expect(200);
        // the console's pages themselves still load
        Api.Resp page = api.send(console("/configMgr").GET().build());
        assertEquals(200, page.status());
    }

    @Test
    public void aWeakKeyTypedIntoTheConsoleIsRefusedOnSaveWithTheReason() throws Exception {
        Api.Resp refused = saveNewTenant(self(), "weakling", "demo-key");
        assertEquals(refused.body(), 400, refused.status());
        assertTrue(refused.body(), refused.body().contains("128 bits"));
        Thread.sleep(500);
        assertNull("nothing was stored, the typed key least of all", tenantConfigurations("weakling"));
    }

    @Test
    public void aClientGuessingTheConsolePasswordBacksOffWithRetryAfterEvenForTheRightOne() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, api.send(console("/bundles", "guess-" + i).GET().build()).status());
        }
        Api.Resp held = api.send(console("/bundles").GET().build());
        assertEquals(held.body(), 429, held.status());
        int retryAfter = Integer.parseInt(held.headers().firstValue("Retry-After").orElseThrow());
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 3);
        api.get(tenantPath(T, "interactions"), KEY).expect(200); // the API is not the console: not held
        // the window ends, and with it the back-off (which also leaves the console usable for the other tests)
        Thread.sleep(retryAfter * 1000L + 200);
        assertEquals(200, api.send(console("/bundles").GET().build()).status());
    }

    // ---- the tenant API ----

    @Test
    public void keyHashesAreNotServiceProperties() throws Exception {
        // a configuration that still names api.key.hashes without the dot, as files written before do
        Configuration legacy = configAdmin.getFactoryConfiguration("org.crmconnector.tenant", "it-legacy", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("tenant.id", "legacy");
        props.put("adapter.instance", "legacy-crm");
        props.put("api.key.hashes", new String[] {Api.sha256("legacy-key-0123456789abcdefAB")});
        legacy.update(props);
        Api.awaitTrue("the legacy tenant answers its key and its hashes moved behind the dot", Duration.ofSeconds(30), () -> {
            ServiceReference<?> ref = tenantService("legacy");
            return ref != null && ref.getProperty("api.key.hashes") == null
                    && api.get(tenantPath("legacy", "interactions"), "legacy-key-0123456789abcdefAB").status() == 200;
        });
        for (String id : new String[] {T, "legacy"}) {
            ServiceReference<?> ref = tenantService(id);
            for (String name : ref.getPropertyKeys()) {
                assertFalse(id + " publishes " + name, name.contains("api.key"));
            }
            assertNull("not even the typed key's empty default", ref.getProperty("api.key"));
        }
        assertNull(legacy.getProperties().get("api.key.hashes"));
        assertNotNull(legacy.getProperties().get(".api.key.hashes"));
    }

    private ServiceReference<?> tenantService(String id) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences("org.crmconnector.core.tenant.Tenant", "(tenant.id=" + id + ")");
            return refs == null ? null : refs[0];
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void aTenantThatDoesNotExistAnswersExactlyAsAWrongKey() {
        Api.Resp knownNoKey = api.get(tenantPath(T, "interactions"), null);
        Api.Resp unknownNoKey = api.get(tenantPath("no-such-tenant", "interactions"), null);
        assertEquals(401, knownNoKey.status());
        assertEquals(knownNoKey.status(), unknownNoKey.status());
        assertEquals(knownNoKey.body(), unknownNoKey.body());
        Api.Resp knownBadKey = api.get(tenantPath(T, "interactions"), "wrong-0123456789abcdefABCDEF");
        Api.Resp unknownBadKey = api.get(tenantPath("no-such-tenant", "interactions"), "wrong-0123456789abcdefABCDEF");
        assertEquals(401, knownBadKey.status());
        assertEquals(knownBadKey.status(), unknownBadKey.status());
        assertEquals(knownBadKey.body(), unknownBadKey.body());
        api.get(tenantPath(T, "interactions"), KEY).expect(200);
    }

    @Test
    public void metricsNeedTheScrapeToken() {
        api.get(tenantPath(T, "interactions"), KEY).expect(200);
        Api.Resp anonymous = api.get("/metrics", null).expectError(401, "BAD_CREDENTIALS");
        assertFalse(anonymous.body().contains(T));
        api.get("/metrics", "not-the-token").expect(401);
        assertTrue(api.get("/metrics", Api.SCRAPE_TOKEN).expect(200).body().contains("tenant=\"" + T + "\""));
    }

    @Test
    public void aClientGuessingKeysBacksOffWithRetryAfterThenMayTryAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            api.get(tenantPath(GUESSED, "interactions"), "guess-" + i).expectError(401, "BAD_CREDENTIALS");
        }
        Api.Resp held = api.get(tenantPath(GUESSED, "interactions"), GUESSED_KEY).expectError(429, "TOO_MANY_FAILED_LOGINS");
        int retryAfter = Integer.parseInt(held.headers().firstValue("Retry-After").orElseThrow());
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 3);
        api.get(tenantPath(T, "interactions"), KEY).expect(200);
        Thread.sleep(retryAfter * 1000L + 200);
        api.get(tenantPath(GUESSED, "interactions"), GUESSED_KEY).expect(200);
    }

    @Test
    public void theDemoTenantIsNotLiveOutsideADemoStart() throws Exception {
        Configuration demo = configAdmin.getFactoryConfiguration("org.crmconnector.tenant", "it-demo", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("tenant.id", "demo");
        props.put("adapter.instance", "demo");
        props.put("demo.only", Boolean.TRUE);
        // the name every configuration written before used, which a server without demo.only reads
        props.put("api.key.hashes", new String[] {Api.sha256("demo-key")});
        demo.update(props);
        Thread.sleep(1500);
        // DS may list the component's service, but the tenant refused to be made: its key opens nothing
        api.get(tenantPath("demo", "interactions"), "demo-key").expectError(401, "BAD_CREDENTIALS");
        demo.delete();
    }
}
