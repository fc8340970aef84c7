package org.crmconnector.core.status;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The Web Console's Status page "Declarative Services Components"
 * ({@code /system/console/status-scr}, and the same section of the
 * configuration status download) without the values of private properties.
 * <p>
 * The Declarative Services plugin's own printer prints every component
 * property, the adapters' {@code .client.secret} and {@code .auth.token}
 * included, in clear. Felix Inventory shows one printer per name: the first of
 * them sorted by {@code ServiceReference.compareTo}, which in Inventory 2.0.0
 * is the one of <em>lowest</em> ranking (its comment says highest). Registered
 * under the same name "scr" with ranking {@value #RANKING}, this printer takes
 * that page's place whatever the start order; SecuredServerIT checks the page.
 */
@Component(service = InventoryPrinter.class, property = {
    InventoryPrinter.NAME + "=" + ComponentsStatusPrinter.NAME,
    InventoryPrinter.TITLE + "=Declarative Services Components",
    InventoryPrinter.FORMAT + "=TEXT",
    InventoryPrinter.FORMAT + "=JSON",
    "service.ranking:Integer=" + ComponentsStatusPrinter.RANKING})
public class ComponentsStatusPrinter implements InventoryPrinter {

    /** The name the Declarative Services plugin registers its printer under. */
    static final String NAME = "scr";
    /** Below the default 0 of the printer it replaces: see the class comment. */
    static final int RANKING = -1000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final ServiceComponentRuntime runtime;

    @Activate
    public ComponentsStatusPrinter(@Reference ServiceComponentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void print(PrintWriter out, Format format, boolean isZip) {
        List<ComponentView> components = components();
        if (Format.JSON.equals(format)) {
            printJson(out, components);
        } else {
            printText(out, components);
        }
    }

    /** Every component configuration, then the components without one (disabled or waiting for configuration). */
    List<ComponentView> components() {
        List<ComponentView> configured = new ArrayList<>();
        List<ComponentView> without = new ArrayList<>();
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            if (!runtime.isComponentEnabled(d)) {
                without.add(ComponentView.of(d, "disabled"));
                continue;
            }
            var configurations = runtime.getComponentConfigurationDTOs(d);
            if (configurations.isEmpty()) {
                without.add(ComponentView.of(d, "no configuration"));
            }
            for (ComponentConfigurationDTO c : configurations) {
                configured.add(ComponentView.of(c));
            }
        }
        configured.sort(Comparator.comparing(ComponentView::id));
        without.sort(Comparator.comparing(ComponentView::name));
        configured.addAll(without);
        return configured;
    }

    private static void printText(PrintWriter out, List<ComponentView> components) {
        out.println("Private properties (names starting with '.') are shown as " + PrivateProperties.HIDDEN + ".");
        out.println();
        for (ComponentView c : components) {
            out.println((c.id() == null ? "-" : c.id()) + "=[" + c.name() + "]");
            out.println("  Bundle=" + c.bundle());
            out.println("  State=" + c.state());
            if (!c.services().isEmpty()) {
                out.println("  Services=" + String.join(", ", c.services()));
            }
            c.references().forEach(r -> out.println("  Reference=" + r));
            out.println("  Properties=");
            c.properties().forEach((k, v) -> out.println("    " + k + "=" + ComponentView.printable(v)));
            out.println();
        }
    }

    private static void printJson(PrintWriter out, List<ComponentView> components) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ComponentView c : components) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("name", c.name());
            m.put("bundle", c.bundle());
            m.put("state", c.state());
            m.put("services", c.services());
            m.put("references", c.references());
            Map<String, Object> props = new LinkedHashMap<>();
            c.properties().forEach((k, v) -> props.put(k, jsonValue(v)));
            m.put("properties", props);
            list.add(m);
        }
        try {
            JSON.writeValue(out, Map.of("components", list));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What JSON can carry as it is; anything else (a property may hold any object) as its text. */
    private static Object jsonValue(Object value) {
        Object v = ComponentView.printable(value);
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof List<?> items) {
            return items.stream().map(ComponentsStatusPrinter::jsonValue).toList();
        }
        return String.valueOf(v);
    }
}
