package org.crmconnector.core.avaya;

import static org.crmconnector.core.avaya.InteractionLogFields.DURATION;
import static org.crmconnector.core.avaya.InteractionLogFields.END_DATE;
import static org.crmconnector.core.avaya.InteractionLogFields.END_TIME;
import static org.crmconnector.core.avaya.InteractionLogFields.ESTABLISHED_TIME;
import static org.crmconnector.core.avaya.InteractionLogFields.LAST_UPDATED_AT;
import static org.crmconnector.core.avaya.InteractionLogFields.START_DATE;
import static org.crmconnector.core.avaya.InteractionLogFields.START_TIME;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.crmconnector.interaction.Interaction;

/**
 * Avaya's time rules. Seed 001 gives "Start Date" and "Start Time" separately
 * (and an optional "End Date"), so a time of day takes its date from them, in
 * UTC, and one that would precede the moment before it belongs to the next day.
 * Without a duration, it is the time between established and end.
 */
final class InteractionTimes {

    private final BodyScopes scopes;
    private final ValueCoercions values;
    private final TimeCoercions times;
    private final MappingRun run;

    InteractionTimes(BodyScopes scopes, ValueCoercions values) {
        this.scopes = scopes;
        this.values = values;
        this.run = values.run();
        this.times = new TimeCoercions(run);
    }

    /**
     * Sets start, established, end and last-updated time and the duration. The
     * first start time that is complete wins, so a bare time of day without a
     * date gives way to, say, the intrinsics' {@code START_TIME}.
     */
    void fill(Interaction i) {
        FieldHit dateHit = scopes.find(START_DATE);
        LocalDate startDate = dateHit == null ? null : times.date(dateHit.location(), dateHit.value());
        Instant start = null;
        ValueMismatch incomplete = null;
        for (FieldHit h : scopes.findAll(START_TIME)) {
            Object m = times.moment(h.location(), h.value());
            if (m instanceof Instant instant) {
                start = instant;
                break;
            }
            if (startDate != null) {
                start = startDate.atTime((LocalTime) m).toInstant(ZoneOffset.UTC);
                break;
            }
            if (incomplete == null) {
                incomplete = run.mismatch(h.location(), "is a time of day (" + m + ") but startDate is missing");
            }
        }
        if (start == null && incomplete != null) {
            throw incomplete;
        }
        if (start == null && dateHit != null) {
            Object m = times.moment(dateHit.location(), dateHit.value());
            start = m instanceof Instant instant ? instant : null;
        }
        i.startTime = start;

        FieldHit endDateHit = scopes.find(END_DATE);
        LocalDate endDate = endDateHit == null ? startDate : times.date(endDateHit.location(), endDateHit.value());
        i.establishedTime = at(ESTABLISHED_TIME, startDate, "startDate", start);
        i.endTime = at(END_TIME, endDate, endDateHit == null ? "startDate" : "endDate",
                i.establishedTime != null ? i.establishedTime : start);
        i.lastUpdatedAt = at(LAST_UPDATED_AT, startDate, "startDate", null);

        FieldHit durationHit = scopes.find(DURATION);
        Long duration = durationHit == null ? null : values.seconds(durationHit.location(), durationHit.value());
        if (duration == null && i.establishedTime != null && i.endTime != null
                && !i.endTime.isBefore(i.establishedTime)) {
            duration = Duration.between(i.establishedTime, i.endTime).getSeconds();
        }
        i.durationSeconds = duration;
    }

    /** A timestamp; a time of day on {@code date}, a day later when it would precede {@code notBefore}. */
    private Instant at(LogField f, LocalDate date, String dateName, Instant notBefore) {
        FieldHit h = scopes.find(f);
        if (h == null) {
            return null;
        }
        Object m = times.moment(h.location(), h.value());
        if (m instanceof Instant instant) {
            return instant;
        }
        if (date == null) {
            throw run.mismatch(h.location(), "is a time of day (" + m + ") but " + dateName + " is missing");
        }
        Instant t = date.atTime((LocalTime) m).toInstant(ZoneOffset.UTC);
        // Time-of-day values past midnight belong to the next day.
        return notBefore != null && t.isBefore(notBefore) && date.equals(LocalDate.ofInstant(notBefore,
                ZoneOffset.UTC)) ? t.plus(1, ChronoUnit.DAYS) : t;
    }
}
