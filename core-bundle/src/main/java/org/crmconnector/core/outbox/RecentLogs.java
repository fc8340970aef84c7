package org.crmconnector.core.outbox;

import java.util.LinkedHashMap;

import org.crmconnector.core.outbox.StoredPayload.LogForm;
import org.crmconnector.store.OutboxItem;

/**
 * The stored forms of the logs this node enqueued lately, one per
 * interaction key: its newest. A log is usually delivered by the node that
 * stored it, milliseconds later: the delivery takes its form from here
 * rather than parse the JSON that was just made from it (that parse was a
 * measurable part of each call's cost). A newer log of the key (a wrap-up
 * merged into the log of the call's end) replaces the older form, so no
 * form nobody will take again holds a place. A form is used only for an
 * item whose stored JSON is the JSON it was written as, and only once; any
 * other item (delivered by another node, after a restart, a retry, an older
 * log of the key) is parsed as before, so what is here only ever saves work.
 */
final class RecentLogs {

    private record Key(String tenantId, String orderingKey) {
    }

    private record Recent(String json, LogForm form) {
    }

    /** Oldest first, so the eldest goes first when the budget is spent. */
    private final LinkedHashMap<Key, Recent> forms = new LinkedHashMap<>();
    private final long maxChars;
    /** The JSON characters of the forms kept, the measure of what they hold on the heap. */
    private long chars;

    /**
     * @param maxChars how much stored JSON the kept forms may stand for; past it the eldest go. A
     *            count would not do: under load, deliveries trail the calls by a backlog whose size
     *            the machine decides, and forms let go while still to be delivered are parsed after all.
     */
    RecentLogs(long maxChars) {
        this.maxChars = maxChars;
    }

    synchronized void put(String tenantId, String orderingKey, String json, LogForm form) {
        Recent replaced = forms.put(new Key(tenantId, orderingKey), new Recent(json, form));
        chars += json.length() - (replaced == null ? 0 : replaced.json().length());
        var eldest = forms.values().iterator();
        while (chars > maxChars && eldest.hasNext()) {
            chars -= eldest.next().json().length();
            eldest.remove();
        }
    }

    /** The form of {@code item}'s log, parsed from its payload unless it is here. */
    LogForm take(OutboxItem item) {
        Key key = new Key(item.tenantId, item.orderingKey);
        Recent recent;
        synchronized (this) {
            recent = forms.get(key);
            if (recent != null && recent.json().equals(item.payload)) {
                forms.remove(key);
                chars -= recent.json().length();
            } else {
                recent = null;
            }
        }
        return recent != null ? recent.form() : StoredPayload.parseLog(item.payload);
    }

    synchronized int size() {
        return forms.size();
    }
}
