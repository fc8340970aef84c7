package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.Disposition;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.interaction.CrmObject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.framework.dto.ServiceReferenceDTO;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 2: an adapter bundle installed at runtime is bound by the running
 * core, updated is rebound to the new instance, uninstalled is unbound, and
 * reinstalled takes over the work that waited, all without the core's
 * components being re-activated and without losing an interaction log.
 * The CRM is the demo CRM the server serves at /demo-crm.
 * <p>
 * Issue 15: an adapter built against the API bundle alone (Dynamics 365),
 * copied into the running server's {@code deploy/} folder, takes a tenant
 * over from the CRM it was on, with no restart; its CRM is the Dataverse
 * emulator running beside the framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdapterHotSwapIT {

    private static final Path WORK = ServerOptions.newWorkDir();
    private static final String TENANT = "swap";
    private static final String KEY = "swap-key-0123456789";
    private static final String INSTANCE = "swap-crm";
    private static final String AGENT = "agent-1";
    private static final String ADA = "+15551234567";
    private static final String CONNECTOR = "org.crmconnector.crm.CrmConnector";
    private static final String ROUTER = "org.crmconnector.core.routing.AdapterRouter";
    private static final String API_SERVLET = "org.crmconnector.core.http.ApiServlet";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private ServiceComponentRuntime scr;

    private static final String MOVED = "moved";
    private static final String MOVED_KEY = "moved-key-0123456789";
    private static final String STAND_IN = "moved-stand-in";
    private static final String DYNAMICS = "moved-dynamics";

    @Configuration
    public Option[] config() {
        String[] dv = DataverseEmulatorLauncher.start("Ada Lovelace", "555-123-4567");
        // the core without adapters: the tests install them
        return new Option[] {ServerOptions.server(ServerOptions.freePort(), WORK, false), ServerOptions.demoCrm(),
                frameworkProperty("it.dynamics.url").value(dv[0]),
                frameworkProperty("it.dynamics.contactId").value(dv[1]),
                frameworkProperty("it.dynamics.tenant").value(dv[2]),
                frameworkProperty("it.dynamics.clientId").value(dv[3]),
                frameworkProperty("it.dynamics.clientSecret").value(dv[4]),
                frameworkProperty("it.dynamics.inspect").value(dv[5]),
                frameworkProperty("it.dynamics.keyColumn").value(dv[6])};
    }

    @Test
    public void aDynamicsBundleCopiedIntoDeployTakesATenantOverWithoutRestart() throws Exception {
        String base = ConnectorClient.baseUrl(context);
        String environment = context.getProperty("it.dynamics.url");
        ConnectorClient api = new ConnectorClient(base, MOVED, MOVED_KEY);
        long routerId = componentConfiguration(ROUTER).id;
        long servletId = componentConfiguration(API_SERVLET).id;
        Bundle core = bundle("org.crmconnector.core");
        long coreModified = core.getLastModified();

        // --- the tenant works on the CRM it has now: a stand-in registered by this test
        StandInCrm standIn = new StandInCrm();
        Dictionary<String, Object> standInProperties = new Hashtable<>();
        standInProperties.put(CrmConnector.CRM_TYPE, "stand-in");
        standInProperties.put(CrmConnector.CRM_INSTANCE, STAND_IN);
        ServiceRegistration<CrmConnector> standInService = context.registerService(CrmConnector.class, standIn,
                standInProperties);
        org.osgi.service.cm.Configuration tenant = null;
        org.osgi.service.cm.Configuration instance = null;
        // the folder FileInstall watches, as the framework has it (WORK is made anew where the probe's class loads)
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        Path deployed = deploy.resolve("crm-dynamics-bundle.jar");
        tenant = ConnectorClient.createTenant(configAdmin, MOVED, STAND_IN, MOVED_KEY);
        try (ConnectorClient.AgentEvents events = agentEventsOnceLive(api)) {
            JsonNode pop = offer(api, events, "moved-1");
            assertEquals(pop.toString(), "ok", pop.path("status").asText());
            assertEquals(pop.toString(), "NONE", pop.path("match").asText());
            api.finishCall("moved-1", AGENT, 20, "Resolved", "on the stand-in");
            ConnectorClient.await("the stand-in has the log of moved-1", () -> standIn.logged.contains(MOVED + ":moved-1"));

            // --- the Dynamics bundle is copied into deploy/, as an operator does (a temporary name, then a move)
            assertTrue("the server has no Dynamics adapter yet", findBundle("org.crmconnector.crm.dynamics") == null);
            Path copy = deploy.resolveSibling("crm-dynamics-bundle.jar.part");
            Files.copy(ServerOptions.serverDir().resolve("deploy/crm-dynamics-bundle.jar"), copy);
            Files.move(copy, deployed, StandardCopyOption.ATOMIC_MOVE);
            Bundle dynamics = ConnectorClient.awaitValue(this::deployDiagnosis, "FileInstall starts the Dynamics bundle", () -> {
                Bundle b = findBundle("org.crmconnector.crm.dynamics");
                return b != null && b.getState() == Bundle.ACTIVE ? b : null;
            });
            assertTrue("installed from deploy/: " + dynamics.getLocation(), dynamics.getLocation().contains("deploy"));

            // --- an instance for the environment, and the tenant moved to it
            Dictionary<String, Object> dv = new Hashtable<>();
            dv.put("crm.instance", DYNAMICS);
            dv.put("environment.url", environment);
            dv.put("auth.authority", environment);
            dv.put("auth.tenant", context.getProperty("it.dynamics.tenant"));
            dv.put("client.id", context.getProperty("it.dynamics.clientId"));
            dv.put(".client.secret", context.getProperty("it.dynamics.clientSecret"));
            instance = ConnectorClient.factoryConfig(configAdmin, "org.crmconnector.crm.dynamics", "it-moved", dv);
            long dynamicsService = awaitAdapterService(DYNAMICS, -1, dynamics);
            assertEquals(dynamics.getBundleId(), serviceBundle(dynamicsService));
            ConnectorClient.createTenant(configAdmin, MOVED, DYNAMICS, MOVED_KEY);
            ConnectorClient.await("the router binds the Dynamics service " + dynamicsService,
                    () -> boundAdapters().contains(dynamicsService));

            // --- pops and logs now come from and go to Dynamics 365
            String contactId = context.getProperty("it.dynamics.contactId");
            String[] call = new String[1];
            pop = ConnectorClient.awaitValue("the tenant's pops come from Dynamics", () -> {
                try {
                    call[0] = "moved-" + System.nanoTime();
                    JsonNode p = offer(api, events, call[0]);
                    return "ONE".equals(p.path("match").asText()) ? p : null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(pop.toString(), environment + "/main.aspx?etn=contact&id=" + contactId + "&pagetype=entityrecord",
                    pop.path("url").asText());
            api.finishCall(call[0], AGENT, 95, "Resolved", "on Dynamics");
            // the log written at hang-up is updated by the wrap-up's, with the notes
            JsonNode logged = ConnectorClient.awaitValue("one phone call for " + call[0] + " with the wrap-up in Dataverse", () -> {
                JsonNode c = phonecall(environment, MOVED + ":" + call[0]);
                return c != null && c.path("description").asText().startsWith("on Dynamics") ? c : null;
            });
            assertTrue(logged.toString(), logged.path("description").asText().contains("Disposition: Resolved"));
            assertEquals(logged.toString(), 2, logged.path("actualdurationminutes").asInt());
            assertEquals(logged.toString(), contactId, logged.path("_regardingobjectid_value").asText());
            assertFalse("the stand-in got nothing after the move", standIn.logged.contains(MOVED + ":" + call[0]));
            ConnectorClient.await("the outbox is empty", () -> api.delivery().path("pending").asInt() == 0);
        } finally {
            // leave the server as the other test expects it: no tenant of ours, no adapter bound
            standInService.unregister();
            if (tenant != null) {
                tenant.delete();
            }
            if (instance != null) {
                instance.delete();
            }
            Files.deleteIfExists(deployed);
            ConnectorClient.await("FileInstall uninstalls the Dynamics bundle", () -> findBundle("org.crmconnector.crm.dynamics") == null);
            ConnectorClient.await("the tenant is gone", () -> api.tenantGet("delivery").status() != 200);
        }

        // the core lived through it
        assertEquals("AdapterRouter was not re-activated", routerId, componentConfiguration(ROUTER).id);
        assertEquals("ApiServlet was not re-activated", servletId, componentConfiguration(API_SERVLET).id);
        assertEquals("the core bundle was not touched", coreModified, core.getLastModified());
    }

    /** For a failure message: what FileInstall is and what it installed. */
    private String deployDiagnosis() {
        StringBuilder sb = new StringBuilder("fileinstall.dir=" + context.getProperty("felix.fileinstall.dir") + "; ");
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && (b.getSymbolicName().contains("fileinstall") || b.getSymbolicName().contains("dynamics"))) {
                sb.append(b.getSymbolicName()).append(" state ").append(b.getState()).append(" at ").append(b.getLocation()).append("; ");
            }
        }
        return sb.toString();
    }

    /** The agent's stream, opened once the tenant answers (a stream of an unknown tenant is refused). */
    private static ConnectorClient.AgentEvents agentEventsOnceLive(ConnectorClient api) {
        api.awaitTenant();
        return api.agentEvents(AGENT);
    }

    /** The phone call Dataverse holds under this key, through the emulator's test-only inspection endpoint. */
    private JsonNode phonecall(String environment, String key) {
        ConnectorClient.Answer a = ConnectorClient.get(environment + context.getProperty("it.dynamics.inspect") + "phonecalls");
        assertEquals(a.body(), 200, a.status());
        JsonNode found = null;
        for (JsonNode call : a.json()) {
            if (key.equals(call.path(context.getProperty("it.dynamics.keyColumn")).asText())) {
                assertTrue("one phone call per key: " + a.body(), found == null);
                found = call;
            }
        }
        return found;
    }

    /** The CRM the tenant is on before the move: pops find nobody, logs are kept by key. */
    private static final class StandInCrm implements CrmConnector {
        final Set<String> logged = ConcurrentHashMap.newKeySet();

        @Override
        public ScreenPopResult screenPop(ScreenPopRequest request) {
            return new ScreenPopResult();
        }

        @Override
        public DeliveryResult saveInteractionLog(InteractionLog log) {
            logged.add(log.tenantKey());
            return DeliveryResult.ok(new CrmRecordRef("stand-in", log.tenantKey(), null));
        }

        @Override
        public DeliveryResult setDisposition(DispositionUpdate update) {
            return DeliveryResult.ok(update.record);
        }

        @Override
        public List<CrmObject> search(SearchRequest request) {
            return List.of();
        }

        @Override
        public List<Disposition> dispositions() {
            return List.of();
        }
    }

    @Test
    public void adapterIsBoundReboundAndUnboundWithoutRestartingTheCore() throws Exception {
        String base = ConnectorClient.baseUrl(context);
        ConnectorClient api = new ConnectorClient(base, TENANT, KEY);
        ConnectorClient.createTenant(configAdmin, TENANT, INSTANCE, KEY);
        api.awaitTenant();
        adapterConfiguration(base);

        long routerId = componentConfiguration(ROUTER).id;
        long servletId = componentConfiguration(API_SERVLET).id;
        Bundle core = bundle("org.crmconnector.core");
        long coreModified = core.getLastModified();
        Path jar = ServerOptions.serverDir().resolve("deploy/crm-generic-rest-bundle.jar");

        try (ConnectorClient.AgentEvents events = api.agentEvents(AGENT)) {
            // --- no adapter yet: the tenant says so, pops answer at once
            assertEquals(1, api.health().path("tenantsWithoutAdapter").asInt());
            assertTrue(boundAdapters().isEmpty());
            assertEquals("adapter_unavailable", offer(api, events, "call-0").path("status").asText());

            // --- installed at runtime: bound
            Bundle adapter = context.installBundle(jar.toUri().toString());
            adapter.start();
            long first = awaitAdapterService(INSTANCE, -1, adapter);
            ConnectorClient.await("the router binds adapter service " + first, () -> boundAdapters().equals(Set.of(first)));
            ConnectorClient.await("health counts no tenant without adapter",
                    () -> api.health().path("tenantsWithoutAdapter").asInt() == 0);
            JsonNode pop = offer(api, events, "call-1");
            assertEquals(pop.toString(), "ok", pop.path("status").asText());
            assertEquals(base + "/demo-crm/contacts/c1", pop.path("url").asText());
            api.finishCall("call-1", AGENT, 30, "Resolved", "first build");
            awaitActivity(base, "call-1");

            // --- updated with a rebuilt jar: rebound to the new instance
            Path rebuilt = retagged(jar, "it-v2");
            try (InputStream in = Files.newInputStream(rebuilt)) {
                adapter.update(in);
            }
            assertEquals("it-v2", adapter.getHeaders().get("X-Build-Tag"));
            long second = awaitAdapterService(INSTANCE, first, adapter);
            assertEquals("the new service comes from the updated bundle", adapter.getBundleId(), serviceBundle(second));
            ConnectorClient.await("the router moves from service " + first + " to " + second,
                    () -> boundAdapters().equals(Set.of(second)));
            pop = offer(api, events, "call-2");
            assertEquals(pop.toString(), "ok", pop.path("status").asText());
            api.finishCall("call-2", AGENT, 31, "Resolved", "second build");
            awaitActivity(base, "call-2");

            // --- uninstalled: unbound, pops say so promptly
            adapter.uninstall();
            ConnectorClient.await("the router unbinds service " + second, () -> boundAdapters().isEmpty());
            ConnectorClient.await("health counts the tenant without adapter",
                    () -> api.health().path("tenantsWithoutAdapter").asInt() == 1);
            long asked = System.nanoTime();
            pop = offer(api, events, "call-3");
            long popMillis = (System.nanoTime() - asked) / 1_000_000;
            assertEquals(pop.toString(), "adapter_unavailable", pop.path("status").asText());
            assertTrue("the pop without adapter took " + popMillis + " ms", popMillis < 2000);

            // a call finished meanwhile: its log waits in the outbox, unattempted
            api.finishCall("call-3", AGENT, 32, "Callback requested", "while away");
            JsonNode waiting = api.delivery();
            assertTrue("the log waits: " + waiting, waiting.path("pending").asInt() > 0);
            assertEquals(waiting.toString(), 0, waiting.path("failed").asInt());
            assertEquals(waiting.toString(), 0, waiting.path("dead").asInt());
            assertFalse("not delivered without an adapter", hasActivity(base, "call-3"));
            assertTrue("still waiting: " + api.delivery(), api.delivery().path("pending").asInt() > 0);

            // --- reinstalled: bound again, and the waiting log is delivered
            Bundle again = context.installBundle(jar.toUri().toString());
            again.start();
            long third = awaitAdapterService(INSTANCE, second, again);
            ConnectorClient.await("the router binds service " + third, () -> boundAdapters().equals(Set.of(third)));
            awaitActivity(base, "call-3");
            ConnectorClient.await("the outbox is empty", () -> api.delivery().path("pending").asInt() == 0);
            assertEquals(0, api.tenantGet("dead-letters").json().size());
        }

        // the core lived through all of it
        assertEquals("AdapterRouter was not re-activated", routerId, componentConfiguration(ROUTER).id);
        assertEquals("ApiServlet was not re-activated", servletId, componentConfiguration(API_SERVLET).id);
        assertEquals(Bundle.ACTIVE, core.getState());
        assertEquals("the core bundle was not touched", coreModified, core.getLastModified());
    }

    /** Offers a call to the agent and returns its screen pop. */
    private static JsonNode offer(ConnectorClient api, ConnectorClient.AgentEvents events, String conversationId) throws Exception {
        api.softphone("incomingCall", "{\"conversationId\":\"" + conversationId + "\",\"agentId\":\"" + AGENT
                + "\",\"callerANI\":\"" + ADA + "\"}");
        return events.pop(conversationId);
    }

    /** The demo CRM as a generic REST instance, as distribution's demo .config has it, trimmed. */
    private void adapterConfiguration(String base) throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("crm.instance", INSTANCE);
        p.put("base.url", base + "/demo-crm");
        p.put("lookup.url", "/api/contacts?phone={ani}");
        p.put("lookup.records.pointer", "/results");
        p.put("lookup.record.url.template", base + "/demo-crm/contacts/{recordId}");
        p.put("log.url", "/api/activities");
        p.put("log.body", "{\"interactionId\":\"{interactionId}\",\"notes\":\"{notes}\",\"contactId\":\"{nameId}\"}");
        p.put("http.max.attempts", 1);
        ConnectorClient.factoryConfig(configAdmin, "org.crmconnector.crm.genericrest", "it-swap", p);
    }

    /** Waits for the adapter service of the instance other than {@code previous}; returns its service id. */
    private long awaitAdapterService(String instance, long previous, Bundle adapter) throws Exception {
        String filter = "(" + "crm.instance=" + instance + ")";
        return ConnectorClient.awaitValue(() -> "adapter bundle state " + adapter.getState() + ", components " + components(adapter),
                "an adapter service for '" + instance + "' other than " + previous, () -> {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences(CONNECTOR, filter);
                for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                    long id = (Long) r.getProperty(Constants.SERVICE_ID);
                    if (id != previous) {
                        return id;
                    }
                }
                return null;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private long serviceBundle(long serviceId) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                "(" + Constants.SERVICE_ID + "=" + serviceId + ")");
        assertEquals(1, refs.length);
        return refs[0].getBundle().getBundleId();
    }

    /** What the DS runtime says about a bundle's components: for failure messages. */
    private String components(Bundle b) {
        StringBuilder sb = new StringBuilder();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            sb.append(d.name).append(" enabled=").append(scr.isComponentEnabled(d));
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                sb.append(" [state ").append(c.state).append(' ').append(c.failure == null ? "" : c.failure).append(']');
            }
            sb.append("; ");
        }
        return sb.toString();
    }

    /** Service ids the AdapterRouter component has bound to its CrmConnector reference, per the DS runtime. */
    private Set<Long> boundAdapters() {
        ComponentConfigurationDTO c = componentConfiguration(ROUTER);
        Set<String> names = new HashSet<>();
        for (ReferenceDTO r : c.description.references) {
            if (CONNECTOR.equals(r.interfaceName)) {
                names.add(r.name);
            }
        }
        assertEquals("AdapterRouter has one CrmConnector reference", 1, names.size());
        Set<Long> ids = new HashSet<>();
        for (SatisfiedReferenceDTO r : c.satisfiedReferences) {
            if (names.contains(r.name)) {
                for (ServiceReferenceDTO s : r.boundServices) {
                    ids.add(s.id);
                }
            }
        }
        return ids;
    }

    private ComponentConfigurationDTO componentConfiguration(String name) {
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(bundle("org.crmconnector.core"), name);
        assertNotNull(name + " is a component of the core", d);
        Collection<ComponentConfigurationDTO> all = scr.getComponentConfigurationDTOs(d);
        assertEquals(name + " has one configuration", 1, all.size());
        ComponentConfigurationDTO c = all.iterator().next();
        assertEquals(name + " is active", ComponentConfigurationDTO.ACTIVE, c.state);
        return c;
    }

    private Bundle bundle(String symbolicName) {
        Bundle b = findBundle(symbolicName);
        if (b == null) {
            throw new AssertionError(symbolicName + " is not installed");
        }
        return b;
    }

    private Bundle findBundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static boolean hasActivity(String base, String interactionId) {
        ConnectorClient.Answer a = ConnectorClient.get(base + "/demo-crm/api/activities");
        assertEquals(200, a.status());
        for (JsonNode activity : a.json().path("results")) {
            if (interactionId.equals(activity.path("interactionId").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void awaitActivity(String base, String interactionId) {
        ConnectorClient.await("the demo CRM has the activity of " + interactionId, () -> hasActivity(base, interactionId));
    }

    /** A copy of the adapter jar with another X-Build-Tag, standing for a rebuilt adapter. */
    private static Path retagged(Path jar, String tag) throws Exception {
        Path out = Files.createTempFile("crm-generic-rest-bundle-", "-" + tag + ".jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("X-Build-Tag", tag);
            try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(out), manifest)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    o.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(o);
                    o.closeEntry();
                }
            }
        }
        out.toFile().deleteOnExit();
        return out;
    }
}
