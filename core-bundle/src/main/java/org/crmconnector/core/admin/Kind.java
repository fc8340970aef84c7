package org.crmconnector.core.admin;

/** What the operator API provisions: each kind is factory configurations, named by one attribute. */
public enum Kind {
    TENANT("tenant", "tenant.id"),
    ADAPTER("adapter instance", "crm.instance");

    /** How messages and the audit log name it. */
    final String label;
    /** The attribute whose value is the id in the API's paths. */
    final String idAttribute;

    Kind(String label, String idAttribute) {
        this.label = label;
        this.idAttribute = idAttribute;
    }
}
