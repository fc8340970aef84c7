package org.crmconnector.crm.salesforce.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.support.phone.PhoneNumbers;
import org.crmconnector.interaction.CrmObject;

/**
 * Recent number-to-record answers of one adapter instance. Repeat callers
 * cost no API call, and a record the agent just linked to a caller is found
 * even before Salesforce's search index has caught up with it.
 */
public final class LookupCache {

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Map<String, Entry> entries;

    private record Entry(List<CrmObject> matches, Instant expires) {
    }

    public LookupCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > LookupCache.this.maxEntries;
            }
        };
    }

    /** The cached matches for the number, or null. */
    public synchronized List<CrmObject> get(String number) {
        String key = PhoneNumbers.significant(number);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires)) {
            entries.remove(key);
            return null;
        }
        return entry.matches;
    }

    public synchronized void put(String number, List<CrmObject> matches) {
        if (ttl.isZero() || PhoneNumbers.significant(number).length() < PhoneNumbers.MIN_MATCH_DIGITS) {
            return;
        }
        entries.put(PhoneNumbers.significant(number), new Entry(List.copyOf(matches), clock.instant().plus(ttl)));
    }

    public synchronized void clear() {
        entries.clear();
    }
}
