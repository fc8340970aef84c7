package org.crmconnector.crm.genericrest.config;

/** A configuration attribute that cannot work; the message names it. */
public class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String attribute;

    public InvalidConfigurationException(String attribute, String problem) {
        super("Invalid configuration '" + attribute + "': " + problem);
        this.attribute = attribute;
    }

    /** The attribute id, e.g. {@code lookup.url} or {@code triggers[2]}. */
    public String attribute() {
        return attribute;
    }
}
