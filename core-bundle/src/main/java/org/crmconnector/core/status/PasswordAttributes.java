package org.crmconnector.core.status;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The attributes every installed bundle's metatype declares as passwords, by
 * PID and factory PID: the Web Console hides those, and so must a page that
 * replaces one of its own (the console's own password, for one).
 */
final class PasswordAttributes {

    private final Map<String, Set<String>> byPid = new HashMap<>();

    PasswordAttributes(MetaTypeService metatype, Bundle[] bundles) {
        for (Bundle bundle : bundles) {
            MetaTypeInformation info = metatype.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            add(info, info.getPids());
            add(info, info.getFactoryPids());
        }
    }

    private void add(MetaTypeInformation info, String[] pids) {
        for (String pid : pids == null ? new String[0] : pids) {
            ObjectClassDefinition ocd;
            try {
                ocd = info.getObjectClassDefinition(pid, null);
            } catch (IllegalArgumentException gone) {
                continue;
            }
            AttributeDefinition[] attributes = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            for (AttributeDefinition a : attributes == null ? new AttributeDefinition[0] : attributes) {
                if (a.getType() == AttributeDefinition.PASSWORD) {
                    byPid.computeIfAbsent(pid, p -> new HashSet<>()).add(a.getID());
                }
            }
        }
    }

    /** Whether {@code name} is a password in the configuration of this PID (or factory PID). */
    boolean isPassword(String pid, String name) {
        return pid != null && byPid.getOrDefault(pid, Set.of()).contains(name);
    }
}
