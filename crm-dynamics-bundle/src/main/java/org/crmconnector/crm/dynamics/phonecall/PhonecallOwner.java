package org.crmconnector.crm.dynamics.phonecall;

import org.crmconnector.crm.support.owner.OwnerLookupException;
import org.crmconnector.interaction.Interaction;

/** Who is assigned a log's phone call ({@code ownerid}). */
@FunctionalInterface
public interface PhonecallOwner {

    /** Leaves every phone call to the application user. */
    PhonecallOwner APPLICATION_USER = interaction -> null;

    /**
     * @return a systemuser id, or null to leave the call to the application user
     * @throws OwnerLookupException retryable: the log waits rather than go to the wrong owner for good
     */
    String ownerOf(Interaction interaction) throws OwnerLookupException;
}
