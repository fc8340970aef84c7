package org.crmconnector.crm.genericrest.template;

/** What kind of value a variable holds; decides its JSON type when it stands alone in a JSON string. */
public enum VariableType {
    TEXT, NUMBER, BOOLEAN,
    /** An instant, written as ISO-8601 UTC, e.g. {@code 2026-01-31T09:15:00Z}. */
    TIME
}
