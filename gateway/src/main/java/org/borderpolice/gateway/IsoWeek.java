package org.borderpolice.gateway;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 周次 An ISO 8601 week ({@code 2026-W48}): Monday to Sunday, week 1 the one holding the year's
 * first Thursday (so 2026-W01 starts on 29 December 2025, and some years have a week 53).
 */
public record IsoWeek(int year, int week) {

    private static final Pattern TEXT = Pattern.compile("([0-9]{4})-W([0-9]{2})");

    public IsoWeek {
        if (year < 1900 || year > 2199) {
            throw new IllegalArgumentException("the year of a week lies between 1900 and 2199");
        }
        int weeks = weeksIn(year);
        if (week < 1 || week > weeks) {
            throw new IllegalArgumentException(year + " has the weeks 1 to " + weeks);
        }
    }

    /** The week {@code text} names, or IllegalArgumentException saying what is wrong. */
    public static IsoWeek parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("a week is written like 2026-W48 (ISO 8601)");
        }
        return new IsoWeek(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The week {@code day} lies in. */
    public static IsoWeek of(LocalDate day) {
        return new IsoWeek(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Its Monday. */
    public LocalDate monday() {
        return LocalDate.of(year, 1, 4)
                .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** Its Sunday, the last day. */
    public LocalDate sunday() {
        return monday().plusDays(6);
    }

    /** The Monday after it: the end of the week, exclusive. */
    public LocalDate end() {
        return monday().plusDays(7);
    }

    @Override
    public String toString() {
        return String.format("%04d-W%02d", year, week);
    }

    private static int weeksIn(int year) {
        // 28 December always lies in the year's last week
        return LocalDate.of(year, 12, 28).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }
}
