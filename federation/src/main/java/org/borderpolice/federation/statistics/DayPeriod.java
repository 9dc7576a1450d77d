package org.borderpolice.federation.statistics;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import org.borderpolice.federation.problem.InvalidProblem;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * 统计期间 A period of whole days, [first, end): from the start of {@code first} to the start of
 * {@code end} in the calendar of {@code zone} ({@code from=2026-11-23&to=2026-11-30} is the week
 * of Monday 23 November).
 */
public record DayPeriod(LocalDate first, LocalDate end, ZoneId zone) {

    /** The years a request's date may lie in (a bound the database and the calendar arithmetic hold). */
    public static final int FIRST_YEAR = 1900;

    public static final int LAST_YEAR = 2199;

    static final String NOT_BEFORE = "from must lie before to";

    /** The period as a statistics answer states it. */
    @Schema(description = "统计期间 The period: whole days [from, to) of a time zone's calendar")
    public record View(
            @Schema(description = "统计起始 First day, inclusive", examples = "2026-11-23")
            String from,

            @Schema(description = "统计截止 Day after the last, exclusive", examples = "2026-11-30")
            String to,

            @Schema(description = "时区 Time zone of the dates", examples = "Asia/Shanghai")
            String timeZone) {}

    /** The period of a request's {@code from} and {@code to}, or a 400 problem saying what is wrong. */
    public static DayPeriod of(PeriodParams params, ZoneId zone, int maxDays) {
        return of(params.from, params.to, zone, maxDays);
    }

    /** The period of a request's {@code from} and {@code to} dates, or a 400 problem saying what is wrong. */
    public static DayPeriod of(String from, String to, ZoneId zone, int maxDays) {
        LocalDate first = day("from", from);
        LocalDate end = day("to", to);
        if (!first.isBefore(end)) {
            throw new InvalidProblem(NOT_BEFORE);
        }
        if (ChronoUnit.DAYS.between(first, end) > maxDays) {
            throw new InvalidProblem(tooLong(maxDays));
        }
        return new DayPeriod(first, end, zone);
    }

    /**
     * For a period whose bounds may also be instants: 400 unless {@code from} lies before {@code
     * to} and {@code to} at most {@code maxDays} calendar days of {@code zone} after it (the same
     * wall-clock time that many days on, so a day of a daylight-saving change counts as one day, as
     * in {@link #of}).
     */
    public static void requireSpan(Instant from, Instant to, ZoneId zone, int maxDays) {
        if (!from.isBefore(to)) {
            throw new InvalidProblem(NOT_BEFORE);
        }
        LocalDateTime last = LocalDateTime.ofInstant(from, zone).plusDays(maxDays);
        if (LocalDateTime.ofInstant(to, zone).isAfter(last)) {
            throw new InvalidProblem(tooLong(maxDays));
        }
    }

    /** 400 unless the year of a request's bound {@code name} lies in {@link #FIRST_YEAR} to {@link #LAST_YEAR}. */
    public static void requireYear(String name, int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new InvalidProblem(name + " must lie in the years " + FIRST_YEAR + " to " + LAST_YEAR);
        }
    }

    private static String tooLong(int maxDays) {
        return "a period of at most " + maxDays + " days";
    }

    public View view() {
        return new View(first.toString(), end.toString(), zone.getId());
    }

    public Instant from() {
        return first.atStartOfDay(zone).toInstant();
    }

    public Instant to() {
        return end.atStartOfDay(zone).toInstant();
    }

    /** A request's date {@code name} (2026-11-23, in the years allowed), or a 400 problem saying what is wrong. */
    public static LocalDate day(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidProblem(name + " is required: a date like 2026-11-23");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            throw new InvalidProblem(name + " is not a date like 2026-11-23");
        }
        requireYear(name, day.getYear());
        return day;
    }
}
