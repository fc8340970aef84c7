package org.crmconnector.store.postgresql.bus;

/** An event as the table holds it: its topic by key, its id within the topic. */
record StoredEvent(long topicKey, long id, String name, byte[] data) {
}
