package org.crmconnector.it;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.crmconnector.crm.salesforce.emulator.SalesforceEmulator;

/**
 * Starts the Salesforce emulator (crm-salesforce-bundle's test-jar) in the
 * JUnit JVM, outside the OSGi framework. Only the {@code @Configuration}
 * side calls this; the probe reaches the emulator over HTTP.
 */
final class SalesforceEmulatorLauncher {

    private SalesforceEmulatorLauncher() {
    }

    /**
     * Starts an emulator with one active User and the Lead field that keeps one Lead per caller
     * (issue 14); returns its URL, the User's id, the client credentials and the inspection path.
     */
    static String[] startWithUser(String email) {
        try {
            SalesforceEmulator emulator = new SalesforceEmulator();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "salesforce-emulator-stop"));
            emulator.externalIdField("CrmConnector_Phone__c");
            String userId = emulator.addUser(email, java.util.Map.of("Name", "Ada Lovelace"));
            return new String[] {emulator.url(), userId, SalesforceEmulator.CLIENT_ID,
                    SalesforceEmulator.CLIENT_SECRET, SalesforceEmulator.INSPECTION_PATH};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an emulator with one Contact; returns its URL and the Contact's id. */
    static String[] start(String contactName, String contactPhone) {
        try {
            SalesforceEmulator emulator = new SalesforceEmulator();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "salesforce-emulator-stop"));
            String contactId = emulator.addContact(contactName, contactPhone);
            return new String[] {emulator.url(), contactId, SalesforceEmulator.CLIENT_ID,
                    SalesforceEmulator.CLIENT_SECRET, SalesforceEmulator.INSPECTION_PATH};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
