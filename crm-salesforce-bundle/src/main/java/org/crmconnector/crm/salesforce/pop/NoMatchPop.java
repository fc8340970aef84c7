package org.crmconnector.crm.salesforce.pop;

/** What to do when no record carries the caller's number. */
public enum NoMatchPop {
    /** Open a new Contact form with the number filled in. */
    NEW_CONTACT,
    NOTHING
}
