package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/** Every bundle of the server resolves and starts; the core comes up and takes tenants from Configuration Admin. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FoundationIT {

    private static final Path WORK = ServerOptions.newWorkDir();

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return new Option[] {ServerOptions.server(ServerOptions.freePort(), WORK, true)};
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
        for (String name : List.of("org.crmconnector.core", "org.crmconnector.crm.salesforce",
                "org.crmconnector.crm.genericrest", "org.apache.felix.scr", "org.apache.felix.configadmin",
                "org.apache.felix.metatype", "org.apache.felix.fileinstall", "org.apache.felix.http.jetty12",
                "org.apache.felix.webconsole", "com.fasterxml.jackson.core.jackson-databind")) {
            assertNotNull(name + " is installed", find(name));
        }
    }

    @Test
    public void theCoreAndTheAdaptersTakeTheApiPackagesFromTheApiBundleAlone() {
        assertNotNull("the API bundle is installed", find("org.crmconnector.api"));
        for (String name : List.of("org.crmconnector.core", "org.crmconnector.crm.salesforce",
                "org.crmconnector.crm.genericrest")) {
            List<String> ours = new ArrayList<>();
            for (BundleWire wire : find(name).adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                String pkg = (String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                if (pkg.startsWith("org.crmconnector.")) {
                    ours.add(pkg + " from " + wire.getProvider().getSymbolicName());
                }
            }
            ours.sort(null);
            List<String> expected = new ArrayList<>(List.of("org.crmconnector.crm from org.crmconnector.api",
                    "org.crmconnector.interaction from org.crmconnector.api"));
            if (name.equals("org.crmconnector.core")) {
                // the storage SPI the core's embedded stores implement and its registry and outbox use, and the
                // agent event bus SPI its in-process bus implements and its agent streams use
                expected.add("org.crmconnector.eventbus from org.crmconnector.api");
                expected.add("org.crmconnector.store from org.crmconnector.api");
                expected.sort(null);
            }
            assertEquals(name, expected, ours);
        }
    }

    @Test
    public void coreComponentsActivate() throws Exception {
        for (String service : List.of("org.crmconnector.core.tenant.TenantRegistry",
                "org.crmconnector.core.routing.AdapterRouter", "org.crmconnector.core.lifecycle.InteractionRegistry")) {
            assertNotNull(service + " is registered", await(service, null));
        }
    }

    @Test
    public void tenantConfigurationBecomesATenant() throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration("org.crmconnector.tenant", "it-acme", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("tenant.id", "acme");
        props.put("adapter.instance", "acme-crm");
        c.update(props);
        ServiceReference<?> ref = await("org.crmconnector.core.tenant.Tenant", "(tenant.id=acme)");
        assertNotNull("tenant acme is registered", ref);
        assertEquals("acme-crm", ref.getProperty("adapter.instance"));
        c.delete();
    }

    private Bundle find(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private ServiceReference<?> await(String className, String filter) throws Exception {
        String f = "(&(objectClass=" + className + ")" + (filter == null ? "" : filter) + ")";
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter(f), null);
        tracker.open();
        try {
            tracker.waitForService(10_000);
            return tracker.getServiceReference();
        } finally {
            tracker.close();
        }
    }
}
