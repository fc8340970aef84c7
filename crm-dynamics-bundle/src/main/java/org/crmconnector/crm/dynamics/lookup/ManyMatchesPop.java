package org.crmconnector.crm.dynamics.lookup;

/** What to do when several records carry the caller's number. */
public enum ManyMatchesPop {
    /** Pop nothing; hand the matches to the agent as Name / Related To options. */
    OFFER_OPTIONS,
    /** Open the unified interface's search page for the number. */
    SEARCH_PAGE
}
