package org.crmconnector.interaction;

import java.util.Objects;

/**
 * A CRM record as seed 003 names it: {@code {id, label, name, isWho, isWhat}}.
 * "Who" objects go into the Name field of a log, "What" objects into Related To.
 */
public class CrmObject {
    public String id;
    /** The record type shown to the agent, e.g. {@code Contact}, {@code Case}. */
    public String label;
    public String name;
    public boolean isWho;
    public boolean isWhat;
    /** Where the record opens in the CRM, when the adapter knows it. */
    public String url;

    public CrmObject() {
    }

    public CrmObject(String id, String label, String name, boolean isWho, boolean isWhat) {
        this.id = id;
        this.label = label;
        this.name = name;
        this.isWho = isWho;
        this.isWhat = isWhat;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrmObject other && Objects.equals(id, other.id) && Objects.equals(label, other.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, label);
    }
}
