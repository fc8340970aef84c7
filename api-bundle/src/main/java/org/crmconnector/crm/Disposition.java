package org.crmconnector.crm;

/** A disposition code offered to the agent (seed 003 {@code Disposition}). */
public class Disposition {
    public String id;
    public String name;

    public Disposition() {
    }

    public Disposition(String id, String name) {
        this.id = id;
        this.name = name;
    }
}
