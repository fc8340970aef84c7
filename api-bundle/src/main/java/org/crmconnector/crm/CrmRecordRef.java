package org.crmconnector.crm;

/** A record the adapter wrote, so that a later update changes the same one. */
public class CrmRecordRef {
    /** The record type, e.g. {@code Task}. */
    public String type;
    public String id;
    /** Where the record opens, when known. */
    public String url;

    public CrmRecordRef() {
    }

    public CrmRecordRef(String type, String id, String url) {
        this.type = type;
        this.id = id;
        this.url = url;
    }

    @Override
    public String toString() {
        return type + "/" + id;
    }
}
