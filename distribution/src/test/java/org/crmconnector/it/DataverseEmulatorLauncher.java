package org.crmconnector.it;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.crmconnector.crm.dynamics.emulator.DataverseEmulator;

/**
 * Starts the Dataverse emulator (crm-dynamics-bundle's test-jar) in the
 * JUnit JVM, outside the OSGi framework. Only the {@code @Configuration}
 * side calls this; the probe reaches the emulator over HTTP.
 */
final class DataverseEmulatorLauncher {

    private DataverseEmulatorLauncher() {
    }

    /** Starts an environment with one contact; returns its URL, the contact's id and the app's credentials. */
    static String[] start(String contactName, String contactPhone) {
        try {
            DataverseEmulator environment = new DataverseEmulator();
            Runtime.getRuntime().addShutdownHook(new Thread(environment::close, "dataverse-emulator-stop"));
            String contactId = environment.addContact(contactName, contactPhone);
            return new String[] {environment.url(), contactId, DataverseEmulator.TENANT, DataverseEmulator.CLIENT_ID,
                    DataverseEmulator.CLIENT_SECRET, DataverseEmulator.INSPECTION_PATH, DataverseEmulator.KEY_COLUMN};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
