package org.crmconnector.core.avaya;

import static org.crmconnector.core.avaya.ValueDescriptions.show;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Converts the forms a point in time arrives in: ISO-8601 with or without a
 * zone or the {@code T}, epoch milliseconds as a number or a string, RFC 1123,
 * a calendar date, or a bare time of day that still needs one. Zone-less
 * values are UTC.
 */
final class TimeCoercions {

    /** Anything longer cannot be a timestamp; refusing early keeps the parsers off huge input. */
    private static final int MAX_TIMESTAMP_LENGTH = 64;
    // At most 18 digits: whatever matches fits a long.
    private static final Pattern DIGITS = Pattern.compile("-?\\d{1,18}");
    private static final Pattern SPACED_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d.*");
    private static final DateTimeFormatter SLASHED_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    private static final DateTimeFormatter AM_PM_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("h:mm[:ss] a").toFormatter(Locale.ROOT);

    private final MappingRun run;

    TimeCoercions(MappingRun run) {
        this.run = run;
    }

    /** An {@link Instant}, or a {@link LocalTime} that still needs a date. */
    Object moment(FieldLocation l, JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Instant.ofEpochMilli(v.longValue());
        }
        if (v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())
                && Math.abs(v.doubleValue()) < Long.MAX_VALUE) {
            return Instant.ofEpochMilli((long) v.doubleValue());
        }
        if (v.isTextual() && v.textValue().trim().length() <= MAX_TIMESTAMP_LENGTH) {
            String s = v.textValue().trim();
            if (DIGITS.matcher(s).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(s));
            }
            Object parsed = parseTemporal(s);
            if (parsed != null) {
                return parsed;
            }
        }
        throw run.mismatch(l, "must be an ISO-8601 timestamp or epoch milliseconds, not " + show(v));
    }

    /** A calendar date: {@code 2025-03-01}, {@code 2025/03/01}, or a full timestamp's UTC date. */
    LocalDate date(FieldLocation l, JsonNode v) {
        if (v.isTextual()) {
            LocalDate d = v.textValue().length() <= MAX_TIMESTAMP_LENGTH ? parseDate(v.textValue().trim()) : null;
            if (d != null) {
                return d;
            }
        }
        Object m;
        try {
            m = moment(l, v);
        } catch (ValueMismatch e) {
            // not a timestamp either: refused below as a date, which is what the field wants
            m = null;
        }
        if (m instanceof Instant instant) {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC);
        }
        throw run.mismatch(l, "must be a date like 2025-03-01, not " + show(v));
    }

    private static Object parseTemporal(String s) {
        String iso = SPACED_DATE_TIME.matcher(s).matches() ? s.replaceFirst(" ", "T") : s;
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from,
                    LocalDateTime::from);
            return t instanceof ZonedDateTime z ? z.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // not a date-time; try the other forms
        }
        LocalDate date = parseDate(s);
        if (date != null) {
            return date.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_LOCAL_TIME, AM_PM_TIME)) {
            try {
                return LocalTime.parse(s, f);
            } catch (DateTimeException e) {
                // next form
            }
        }
        try {
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDate parseDate(String s) {
        for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_LOCAL_DATE, SLASHED_DATE)) {
            try {
                return LocalDate.parse(s, f);
            } catch (DateTimeException e) {
                // next form
            }
        }
        return null;
    }
}
