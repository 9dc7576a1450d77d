package org.borderpolice.federation.statistics;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
            throw new InvalidProblem("from must lie before to");
        }
        if (ChronoUnit.DAYS.between(first, end) > maxDays) {
            throw new InvalidProblem("a period of at most " + maxDays + " days");
        }
        return new DayPeriod(first, end, zone);
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

    private static LocalDate day(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidProblem(name + " is required: a date like 2026-11-23");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            throw new InvalidProblem(name + " is not a date like 2026-11-23");
        }
        if (day.getYear() < 1900 || day.getYear() > 2199) {
            throw new InvalidProblem(name + " must lie in the years 1900 to 2199");
        }
        return day;
    }
}
