package org.crmconnector.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 16, item 1: the operator API end to end over HTTP, on the server with
 * its adapters. Operator keys only; bad input is a 4xx naming the attribute
 * and changes nothing; PUT by id is idempotent; a bulk request provisions
 * hundreds; secrets go in and never come out; Configuration Admin (what the
 * console and the deploy folder show) holds what the API wrote.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdminApiIT extends PreparedServer {

    private static final String OPERATOR_KEY = "op-7c0f6a2e9d4b8e1f3a5c7e9b2d4f6a8c";
    private static final String TENANT_KEY = "tk-0f6a2e9d4b8e1f3a5c7e9b2d4f6a8c7c";
    private static final String CRM_SECRET = "crm-secret-9d4b8e1f3a5c";
    private static final String A = "/api/v1/admin";

    @Override
    @Configuration
    public Option[] config() {
        return new Option[] {ServerOptions.server(ServerOptions.freePort(), ServerOptions.newWorkDir(), true)};
    }

    @Override
    protected void prepare() throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.crmconnector.admin", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(".operator.keys", new String[] {"alice=" + Api.sha256(OPERATOR_KEY)});
        c.update(props);
        Api.awaitTrue("the operator key opens the operator API", Duration.ofSeconds(30),
                () -> api.get(A + "/summary", OPERATOR_KEY).status() == 200);
    }

    private static Map<String, Object> restAdapter(String instance) {
        return Api.map("type", "org.crmconnector.crm.genericrest", "attributes", Api.map("base.url",
                "http://127.0.0.1:9/crm", "lookup.url", "/contacts?phone={ani}", "log.url", "/activities",
                "auth.type", "bearer", "auth.token", CRM_SECRET, "http.max.attempts", 2));
    }

    private static Map<String, Object> tenant(String adapter) {
        return Api.map("attributes", Api.map("adapter.instance", adapter, "display.name", "Acme",
                "pop.voice", "accepted", "dispositions", List.of("Done", "Call back")));
    }

    private org.osgi.service.cm.Configuration[] configurations(String filter) throws Exception {
        org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations(filter);
        return found == null ? new org.osgi.service.cm.Configuration[0] : found;
    }

    @Test
    public void tenantKeysNoKeyAndWrongKeysAreRefused() throws Exception {
        api.createTenant(configAdmin, "keyed", TENANT_KEY, Map.of());
        api.get(A + "/tenants", null).expectError(401, "MISSING_CREDENTIALS");
        api.get(A + "/tenants", TENANT_KEY).expectError(401, "BAD_CREDENTIALS");
        api.get(A + "/tenants", OPERATOR_KEY + "x").expectError(401, "BAD_CREDENTIALS");
        api.put(A + "/tenants/sneaky", TENANT_KEY, tenant("x")).expectError(401, "BAD_CREDENTIALS");
        assertEquals(0, configurations("(tenant.id=sneaky)").length);
        // and the other way round: an operator key opens no tenant
        api.get(Api.tenantPath("keyed", "interactions"), OPERATOR_KEY).expectError(401, "BAD_CREDENTIALS");
    }

    @Test
    public void badInputIsRefusedNamingTheAttributeAndChangesNothing() throws Exception {
        assertTrue(api.put(A + "/tenants/bad", OPERATOR_KEY, Api.map("attributes", Api.map("adapter.instance", "x",
                "pop.voice", "sometimes"))).expectError(400, "INVALID_ATTRIBUTE").json().toString().contains("pop.voice"));
        assertTrue(api.put(A + "/tenants/bad", OPERATOR_KEY, Api.map("attributes", Api.map("adapter.instance", "x",
                "max.live.interactions", "ten"))).expectError(400, "INVALID_ATTRIBUTE").body()
                .contains("max.live.interactions must be an integer"));
        assertTrue(api.put(A + "/tenants/bad", OPERATOR_KEY, Api.map("attributes", Api.map("adapter.instance", "x",
                "colour", "red"))).expectError(400, "INVALID_ATTRIBUTE").body().contains("colour"));
        assertTrue(api.put(A + "/tenants/bad", OPERATOR_KEY, Api.map("attributes", Api.map("display.name", "x")))
                .expectError(400, "MISSING_ATTRIBUTE").body().contains("adapter.instance"));
        // the tenant's own check: a weak key
        assertTrue(api.put(A + "/tenants/bad", OPERATOR_KEY, Api.map("attributes", Api.map("adapter.instance", "x",
                "api.key", "short"))).expectError(400, "INVALID_ATTRIBUTE").body().contains("api.key"));
        // the adapter's own check, through its CrmConfigurationCheck: a base URL it cannot use
        Map<String, Object> adapter = restAdapter("bad-crm");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) adapter.get("attributes");
        attributes.put("base.url", "ftp://crm.example.com");
        assertTrue(api.put(A + "/adapters/bad-crm", OPERATOR_KEY, adapter).expectError(400, "INVALID_ATTRIBUTE").body()
                .contains("base.url"));
        api.put(A + "/adapters/bad-crm", OPERATOR_KEY, Api.map("type", "org.example.nothing", "attributes", Map.of()))
                .expectError(400, "UNKNOWN_TYPE");
        api.send(A + "/tenants/bad", "PUT", OPERATOR_KEY, "application/json", "{\"attributes\":").expect(400);
        api.send(A + "/tenants/bad", "PUT", OPERATOR_KEY, "text/plain", "{}").expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        api.put(A + "/tenants/b%20d", OPERATOR_KEY, tenant("x")).expectError(400, "INVALID_ID");
        api.send(A + "/tenants/bad", "PATCH", OPERATOR_KEY, "application/json", "{}").expectError(405, "METHOD_NOT_ALLOWED");
        // a bulk request with one bad item writes none of the good ones
        Map<String, Object> good = restAdapter("good-crm");
        good.put("id", "good-crm");
        api.post(A + "/bulk", OPERATOR_KEY, Api.map("adapters", List.of(good), "tenants",
                List.of(Api.map("id", "good", "attributes", Api.map("adapter.instance", "good-crm")),
                        Api.map("id", "bad", "attributes", Api.map("adapter.instance", "x", "pop.chat", "later")))))
                .expectError(400, "INVALID_ATTRIBUTE").body().contains("tenants[1].attributes.pop.chat");
        assertEquals(0, configurations("(|(tenant.id=bad)(tenant.id=good)(crm.instance=bad-crm)(crm.instance=good-crm))")
                .length);
    }

    @Test
    public void putByIdIsIdempotentAndConfigurationAdminHoldsWhatItWrote() throws Exception {
        assertEquals("created", api.put(A + "/adapters/idem-crm", OPERATOR_KEY, restAdapter("idem-crm")).expect(201)
                .json().path("outcome").asText());
        assertEquals("created", api.put(A + "/tenants/idem", OPERATOR_KEY, tenant("idem-crm")).expect(201).json()
                .path("outcome").asText());
        assertEquals("unchanged", api.put(A + "/tenants/idem", OPERATOR_KEY, tenant("idem-crm")).expect(200).json()
                .path("outcome").asText());
        assertEquals("unchanged", api.put(A + "/adapters/idem-crm", OPERATOR_KEY, restAdapter("idem-crm")).expect(200)
                .json().path("outcome").asText());
        org.osgi.service.cm.Configuration[] found = configurations("(tenant.id=idem)");
        assertEquals(1, found.length);
        Dictionary<String, Object> p = found[0].getProperties();
        assertEquals("idem-crm", p.get("adapter.instance"));
        assertEquals("accepted", p.get("pop.voice"));
        assertArrayEquals(new String[] {"Done", "Call back"}, (String[]) p.get("dispositions"));
        Api.awaitTrue("tenant idem is live with its adapter", Duration.ofSeconds(30),
                () -> "live".equals(api.get(A + "/tenants/idem", OPERATOR_KEY).json().path("state").asText()));
        assertTrue(console().contains("data-tenant='idem'"));

        // a change through Configuration Admin (as the console or a file makes it) is what the API reads
        Hashtable<String, Object> changed = new Hashtable<>();
        for (String k : java.util.Collections.list(p.keys())) {
            changed.put(k, p.get(k));
        }
        changed.put("display.name", "Acme West");
        found[0].update(changed);
        assertEquals("Acme West", api.get(A + "/tenants/idem", OPERATOR_KEY).json().path("attributes")
                .path("display.name").asText());
        assertEquals("updated", api.put(A + "/tenants/idem", OPERATOR_KEY, tenant("idem-crm")).expect(200).json()
                .path("outcome").asText());

        api.delete(A + "/tenants/idem", OPERATOR_KEY).expect(200);
        assertEquals(0, configurations("(tenant.id=idem)").length);
        api.get(A + "/tenants/idem", OPERATOR_KEY).expectError(404, "NOT_FOUND");
        api.delete(A + "/tenants/idem", OPERATOR_KEY).expectError(404, "NOT_FOUND");
    }

    @Test
    public void aPostCreatesOnceAndAPostOfTheSameIdIsRefusedChangingNothing() throws Exception {
        api.put(A + "/adapters/post-crm", OPERATOR_KEY, restAdapter("post-crm")).expect(201);
        Map<String, Object> body = new LinkedHashMap<>(tenant("post-crm"));
        body.put("id", "posted");
        assertEquals("created", api.post(A + "/tenants", OPERATOR_KEY, body).expect(201).json().path("outcome").asText());
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put("attributes", Api.map("adapter.instance", "post-crm", "display.name", "Someone else"));
        api.post(A + "/tenants", OPERATOR_KEY, changed).expectError(409, "ALREADY_EXISTS");
        assertEquals("Acme", configurations("(tenant.id=posted)")[0].getProperties().get("display.name"));
        api.delete(A + "/tenants/posted", OPERATOR_KEY).expect(200);
    }

    @Test
    public void secretsGoInAndNeverComeOut() throws Exception {
        api.put(A + "/adapters/secret-crm", OPERATOR_KEY, restAdapter("secret-crm")).expect(201);
        Map<String, Object> t = tenant("secret-crm");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) t.get("attributes");
        attributes.put("api.key", TENANT_KEY);
        api.put(A + "/tenants/secret", OPERATOR_KEY, t).expect(201);

        Api.Resp adapter = api.get(A + "/adapters/secret-crm", OPERATOR_KEY).expect(200);
        assertFalse(adapter.body(), adapter.body().contains(CRM_SECRET));
        assertTrue(adapter.json().path("secrets").path("auth.token").asBoolean());
        assertFalse(adapter.json().path("secrets").path("auth.password").asBoolean(true));
        Api.Resp tenant = api.get(A + "/tenants/secret", OPERATOR_KEY).expect(200);
        assertFalse(tenant.body().contains(TENANT_KEY));
        assertFalse(tenant.body().contains(Api.sha256(TENANT_KEY)));
        assertTrue(tenant.json().path("secrets").path("api.key").asBoolean());
        for (String list : List.of("/tenants", "/adapters")) {
            String body = api.get(A + list + "?limit=1000", OPERATOR_KEY).expect(200).body();
            assertFalse(body.contains(CRM_SECRET) || body.contains(TENANT_KEY) || body.contains(Api.sha256(TENANT_KEY)));
        }
        // the key was stored as its hash only, and opens the tenant's API
        Dictionary<String, Object> p = configurations("(tenant.id=secret)")[0].getProperties();
        assertNull(p.get(".api.key"));
        assertArrayEquals(new String[] {Api.sha256(TENANT_KEY)}, (String[]) p.get(".api.key.hashes"));
        Api.awaitTrue("the tenant answers its key", Duration.ofSeconds(30),
                () -> api.get(Api.tenantPath("secret", "interactions"), TENANT_KEY).status() == 200);

        // a PUT that leaves the secrets out keeps them
        api.put(A + "/tenants/secret", OPERATOR_KEY, tenant("secret-crm")).expect(200);
        Map<String, Object> noToken = restAdapter("secret-crm");
        ((Map<?, ?>) noToken.get("attributes")).remove("auth.token");
        assertEquals("unchanged", api.put(A + "/adapters/secret-crm", OPERATOR_KEY, noToken).expect(200).json()
                .path("outcome").asText());
        assertEquals(CRM_SECRET, configurations("(crm.instance=secret-crm)")[0].getProperties().get(".auth.token"));
        assertArrayEquals(new String[] {Api.sha256(TENANT_KEY)},
                (String[]) configurations("(tenant.id=secret)")[0].getProperties().get(".api.key.hashes"));
    }

    @Test
    public void aBulkRequestProvisionsHundredsAndTheySummariseAsLive() throws Exception {
        List<Object> adapters = new ArrayList<>();
        List<Object> tenants = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = String.format("bulk%03d", i);
            Map<String, Object> a = restAdapter(id + "-crm");
            a.put("id", id + "-crm");
            adapters.add(a);
            Map<String, Object> t = tenant(id + "-crm");
            t.put("id", id);
            tenants.add(t);
        }
        JsonNode answer = api.post(A + "/bulk", OPERATOR_KEY, Api.map("adapters", adapters, "tenants", tenants)).expect(200)
                .json();
        assertEquals(600, answer.path("created").asInt());
        assertEquals(600, answer.path("results").size());
        Api.awaitTrue("all 300 bulk tenants live", Duration.ofSeconds(60),
                () -> api.get(A + "/tenants?q=bulk&state=live&limit=1", OPERATOR_KEY).json().path("total").asInt() == 300);
        JsonNode page = api.get(A + "/tenants?q=bulk&offset=290&limit=50", OPERATOR_KEY).expect(200).json();
        assertEquals(300, page.path("total").asInt());
        assertEquals(10, page.path("items").size());
        assertTrue(api.get(A + "/summary", OPERATOR_KEY).json().path("tenants").path("live").asInt() >= 300);
        // the same bulk again changes nothing
        assertEquals(600, api.post(A + "/bulk", OPERATOR_KEY, Api.map("adapters", adapters, "tenants", tenants))
                .expect(200).json().path("unchanged").asInt());
    }

    @Test
    public void anAdapterConfigurationSavedPastTheChecksShowsRefusedWithItsReasonOnTheConsolePage() throws Exception {
        // as the Web Console's Configuration tab saves: straight into Configuration Admin, no CrmConfigurationCheck
        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration("org.crmconnector.crm.genericrest",
                "console-bad", "?");
        Hashtable<String, Object> props = new Hashtable<>(Map.of("crm.instance", "console-bad", "base.url",
                "ftp://crm.example.com", "lookup.url", "/contacts?phone={ani}", "log.url", "/activities",
                "auth.type", "bearer", "auth.token", CRM_SECRET, "http.max.attempts", 2));
        c.update(props);
        try {
            Api.awaitTrue("the console page shows the instance refused", Duration.ofSeconds(30),
                    () -> console().contains("data-instance='console-bad' class='crm-inactive'"));
            String page = console();
            int row = page.indexOf("data-instance='console-bad' class='crm-inactive'");
            String shown = page.substring(row, page.indexOf("</tr>", row));
            assertTrue(shown, shown.contains("REFUSED: ") && shown.contains("base.url"));
            assertFalse("no secret on the page", page.contains(CRM_SECRET));
            assertEquals("refused", api.get(A + "/adapters/console-bad", OPERATOR_KEY).expect(200).json().path("state")
                    .asText());
        } finally {
            c.delete();
        }
    }

    @Test
    public void adapterTypesDescribeTheirAttributes() {
        JsonNode types = api.get(A + "/adapter-types", OPERATOR_KEY).expect(200).json().path("types");
        JsonNode rest = null;
        for (JsonNode t : types) {
            if (t.path("type").asText().equals("org.crmconnector.crm.genericrest")) {
                rest = t;
            }
        }
        assertTrue(types.toString(), rest != null);
        assertTrue(rest.path("attributes").toString().contains("\"id\":\"auth.token\""));
        assertTrue(rest.path("attributes").toString().contains("\"secret\":true"));
    }

    /** The CRM Connector page of the Web Console. */
    private String console() {
        String basic = Base64.getEncoder().encodeToString((ServerOptions.CONSOLE_USER + ":" + ServerOptions.CONSOLE_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return api.send(HttpRequest.newBuilder(URI.create(api.base + "/system/console/crm?tq=idem&aq=console-bad"))
                .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(20)).GET().build()).expect(200).body();
    }

    /** The Web Console's form is held to the same checks as this API: an adapter's own, before anything is stored. */
    @Test
    public void theConfigurationTabRefusesAnAdapterInstanceItsAdapterWouldRefuseWithTheReason() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("crm.instance", "typo-crm");
        fields.put("instance.url", "https://acme.my.salesforce.com");
        fields.put("api.version", "62");
        fields.put("client.id", "client");
        Api.Resp refused = api.consoleSaveNew("org.crmconnector.crm.salesforce", fields, api.base);
        assertEquals(refused.body(), 400, refused.status());
        assertTrue(refused.body(), refused.body().contains("api.version"));
        assertNull("nothing was stored", configAdmin.listConfigurations(
                "(&(service.factoryPid=org.crmconnector.crm.salesforce)(crm.instance=typo-crm))"));
    }

    /** A placeholder is resolved only when the configuration reaches its component: that is where it is judged. */
    @Test
    public void aValueNamingAPlaceholderIsStoredAndJudgedByTheComponent() {
        Map<String, Object> adapter = restAdapter("env-crm");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) adapter.get("attributes");
        attributes.put("base.url", "$[env:CRM_IT_UNSET_BASE_URL]");
        assertEquals("created", api.put(A + "/adapters/env-crm", OPERATOR_KEY, adapter).expect(201).json()
                .path("outcome").asText());
        // unset in this environment: the component gets no URL it can use and refuses, with its reason
        Api.awaitTrue("the instance is refused by its component", Duration.ofSeconds(30),
                () -> "refused".equals(api.get(A + "/adapters/env-crm", OPERATOR_KEY).json().path("state").asText()));
        assertTrue(api.get(A + "/adapters/env-crm", OPERATOR_KEY).json().path("reason").asText().contains("base.url"));
        api.delete(A + "/adapters/env-crm", OPERATOR_KEY).expect(200);
    }
}
