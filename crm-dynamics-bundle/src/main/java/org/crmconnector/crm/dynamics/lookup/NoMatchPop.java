package org.crmconnector.crm.dynamics.lookup;

/** What to do when no record carries the caller's number. */
public enum NoMatchPop {
    /** Open a new contact's form with the number in {@code telephone1}. */
    NEW_CONTACT,
    NOTHING
}
