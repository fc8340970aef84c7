package org.crmconnector.core.outbox;

import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.core.outbox.StoredPayload.LogForm;

/**
 * The stored forms of the logs this node enqueued lately, by their stored
 * JSON. A log is usually delivered by the node that stored it, milliseconds
 * later: the delivery takes its form from here rather than parse the JSON
 * that was just made from it (that parse was a measurable part of each
 * call's cost). Each form is taken once; a log not found here (delivered by
 * another node, after a restart, a retry, a merged update) is parsed as
 * before, so what is here only ever saves work.
 */
final class RecentLogs {

    private final Map<String, LogForm> forms;

    RecentLogs(int capacity) {
        this.forms = new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LogForm> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(String json, LogForm form) {
        forms.put(json, form);
    }

    /** The form stored as {@code json}, parsed unless it is here. */
    LogForm take(String json) {
        LogForm form;
        synchronized (this) {
            form = forms.remove(json);
        }
        return form != null ? form : StoredPayload.parseLog(json);
    }

    synchronized int size() {
        return forms.size();
    }
}
