package org.crmconnector.store.postgresql.notify;

import java.util.List;

/** What a {@link NotificationListener} hands notifications to; called on its thread, one call at a time. */
public interface NotificationHandler {

    /**
     * The listener is connected and listening (again): notifications sent
     * while it was not are lost, so read what may have been missed.
     */
    void connected();

    /** The payloads of notifications that arrived, in the order they were sent (commit order). */
    void notified(List<String> payloads);
}
