package org.crmconnector.crm.support.pop;

/** The pages of one CRM instance a screen pop may open besides a record's own. */
public interface PopPages {

    /** The CRM's search page for {@code number}. */
    String search(String number);

    /** A new contact's form with {@code number} as its phone. */
    String newContact(String number);
}
