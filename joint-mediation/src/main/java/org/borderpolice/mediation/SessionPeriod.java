package org.borderpolice.mediation;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.borderpolice.federation.problem.InvalidProblem;

/**
 * The period of a sessions calendar (调解日程): [from, to), each a calendar day (its start in the
 * service's time zone) or an instant with its offset, at most {@link #MAX_DAYS} days long: a bound
 * on the work and the answer of one request.
 */
public record SessionPeriod(Instant from, Instant to) {

    /** The longest period one request may cover (a month's calendar). */
    public static final int MAX_DAYS = 31;

    /** The period asked for, or 400 (InvalidProblem) naming what is wrong. */
    public static SessionPeriod of(String from, String to, ZoneId zone) {
        Instant start = instant("from", from, zone);
        Instant end = instant("to", to, zone);
        if (!start.isBefore(end)) {
            throw new InvalidProblem("from must lie before to (to is exclusive)");
        }
        if (Duration.between(start, end).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw new InvalidProblem("a period of at most " + MAX_DAYS + " days");
        }
        return new SessionPeriod(start, end);
    }

    static Instant instant(String name, String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            throw new InvalidProblem(
                    name + " is required (a date like 2026-12-07 or an instant like " + "2026-12-07T00:00:00+08:00)");
        }
        String text = value.strip();
        try {
            // a day is read in the service's calendar (China's); an instant says its own offset
            Instant at = text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(zone).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
            int year = at.atZone(zone).getYear();
            if (year < 1900 || year > 2199) {
                throw new InvalidProblem(name + " must lie between 1900 and 2199");
            }
            return at;
        } catch (DateTimeException e) {
            throw new InvalidProblem(
                    name + " must be a date like 2026-12-07 or an instant like 2026-12-07T00:00:00+08:00");
        }
    }
}
