package org.crmconnector.core.ids;

import java.util.regex.Pattern;

/**
 * The format of the ids clients send: interactions, agents, conversations.
 * Its own package because both the engine and the HTTP contract check it,
 * and neither may depend on the other for it.
 */
public final class IdFormat {

    /** Ids travel in URL paths, so they are kept to URL-safe characters. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private IdFormat() {
    }
}
