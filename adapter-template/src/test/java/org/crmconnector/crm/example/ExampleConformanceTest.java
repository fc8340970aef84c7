package org.crmconnector.crm.example;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.conformance.AdapterFactory;
import org.crmconnector.crm.conformance.CrmConnectorConformanceTest;
import org.crmconnector.crm.conformance.FakeCrm;
import org.crmconnector.crm.conformance.ReferenceCrm;

/**
 * The conformance kit against the kit's reference CRM. A new adapter
 * replaces {@link ReferenceCrm} with a fake of its own CRM (an emulator
 * written from the CRM's documentation) and keeps every check green.
 */
class ExampleConformanceTest extends CrmConnectorConformanceTest {

    @Override
    protected FakeCrm newFakeCrm() throws Exception {
        return new ReferenceCrm();
    }

    @Override
    protected AdapterFactory factory(FakeCrm crm) {
        return new AdapterFactory() {
            @Override
            public CrmConnector start(String crmUrl, Login login) {
                ExampleConnector connector = new ExampleConnector();
                connector.activate(config(Map.of("crm.instance", "kit", "base.url", crmUrl,
                        ".api.token", login == Login.VALID ? ReferenceCrm.TOKEN : "revoked",
                        "timeout.lookup.ms", (int) screenPopTimeout().toMillis())));
                return connector;
            }

            @Override
            public void stop(CrmConnector adapter) throws Exception {
                ((ExampleConnector) adapter).deactivate();
            }

            @Override
            public Set<String> secrets() {
                return Set.of(ReferenceCrm.TOKEN);
            }
        };
    }

    /** The configuration as Declarative Services hands it over: given values, defaults for the rest. */
    static ExampleConfig config(Map<String, Object> properties) {
        return (ExampleConfig) Proxy.newProxyInstance(ExampleConfig.class.getClassLoader(),
                new Class<?>[] {ExampleConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                : method.getName().equals("equals") ? proxy == args[0] : "ExampleConfig" + properties.keySet();
                    }
                    String name = method.getName().replace('_', '.');
                    return properties.containsKey(name) ? properties.get(name) : method.getDefaultValue();
                });
    }
}
