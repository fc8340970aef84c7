package org.crmconnector.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.felix.inventory.Format;
import org.junit.jupiter.api.Test;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ComponentsStatusPrinterTest {

    private static final String SECRET = "s3cr3t-value";
    private static final String PEM = "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----";

    private final ComponentDescriptionDTO adapter = description("org.crmconnector.crm.salesforce",
            Map.of("crm.type", "salesforce"));
    private final ComponentConfigurationDTO configured = configuration(adapter, 7, Map.of("crm.instance", "acme-sf",
            "client.id", "3MVG9", ".client.secret", SECRET, ".jwt.privateKey", PEM,
            "objectClass", new String[] {"org.crmconnector.crm.CrmConnector"}));
    private final ComponentDescriptionDTO waiting = description("org.crmconnector.crm.genericrest",
            Map.of(".auth.token", SECRET));

    private final ComponentsStatusPrinter printer = new ComponentsStatusPrinter(runtime());

    @Test
    void theTextPageHidesPrivateValuesButNamesThem() {
        String page = print(Format.TEXT);
        assertFalse(page.contains(SECRET), page);
        assertFalse(page.contains("MIIEv"), page);
        assertTrue(page.contains("    .client.secret=********"), page);
        assertTrue(page.contains("    .jwt.privateKey=********"), page);
        assertTrue(page.contains("    client.id=3MVG9"), page);
        assertTrue(page.contains("    objectClass=[org.crmconnector.crm.CrmConnector]"), page);
        assertTrue(page.contains("7=[org.crmconnector.crm.salesforce]"), page);
        assertTrue(page.contains("  State=active"), page);
        assertTrue(page.contains("  Reference=router (org.crmconnector.Router, 1..1, static): Satisfied, bound [42]"), page);
        assertTrue(page.contains("-=[org.crmconnector.crm.genericrest]\n  Bundle=adapters (12)\n  State=no configuration"),
                page);
    }

    @Test
    void theJsonPageHidesThemToo() throws Exception {
        String page = print(Format.JSON);
        assertFalse(page.contains(SECRET), page);
        JsonNode components = new ObjectMapper().readTree(page).get("components");
        assertEquals(2, components.size());
        JsonNode props = components.get(0).get("properties");
        assertEquals("********", props.get(".client.secret").textValue());
        assertEquals("acme-sf", props.get("crm.instance").textValue());
        assertEquals("org.crmconnector.crm.CrmConnector", props.get("objectClass").get(0).textValue());
        assertEquals("********", components.get(1).get("properties").get(".auth.token").textValue());
    }

    private String print(Format format) {
        StringWriter out = new StringWriter();
        printer.print(new PrintWriter(out), format, false);
        return out.toString();
    }

    private static ComponentDescriptionDTO description(String name, Map<String, Object> properties) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.bundle = new BundleDTO();
        d.bundle.symbolicName = "adapters";
        d.bundle.id = 12;
        d.properties = properties;
        d.serviceInterfaces = new String[] {"org.crmconnector.crm.CrmConnector"};
        ReferenceDTO router = new ReferenceDTO();
        router.name = "router";
        router.interfaceName = "org.crmconnector.Router";
        router.cardinality = "1..1";
        router.policy = "static";
        d.references = new ReferenceDTO[] {router};
        return d;
    }

    private static ComponentConfigurationDTO configuration(ComponentDescriptionDTO d, long id, Map<String, Object> props) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.description = d;
        c.id = id;
        c.state = ComponentConfigurationDTO.ACTIVE;
        c.properties = props;
        SatisfiedReferenceDTO bound = new SatisfiedReferenceDTO();
        bound.name = "router";
        org.osgi.framework.dto.ServiceReferenceDTO service = new org.osgi.framework.dto.ServiceReferenceDTO();
        service.id = 42;
        bound.boundServices = new org.osgi.framework.dto.ServiceReferenceDTO[] {service};
        c.satisfiedReferences = new SatisfiedReferenceDTO[] {bound};
        return c;
    }

    private ServiceComponentRuntime runtime() {
        return (ServiceComponentRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getComponentDescriptionDTOs" -> List.of(adapter, waiting);
                    case "isComponentEnabled" -> true;
                    case "getComponentConfigurationDTOs" -> args[0] == adapter ? List.of(configured)
                            : (Collection<?>) List.of();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
