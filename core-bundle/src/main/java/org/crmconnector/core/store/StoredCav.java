package org.crmconnector.core.store;

import org.crmconnector.interaction.Cav;

/** A call-attached variable as the outbox stores it; field names are those of the stored JSON. */
public class StoredCav {
    public String id;
    public String name;
    public String group;
    public String value;

    public static StoredCav of(Cav cav) {
        if (cav == null) {
            return null;
        }
        StoredCav s = new StoredCav();
        s.id = cav.id;
        s.name = cav.name;
        s.group = cav.group;
        s.value = cav.value;
        return s;
    }

    public Cav toCav() {
        return new Cav(id, name, group, value);
    }
}
