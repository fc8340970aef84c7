package org.crmconnector.crm.conformance;

import java.time.Duration;
import java.util.Set;

import org.crmconnector.crm.CrmConnector;

/**
 * Starts and stops instances of the adapter under test, the way Declarative
 * Services activates and deactivates its component, configured for a CRM at
 * a given URL.
 */
public interface AdapterFactory {

    /** Which credentials the adapter is configured with. */
    enum Login {
        /** Credentials the fake CRM accepts. */
        VALID,
        /** Credentials the fake CRM refuses (a wrong secret, a revoked token). */
        REFUSED
    }

    /**
     * Activates an adapter instance.
     *
     * @param crmUrl where the CRM answers (the kit's {@link CrmLink}); token endpoints included
     * @param login  which credentials to configure
     */
    CrmConnector start(String crmUrl, Login login) throws Exception;

    /** Deactivates it, as DS does when its bundle stops or its configuration goes. */
    void stop(CrmConnector adapter) throws Exception;

    /** The screen-pop (lookup) timeout {@link #start} configured. */
    default Duration screenPopTimeout() {
        return Duration.ofSeconds(1);
    }

    /** The secrets {@link #start} configured: none may show in {@code status()}. */
    Set<String> secrets();
}
