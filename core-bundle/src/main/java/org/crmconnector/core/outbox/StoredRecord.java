package org.crmconnector.core.outbox;

import org.crmconnector.crm.CrmRecordRef;

/** The CRM record a delivery wrote, as the outbox stores it; field names are those of the stored JSON. */
public class StoredRecord {
    public String type;
    public String id;
    public String url;

    static StoredRecord of(CrmRecordRef ref) {
        if (ref == null) {
            return null;
        }
        StoredRecord s = new StoredRecord();
        s.type = ref.type;
        s.id = ref.id;
        s.url = ref.url;
        return s;
    }

    CrmRecordRef toRecordRef() {
        return new CrmRecordRef(type, id, url);
    }
}
