package org.crmconnector.crm.support.pop;

/** What to do when several records carry the caller's number. */
public enum ManyMatchesPop {
    /** Open the CRM's search page for the number. */
    SEARCH_PAGE,
    /** Pop nothing; hand the matches to the agent as Name / Related To options. */
    OFFER_OPTIONS
}
