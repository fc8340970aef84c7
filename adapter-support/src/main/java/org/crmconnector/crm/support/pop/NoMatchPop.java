package org.crmconnector.crm.support.pop;

/** What to do when no record carries the caller's number. */
public enum NoMatchPop {
    /** Open a new contact's form with the number filled in. */
    NEW_CONTACT,
    NOTHING
}
