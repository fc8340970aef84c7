package org.crmconnector.democrm;

/** A contact of the demo CRM; serialised as is in {@code /demo-crm/api/contacts}. */
public record Contact(String id, String name, String type, String phone) {
}
