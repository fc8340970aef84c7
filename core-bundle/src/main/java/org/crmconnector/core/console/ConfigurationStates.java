package org.crmconnector.core.console;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.crmconnector.core.admin.Kind;
import org.crmconnector.core.admin.Provisioned;

/**
 * What Declarative Services made of each tenant and adapter configuration, as
 * the operator API reports it: refused (with the component's own words, which
 * for an adapter are its configuration check's), waiting, or live. A save in
 * the Web Console's Configuration tab is not checked before it is stored, so
 * this is where the operator sees that it was refused.
 */
@FunctionalInterface
interface ConfigurationStates {

    ConfigurationStates NONE = kind -> List.of();

    List<Provisioned> list(Kind kind);

    /** The configurations of the kind that are not live (refused, unsatisfied, pending), by PID. */
    default Map<String, Provisioned> notLive(Kind kind) {
        Map<String, Provisioned> result = new TreeMap<>();
        try {
            list(kind).stream().filter(p -> !"live".equals(p.state()) && !"no-adapter".equals(p.state()))
                    .forEach(p -> result.put(p.pid(), p));
        } catch (RuntimeException e) {
            // the page shows what is live without this
        }
        return result;
    }

    /** "REFUSED: why" for a refused configuration, else what it waits for. */
    static String why(Provisioned p) {
        return switch (p.state()) {
            case "refused" -> "REFUSED: " + (p.reason() == null ? "see the server log" : p.reason());
            case "unsatisfied" -> "NOT ACTIVE: a service it needs is missing";
            default -> "NOT ACTIVE: no component has taken this configuration (is its bundle installed and started?)";
        };
    }
}
