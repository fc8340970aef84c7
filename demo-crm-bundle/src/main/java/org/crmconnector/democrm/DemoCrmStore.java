package org.crmconnector.democrm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo CRM's data, in memory only: a fixed set of contacts and the
 * activities clients log. Activities are capped so a long-running demo
 * server (or a load test pointed at it) cannot grow without bound; the
 * oldest go first.
 */
final class DemoCrmStore {

    static final int MAX_ACTIVITIES = 10_000;

    private final List<Contact> contacts;
    private final int maxActivities;
    private final Map<String, Map<String, Object>> activities;
    private long nextId = 1;

    DemoCrmStore(List<Contact> contacts, int maxActivities) {
        this.contacts = List.copyOf(contacts);
        this.maxActivities = maxActivities;
        this.activities = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
                return size() > DemoCrmStore.this.maxActivities;
            }
        };
    }

    /** The seed data: two contacts share a number so newcomers can see a multi-match. */
    static DemoCrmStore withSampleContacts() {
        return new DemoCrmStore(List.of(
                new Contact("c1", "Ada Lovelace", "Contact", "+15551234567"),
                new Contact("c2", "Alan Turing", "Contact", "+15557654321"),
                new Contact("c3", "Grace Hopper", "Contact", "+15550001111"),
                new Contact("c4", "Katherine Johnson", "Contact", "+15550001111"),
                new Contact("c5", "Analytical Engines Ltd", "Account", "+442071234567")), MAX_ACTIVITIES);
    }

    List<Contact> contacts() {
        return contacts;
    }

    Optional<Contact> contact(String id) {
        return contacts.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    List<Contact> byPhone(String phone) {
        return contacts.stream().filter(c -> PhoneNumbers.same(c.phone(), phone)).toList();
    }

    /** Stores a copy of the fields with a new id and a creation time; returns the stored activity. */
    synchronized Map<String, Object> addActivity(Map<String, Object> fields) {
        Map<String, Object> a = new LinkedHashMap<>(fields);
        String id = "a" + nextId++;
        a.put("id", id);
        a.put("createdAt", Instant.now().toString());
        activities.put(id, a);
        // a copy that keeps JSON nulls: a log sends null for a number it does not have yet (Map.copyOf refuses nulls)
        return new LinkedHashMap<>(a);
    }

    /** Merges the fields into the activity (its id and creation time stay); empty when unknown. */
    synchronized Optional<Map<String, Object>> patchActivity(String id, Map<String, Object> fields) {
        Map<String, Object> a = activities.get(id);
        if (a == null) {
            return Optional.empty();
        }
        fields.forEach((k, v) -> {
            if (!k.equals("id") && !k.equals("createdAt")) {
                a.put(k, v);
            }
        });
        a.put("updatedAt", Instant.now().toString());
        return Optional.of(new LinkedHashMap<>(a));
    }

    /** All activities, oldest first. */
    synchronized List<Map<String, Object>> activities() {
        List<Map<String, Object>> out = new ArrayList<>(activities.size());
        activities.values().forEach(a -> out.add(new LinkedHashMap<>(a)));
        return out;
    }

    /** Activities that name the contact (as {@code contactId}, {@code whoId} or {@code crmObject.id}). */
    synchronized List<Map<String, Object>> activitiesOf(String contactId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> a : activities.values()) {
            if (names(a, contactId)) {
                out.add(new LinkedHashMap<>(a));
            }
        }
        return out;
    }

    private static boolean names(Map<String, Object> a, String contactId) {
        if (contactId.equals(a.get("contactId")) || contactId.equals(a.get("whoId"))) {
            return true;
        }
        return a.get("crmObject") instanceof Map<?, ?> o && contactId.equals(o.get("id"));
    }
}
