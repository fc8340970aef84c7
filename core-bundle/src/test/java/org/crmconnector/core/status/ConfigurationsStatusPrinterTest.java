package org.crmconnector.core.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;

import org.apache.felix.inventory.Format;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

class ConfigurationsStatusPrinterTest {

    private static final String WEBCONSOLE = "org.apache.felix.webconsole.internal.servlet.OsgiManager";

    @Test
    void privateValuesAndMetatypePasswordsAreHiddenAndTheRestIsShown() {
        Configuration adapter = configuration("org.crmconnector.crm.salesforce~acme", "org.crmconnector.crm.salesforce",
                Map.of("crm.instance", "acme", ".client.secret", "s3cr3t", "search.objects", new String[] {"Contact", "Lead"}));
        Configuration console = configuration(WEBCONSOLE, null, Map.of("username", "admin", "password", "pl41n"));
        ConfigurationsStatusPrinter printer = new ConfigurationsStatusPrinter(context(),
                proxy(ConfigurationAdmin.class, Map.of("listConfigurations", new Configuration[] {adapter, console})),
                metatypeWithPassword(WEBCONSOLE, "password"));

        StringWriter out = new StringWriter();
        printer.print(new PrintWriter(out), Format.TEXT, false);
        String page = out.toString();

        assertFalse(page.contains("s3cr3t"), page);
        assertFalse(page.contains("pl41n"), page);
        assertTrue(page.contains("PID = org.crmconnector.crm.salesforce~acme\n  Factory PID = org.crmconnector.crm.salesforce\n"),
                page);
        assertTrue(page.contains("  .client.secret = ********"), page);
        assertTrue(page.contains("  crm.instance = acme"), page);
        assertTrue(page.contains("  search.objects = [Contact, Lead]"), page);
        assertTrue(page.contains("  password = ********"), page);
        assertTrue(page.contains("  username = admin"), page);
    }

    private static Configuration configuration(String pid, String factoryPid, Map<String, Object> props) {
        Hashtable<String, Object> dictionary = new Hashtable<>(props);
        dictionary.put("service.pid", pid);
        Map<String, Object> answers = new java.util.HashMap<>(Map.of("getPid", pid, "getProperties", dictionary));
        answers.put("getFactoryPid", factoryPid);
        answers.put("getBundleLocation", null);
        return proxy(Configuration.class, answers);
    }

    private static MetaTypeService metatypeWithPassword(String pid, String attribute) {
        AttributeDefinition password = proxy(AttributeDefinition.class,
                Map.of("getID", attribute, "getType", AttributeDefinition.PASSWORD));
        ObjectClassDefinition ocd = proxy(ObjectClassDefinition.class,
                Map.of("getAttributeDefinitions", new AttributeDefinition[] {password}));
        Map<String, Object> info = new java.util.HashMap<>(Map.of("getPids", new String[] {pid},
                "getObjectClassDefinition", ocd));
        info.put("getFactoryPids", null);
        return proxy(MetaTypeService.class, Map.of("getMetaTypeInformation", proxy(MetaTypeInformation.class, info)));
    }

    private static BundleContext context() {
        return proxy(BundleContext.class, Map.of("getBundles", new Bundle[] {proxy(Bundle.class, Map.of())}));
    }

    /** An implementation that answers each named method with a fixed value. */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return answers.get(method.getName());
        });
    }
}
