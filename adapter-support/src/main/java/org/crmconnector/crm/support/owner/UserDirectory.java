package org.crmconnector.crm.support.owner;

/** The CRM's users, as one adapter finds them. */
@FunctionalInterface
public interface UserDirectory {

    /**
     * The id of the active CRM user for an agent.
     *
     * @param agentId the softphone's agent id
     * @param email the e-mail address the owner table gives for the agent; null for an agent the table
     *        does not list, looked up by its agent id
     * @return the user id, or null when the CRM has no such user
     * @throws OwnerLookupException when the CRM could not be asked
     */
    String find(String agentId, String email) throws OwnerLookupException;
}
