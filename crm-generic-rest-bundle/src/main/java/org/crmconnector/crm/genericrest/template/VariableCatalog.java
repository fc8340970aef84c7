package org.crmconnector.crm.genericrest.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The variables a template may use at one place of the configuration: fixed
 * names ({@code ani}) and namespaces whose members are named by the data
 * ({@code cav.NAME}). A name outside the catalog is a configuration error, so
 * a typo is caught when the configuration is saved, not at the first call.
 */
public final class VariableCatalog {

    private final Map<String, VariableType> names;
    private final Set<String> namespaces;

    private VariableCatalog(Map<String, VariableType> names, Set<String> namespaces) {
        this.names = Collections.unmodifiableMap(names);
        this.namespaces = Collections.unmodifiableSet(namespaces);
    }

    public static VariableCatalog empty() {
        return new VariableCatalog(new LinkedHashMap<>(), new LinkedHashSet<>());
    }

    /** A catalog with this one more fixed name. */
    public VariableCatalog with(String name, VariableType type) {
        Map<String, VariableType> n = new LinkedHashMap<>(names);
        n.put(name, type);
        return new VariableCatalog(n, namespaces);
    }

    /** A catalog with this one more namespace: {@code prefix.ANYTHING} is accepted. */
    public VariableCatalog withNamespace(String prefix) {
        Set<String> ns = new LinkedHashSet<>(namespaces);
        ns.add(prefix);
        return new VariableCatalog(names, ns);
    }

    /** The variable's type, or an exception naming the variable when it is unknown here. */
    public VariableType typeOf(String name) {
        VariableType type = names.get(name);
        if (type != null) {
            return type;
        }
        int dot = name.indexOf('.');
        if (dot > 0 && dot < name.length() - 1 && namespaces.contains(name.substring(0, dot))) {
            return VariableType.TEXT;
        }
        throw new IllegalArgumentException("unknown variable {" + name + "}; known here: " + describe());
    }

    public Set<String> names() {
        return names.keySet();
    }

    private String describe() {
        Set<String> all = new TreeSet<>(names.keySet());
        for (String ns : namespaces) {
            all.add(ns + ".NAME");
        }
        return String.join(", ", all);
    }
}
