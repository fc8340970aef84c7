package org.crmconnector.core.tenant;

import java.util.Locale;

/** When a tenant's interactions are written to the CRM. */
public enum LogStages {
    /** When the interaction ends, then updated on the same record at wrap-up: nothing is lost if wrap-up never comes. */
    ENDED_AND_FINISHED,
    /** Once, at wrap-up: for CRMs whose integration user may only create records. */
    FINISHED;

    static LogStages parse(String value) {
        try {
            return valueOf(value.trim().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("log.stages must be ended-and-finished or finished, not '" + value + "'");
        }
    }
}
