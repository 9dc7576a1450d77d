package org.borderpolice.mediation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Pattern;

import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.statistics.DayPeriod;
import org.borderpolice.federation.validation.StorableTime;

/**
 * The period of a sessions calendar (调解日程): [from, to), each a calendar day (its start in the
 * service's time zone: federation's {@link DayPeriod}) or an instant with its offset, at most
 * {@link #MAX_DAYS} calendar days long: a bound on the work and the answer of one request.
 */
public record SessionPeriod(Instant from, Instant to) {

    /** The longest period one request may cover (a month's calendar), in calendar days. */
    public static final int MAX_DAYS = 31;

    /** An instant whose offset's {@code +} a query's decoding made a space: {@code …T00:00:00 08:00}. */
    private static final Pattern PLUS_DECODED = Pattern.compile("(T[0-9:.]+) ([0-9]{2}:[0-9]{2})$");

    static final String FORMS = "a date like 2026-12-07 or an instant like 2026-12-06T16:00:00Z"
            + " (an offset's + is %2B in a query: 2026-12-07T00:00:00%2B08:00)";

    /** The period asked for, or 400 (InvalidProblem) naming what is wrong. */
    public static SessionPeriod of(String from, String to, ZoneId zone) {
        if (isDay(from) && isDay(to)) {
            DayPeriod days = DayPeriod.of(from, to, zone, MAX_DAYS);
            return new SessionPeriod(days.from(), days.to());
        }
        Instant start = instant("from", from, zone);
        Instant end = instant("to", to, zone);
        DayPeriod.requireSpan(start, end, zone, MAX_DAYS);
        return new SessionPeriod(start, end);
    }

    private static boolean isDay(String value) {
        return value != null && value.strip().length() == 10;
    }

    static Instant instant(String name, String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            throw new InvalidProblem(name + " is required: " + FORMS);
        }
        if (isDay(value)) {
            // a day is read in the service's calendar (China's); an instant says its own offset
            return DayPeriod.day(name, value).atStartOfDay(zone).toInstant();
        }
        Instant at;
        try {
            // a client that did not encode "+08:00" sends " 08:00": unambiguous, so read as meant
            at = OffsetDateTime.parse(PLUS_DECODED.matcher(value.strip()).replaceFirst("$1+$2"))
                    .toInstant();
        } catch (DateTimeException e) {
            throw new InvalidProblem(name + " must be " + FORMS);
        }
        if (!StorableTime.Range.holds(at)) {
            // before atZone: an instant of year ±999,999,999 has no local date
            throw new InvalidProblem(name + " must lie between 1900-01-01 and 2199-12-31");
        }
        DayPeriod.requireYear(name, at.atZone(zone).getYear());
        return at;
    }
}
