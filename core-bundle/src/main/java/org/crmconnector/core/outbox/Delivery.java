package org.crmconnector.core.outbox;

import java.util.List;

import org.crmconnector.store.OutboxItem;

/** One adapter call: a batch of logs, or a single disposition or trigger. */
record Delivery(OutboxItem.Kind kind, List<OutboxItem> items) {

    @Override
    public String toString() {
        return kind + " x" + items.size() + " from " + items.get(0);
    }
}
