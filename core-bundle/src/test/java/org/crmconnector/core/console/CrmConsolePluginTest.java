package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.InteractionRegistryConfig;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.node.NodeIdentity;
import org.crmconnector.core.outbox.MvStoreOutboxStore;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.OutboxConfig;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.OutboxItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.owasp.encoder.Encode;

/** The plugin's page and actions over a real tenant registry, router, interaction registry and outbox. */
class CrmConsolePluginTest {

    @TempDir
    Path dir;

    private final TenantRegistry tenants = new TenantRegistry();
    private final AdapterRouter router = new AdapterRouter();
    private final InteractionRegistry interactions = new InteractionRegistry(Fakes.config(InteractionRegistryConfig.class), java.time.Clock.systemUTC(),
            new org.crmconnector.core.lifecycle.InMemoryInteractionStore());
    private final Metrics metrics = new Metrics();
    private final CsrfGuard csrf = new CsrfGuard(new byte[32]);
    private Outbox outbox;
    private CrmConsolePlugin plugin;
    private Path deploy;

    /** Refuses every log for good, so each one becomes a dead letter at once. */
    static final class RefusingCrm implements CrmConnector {
        @Override
        public ScreenPopResult screenPop(ScreenPopRequest request) {
            return new ScreenPopResult();
        }

        @Override
        public DeliveryResult saveInteractionLog(InteractionLog log) {
            return DeliveryResult.cancel("REQUIRED_FIELD_MISSING: Subject <b>");
        }

        @Override
        public DeliveryResult setDisposition(DispositionUpdate update) {
            return DeliveryResult.ok();
        }

        @Override
        public List<CrmObject> search(SearchRequest request) {
            return List.of();
        }

        @Override
        public List<org.crmconnector.crm.Disposition> dispositions() {
            return List.of();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        tenants.addTenant(new Tenant(Fakes.config(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "sf-acme",
                "display_name", "Acme <Corp>")));
        tenants.addTenant(new Tenant(Fakes.config(TenantConfig.class, "tenant_id", "globex", "adapter_instance", "gone")));
        router.bindConnector(new RefusingCrm(), Map.of(CrmConnector.CRM_INSTANCE, "sf-acme", CrmConnector.CRM_TYPE,
                "salesforce", Constants.SERVICE_ID, 7L, Constants.SERVICE_BUNDLEID, 42L));
        outbox = new Outbox(Fakes.config(OutboxConfig.class, "poll_interval_millis", 20L), "test",
                new MvStoreOutboxStore(dir.resolve("outbox")),
                t -> tenants.find(t).map(Tenant::adapterInstance), router, Clock.systemUTC(), () -> 0.5);
        deploy = Files.createDirectories(dir.resolve("deploy"));
        plugin = new CrmConsolePlugin(new CrmConsolePlugin.Engine(tenants, router, interactions, outbox, metrics,
                NodeIdentity.of("node-a")),
                () -> List.of(new AdapterBundles.AdapterBundle(42, "org.crmconnector.crm.salesforce",
                        "0.1.0", "ACTIVE", "v2")), new DeployFolder(deploy), new ConfigLinks(null), csrf);
    }

    @AfterEach
    void tearDown() {
        outbox.close();
    }

    private long deadLetter(String tenantId, String interactionId) {
        Interaction i = new Interaction();
        i.tenantId = tenantId;
        i.interactionId = interactionId;
        long id = outbox.enqueue(tenantId, OutboxItem.Kind.LOG, null, new InteractionLog(i, null));
        await(() -> outbox.deadLetters(tenantId).stream().anyMatch(d -> d.id == id));
        return id;
    }

    private static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Fakes.Response get(Fakes.Request req) throws Exception {
        Fakes.Response resp = new Fakes.Response();
        Fakes.run(plugin, req, resp);
        return resp;
    }

    private Fakes.Request action(String action, String tenant, Object id) {
        Fakes.Request r = new Fakes.Request().post().header("Origin", "http://localhost:19380")
                .header("Accept", "application/json").param("csrf", csrf.token("admin")).param("action", action)
                .param("tenant", tenant);
        return id == null ? r : r.param("id", String.valueOf(id));
    }

    @Test
    void aThousandTenantsAreCountedFilteredAndPaged() throws Exception {
        for (int i = 0; i < 1000; i++) {
            tenants.addTenant(new Tenant(Fakes.config(TenantConfig.class, "tenant_id", String.format("t%04d", i),
                    "adapter_instance", i % 10 == 0 ? "gone" : "sf-acme")));
        }
        String html = get(new Fakes.Request()).body();
        assertTrue(html.contains("1002 tenants: <span data-state='live'>901 live</span>, <span data-state='not-active'>0 "
                + "refused or not active</span>, <span data-state='no-adapter'>101 without their adapter</span>"), html);
        assertEquals(FilteredTable.PAGE_SIZE, tenantRows(html), "one page of the tenants table");
        assertTrue(html.contains("Rows 1–50 of 1002"), html);

        String filtered = get(new Fakes.Request().param("tq", "t09").param("tstate", "no-adapter")).body();
        assertEquals(10, tenantRows(filtered), "t0900, t0910, ... t0990: without their adapter");
        assertTrue(filtered.contains("Rows 1–10 of 10 (1002 in all)"), filtered);

        String last = get(new Fakes.Request().param("tpage", "21")).body();
        assertEquals(2, tenantRows(last));
        assertTrue(last.contains("Rows 1001–1002 of 1002 · <a href="), last);
        assertFalse(last.substring(last.indexOf("id='crm-tenants-pages'")).split("</p>")[0].contains(">next</a>"),
                "no page after the last");
    }

    /** Rows of the tenants table alone (the hot deploy table lists tenants too). */
    private static int tenantRows(String html) {
        String table = html.substring(html.indexOf("id='crm-tenants'"), html.indexOf("id='crm-tenants-pages'"));
        return table.split("<tr data-tenant=", -1).length - 1;
    }

    @Test
    void pageListsTenantsWithBindingActivityAndEscapedNames() throws Exception {
        metrics.pop("acme", "ok", null);
        metrics.logStored("acme");
        metrics.pop("globex", "adapter_unavailable", "<img src=x onerror=alert(1)>");
        String html = get(new Fakes.Request()).body();
        assertTrue(html.contains("Acme &lt;Corp&gt;"), html);
        assertFalse(html.contains("<Corp>"));
        assertTrue(html.contains("bound (service 7)"));
        assertTrue(html.contains("<td class='crm-bad'>MISSING</td>"));
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertFalse(html.contains("<img src=x"));
        assertTrue(html.contains("data-csrf='" + csrf.token("admin") + "'"));
        assertTrue(html.contains("<td class='crm-tag'>v2</td>"), "the adapter bundle's build tag");
        assertTrue(html.contains("Node <b>node-a</b>"), "which node answered");
    }

    @Test
    void noOtherPageMayFrameThePageAndNoAnswerIsSniffed() throws Exception {
        long id = deadLetter("acme", "call-1");
        for (Fakes.Response resp : List.of(get(new Fakes.Request()), get(action("discard", "acme", id)),
                get(action("discard", "acme", id).header("Origin", "https://attacker.example")))) {
            assertEquals("frame-ancestors 'none'", resp.headers.get("Content-Security-Policy"), resp.body());
            assertEquals("nosniff", resp.headers.get("X-Content-Type-Options"));
        }
    }

    @Test
    void deadLettersShowTheCrmErrorEscapedWithConfirmedActions() throws Exception {
        deadLetter("acme", "call-1");
        String html = get(new Fakes.Request()).body();
        assertTrue(html.contains("CRM refused it: REQUIRED_FIELD_MISSING: Subject &lt;b&gt;"), html);
        assertTrue(html.contains("onsubmit=\"return confirm('Send dead letter"));
        assertTrue(html.contains("name='action' value='discard'"));
    }

    @Test
    void unloggedInteractionsAreCountedOnTheTenantRowAndListedWithTheErrorAndARetry() throws Exception {
        long dead = deadLetter("acme", "call-1");
        Interaction waiting = new Interaction();
        waiting.tenantId = "globex";
        waiting.interactionId = "call-2";
        waiting.agentId = "agent-7";
        waiting.finishReason = "abandoned";
        outbox.enqueue("globex", OutboxItem.Kind.LOG, null, new InteractionLog(waiting, null));
        metrics.interactionExcluded("acme");
        String html = get(new Fakes.Request()).body();
        assertTrue(html.contains("<td class='crm-unlogged crm-bad'><a href='/system/console/crm?tenant=acme#unlogged'>"
                + "1 unlogged</a> · 1 excluded</td>"), html);
        assertTrue(html.contains("<h2 id='unlogged'>"));
        assertTrue(html.contains("data-tenant='acme' data-key='call-1'><td>acme</td><td>call-1</td><td></td>"
                + "<td class='crm-bad'>cancelled</td>"), html);
        assertTrue(html.contains("CRM refused it: REQUIRED_FIELD_MISSING"));
        assertTrue(html.contains("<td>call-2</td><td>agent-7</td><td class=''>pending</td><td>abandoned</td>"), html);
        assertTrue(html.contains("Send the log of call-1 (tenant acme) again?"));

        String acmeOnly = get(new Fakes.Request().param("tenant", "acme")).body();
        assertTrue(acmeOnly.contains("data-key='call-1'"));
        assertFalse(acmeOnly.contains("data-key='call-2'"), "the tenant's own view");

        assertEquals(200, get(action("retry", "acme", dead)).status, "the listed id is the dead letter's");
    }

    @Test
    void retryAndDiscardOnlyTouchTheNamedTenantsItems() throws Exception {
        long acme = deadLetter("acme", "call-1");
        tenants.addTenant(new Tenant(Fakes.config(TenantConfig.class, "tenant_id", "initech", "adapter_instance", "sf-acme")));
        long initech = deadLetter("initech", "call-2");

        Fakes.Response resp = get(action("retry", "initech", acme));
        assertEquals(404, resp.status, resp.body());
        resp = get(action("discard", "initech", acme));
        assertEquals(404, resp.status);
        assertEquals(1, outbox.deadLetters("acme").size(), "another tenant's id changes nothing");

        resp = get(action("discard", "initech", initech));
        assertEquals(200, resp.status, resp.body());
        assertTrue(outbox.deadLetters("initech").isEmpty());
        assertEquals(1, outbox.deadLetters("acme").size());

        resp = get(action("retry", "acme", acme));
        assertEquals(200, resp.status, resp.body());
        assertTrue(resp.body().contains("queued again"));
        // the refusing CRM refuses again: the item comes back as a dead letter with one more attempt
        await(() -> outbox.deadLetters("acme").size() == 1 && outbox.deadLetters("acme").get(0).attempts >= 1);
    }

    @Test
    void retryAllAnswersWithARedirectForForms() throws Exception {
        deadLetter("acme", "call-1");
        deadLetter("acme", "call-2");
        Fakes.Request r = action("retryAll", "acme", null);
        r.headers.remove("Accept");
        Fakes.Response resp = get(r);
        assertEquals(303, resp.status);
        assertTrue(resp.headers.get("Location").startsWith("/system/console/crm?done=2+dead+letters"), resp.headers.toString());
    }

    @Test
    void refusesStateChangesWithoutTokenOrFromAnotherOriginWith403Json() throws Exception {
        long id = deadLetter("acme", "call-1");
        Fakes.Response resp = get(action("discard", "acme", id).param("csrf", null));
        assertEquals(403, resp.status);
        assertEquals("application/json", resp.contentType);
        assertEquals("{\"error\":\"missing CSRF token\"}", resp.body());
        resp = get(action("discard", "acme", id).header("Origin", "https://attacker.example"));
        assertEquals(403, resp.status);
        assertEquals(1, outbox.deadLetters("acme").size(), "nothing discarded");
        Fakes.Request asGet = action("discard", "acme", id);
        asGet.method = "GET";
        get(asGet);
        assertEquals(1, outbox.deadLetters("acme").size(), "a GET never changes state");
    }

    @Test
    void interactionDataIsMaskedUnlessRevealed() throws Exception {
        interactions.create("acme", "c-1", InteractionState.OFFERED, 10, i -> {
            i.callerNumber = "+15551234567";
            i.callerName = "Jane Doe";
            i.agentId = "agent-7";
            i.comments = "card 4111";
        });
        String list = get(new Fakes.Request().param("tenant", "acme")).body();
        assertTrue(list.contains("+\u2022\u2022\u2022\u2022\u2022\u2022\u20224567"), list);
        assertFalse(list.contains("15551234567"));

        String masked = get(new Fakes.Request().param("tenant", "acme").param("open", "c-1")).body();
        assertFalse(masked.contains("Jane"));
        assertFalse(masked.contains("card 4111"));
        assertTrue(masked.contains("(9 characters)"));

        String revealed = get(new Fakes.Request().param("tenant", "acme").param("open", "c-1").param("reveal", "1")).body();
        assertTrue(revealed.contains("Jane Doe"));
        assertTrue(revealed.contains("+15551234567"));
        assertFalse(revealed.contains("sha256:"), "no key hashes anywhere");
    }

    @Test
    void filtersInteractionsByAgentChannelAndState() throws Exception {
        interactions.create("acme", "c-1", InteractionState.OFFERED, 10, i -> i.agentId = "agent-1");
        interactions.create("acme", "c-2", InteractionState.ACCEPTED, 10, i -> i.agentId = "agent-2");
        String html = get(new Fakes.Request().param("agent", "agent-2")).body();
        assertTrue(html.contains(">c-2</a>"));
        assertFalse(html.contains(">c-1</a>"));
        html = get(new Fakes.Request().param("state", "offered").param("channel", "VOICE")).body();
        assertTrue(html.contains(">c-1</a>"));
        assertFalse(html.contains(">c-2</a>"));
    }

    @Test
    void uploadWritesTheJarIntoTheDeployFolderAndRefusesBadNames() throws Exception {
        Fakes.Request up = new Fakes.Request().header("Origin", "http://localhost:19380")
                .header(CsrfGuard.HEADER, csrf.token("admin")).param("file", "crm-x.jar");
        up.method = "POST";
        up.pathInfo = "/crm/upload";
        up.contentType = "application/java-archive";
        up.body = DeployFolderTest.jar("org.example.x", "1.0.0", "v3", true);
        Fakes.Response resp = get(up);
        assertEquals(200, resp.status, resp.body());
        assertTrue(resp.body().contains("\"buildTag\":\"v3\""));
        assertTrue(Files.exists(deploy.resolve("crm-x.jar")));

        up.param("file", "../../etc/x.jar");
        resp = get(up);
        assertEquals(400, resp.status);

        up.param("file", "crm-y.jar").headers.remove(CsrfGuard.HEADER);
        resp = get(up);
        assertEquals(403, resp.status);
        assertFalse(Files.exists(deploy.resolve("crm-y.jar")));
    }

    @Test
    void deploySectionShowsFolderAndWhichBundleVersionEachTenantUses() throws Exception {
        String html = get(new Fakes.Request()).body();
        assertTrue(html.contains(Encode.forHtml(deploy.toAbsolutePath().toString())));
        assertTrue(html.contains("<tr data-tenant='acme'><td>acme</td><td>sf-acme</td><td>org.crmconnector.crm.salesforce</td>"
                + "<td>0.1.0</td><td class='crm-tag'>v2</td></tr>"), html);
        assertTrue(html.contains("<tr data-tenant='globex'><td>globex</td><td>gone</td><td colspan='3' class='crm-bad'>MISSING</td>"));
        assertEquals(Optional.empty(), new ConfigLinks(null).tenantPid("acme"));
    }
}
