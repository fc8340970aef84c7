package org.crmconnector.crm.conformance;

import java.util.List;

/**
 * A controllable stand-in for one CRM, on loopback HTTP, written by the
 * adapter's author (usually around the emulator the adapter's own tests use).
 * The kit puts a {@link CrmLink} in front of it for the network's faults; the
 * fake supplies what only the CRM can say in its own words.
 */
public interface FakeCrm extends AutoCloseable {

    /** The base URL the adapter would be configured with, e.g. {@code http://127.0.0.1:4711}. */
    String url();

    /**
     * Adds a person the CRM's phone lookup finds, stored with the number as
     * given (the kit stores {@code 555-123-4567} and calls from {@code +1 (555) 123-4567}).
     *
     * @return the record's id as the adapter reports it in {@code CrmObject.id}
     */
    String addCaller(String name, String phone);

    /** The ids of the activity records that carry this key ({@code InteractionLog.tenantKey()}). */
    List<String> recordsWithKey(String tenantKey);

    /** The text of a record the adapter wrote, where the interaction's comments (notes) end up. */
    String notesOf(String recordId);

    /**
     * From now on the CRM refuses every activity write as invalid data, with
     * this message, the way it reports a validation rule it enforces.
     */
    void rejectWrites(String message);

    @Override
    void close();
}
