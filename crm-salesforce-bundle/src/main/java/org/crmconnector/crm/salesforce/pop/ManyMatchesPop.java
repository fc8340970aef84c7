package org.crmconnector.crm.salesforce.pop;

/** What to do when several records carry the caller's number. */
public enum ManyMatchesPop {
    /** Open Salesforce's search results for the number. */
    SEARCH_PAGE,
    /** Pop nothing; hand the matches to the agent as Name / Related To options. */
    OFFER_OPTIONS
}
