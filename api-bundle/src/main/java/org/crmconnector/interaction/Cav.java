package org.crmconnector.interaction;

/** A call-attached variable (seed 003): {@code group.name} identifies it, {@code id} where the platform numbers them. */
public class Cav {
    public String id;
    public String name;
    public String group;
    public String value;

    public Cav() {
    }

    public Cav(String id, String name, String group, String value) {
        this.id = id;
        this.name = name;
        this.group = group;
        this.value = value;
    }
}
