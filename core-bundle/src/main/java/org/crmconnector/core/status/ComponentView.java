package org.crmconnector.core.status;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.framework.dto.ServiceReferenceDTO;

/**
 * One component as the status page shows it: what the Declarative Services
 * plugin's page shows, with private property values hidden.
 *
 * @param id         the configuration's id, or null for a component without configuration
 * @param state      active, satisfied, unsatisfied (configuration), ..., disabled, no configuration
 * @param references "name: Satisfied|Unsatisfied, bound service ids"
 */
record ComponentView(Long id, String name, String bundle, String state, List<String> services,
        List<String> references, Map<String, Object> properties) {

    static ComponentView of(ComponentConfigurationDTO c) {
        List<String> refs = new ArrayList<>();
        for (ReferenceDTO r : c.description.references) {
            SatisfiedReferenceDTO bound = Arrays.stream(c.satisfiedReferences).filter(s -> s.name.equals(r.name))
                    .findFirst().orElse(null);
            refs.add(r.name + " (" + r.interfaceName + ", " + r.cardinality + ", " + r.policy + "): "
                    + (bound == null ? "Unsatisfied" : "Satisfied, bound " + serviceIds(bound.boundServices)));
        }
        return new ComponentView(c.id, c.description.name, bundle(c.description), state(c.state),
                services(c.description), refs, PrivateProperties.masked(c.properties));
    }

    static ComponentView of(ComponentDescriptionDTO d, String state) {
        return new ComponentView(null, d.name, bundle(d), state, services(d), List.of(),
                PrivateProperties.masked(d.properties));
    }

    /** Arrays as lists, so text and JSON print their elements. */
    static Object printable(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
            return items;
        }
        return value;
    }

    private static String bundle(ComponentDescriptionDTO d) {
        return d.bundle.symbolicName + " (" + d.bundle.id + ")";
    }

    private static List<String> services(ComponentDescriptionDTO d) {
        return d.serviceInterfaces == null ? List.of() : List.of(d.serviceInterfaces);
    }

    private static String serviceIds(ServiceReferenceDTO[] services) {
        return Arrays.stream(services).map(s -> String.valueOf(s.id)).toList().toString();
    }

    private static String state(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.ACTIVE -> "active";
            case ComponentConfigurationDTO.SATISFIED -> "satisfied";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "unsatisfied (configuration)";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "unsatisfied (reference)";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed activation";
            default -> String.valueOf(state);
        };
    }
}
