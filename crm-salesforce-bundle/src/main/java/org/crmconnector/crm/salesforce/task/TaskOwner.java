package org.crmconnector.crm.salesforce.task;

import org.crmconnector.crm.support.owner.OwnerLookupException;
import org.crmconnector.interaction.Interaction;

/** Who is assigned a log's Task ({@code OwnerId}). */
@FunctionalInterface
public interface TaskOwner {

    /** Leaves every Task to the integration user. */
    TaskOwner INTEGRATION_USER = interaction -> null;

    /**
     * @return a User id, or null to leave the Task to the integration user
     * @throws OwnerLookupException retryable: the Task waits rather than go to the wrong owner for good
     */
    String ownerOf(Interaction interaction) throws OwnerLookupException;
}
