package org.crmconnector.crm.salesforce.auth;

/**
 * A Salesforce session id. Salesforce gives no lifetime with it (the session
 * times out on inactivity), so it is kept until a call answers
 * {@code INVALID_SESSION_ID}.
 */
public final class AccessToken {

    private final String value;

    public AccessToken(String value) {
        this.value = value;
    }

    /** The header value to send, {@code Bearer <token>}. */
    public String authorizationHeader() {
        return "Bearer " + value;
    }

    /** Never prints the token itself: toString ends up in logs. */
    @Override
    public String toString() {
        return "AccessToken[****]";
    }
}
