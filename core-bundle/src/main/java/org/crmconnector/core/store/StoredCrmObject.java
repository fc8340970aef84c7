package org.crmconnector.core.store;

import org.crmconnector.interaction.CrmObject;

/** A CRM record of an interaction as the outbox stores it; field names are those of the stored JSON. */
public class StoredCrmObject {
    public String id;
    public String label;
    public String name;
    public boolean isWho;
    public boolean isWhat;
    public String url;

    public static StoredCrmObject of(CrmObject o) {
        if (o == null) {
            return null;
        }
        StoredCrmObject s = new StoredCrmObject();
        s.id = o.id;
        s.label = o.label;
        s.name = o.name;
        s.isWho = o.isWho;
        s.isWhat = o.isWhat;
        s.url = o.url;
        return s;
    }

    public CrmObject toCrmObject() {
        CrmObject o = new CrmObject(id, label, name, isWho, isWhat);
        o.url = url;
        return o;
    }
}
