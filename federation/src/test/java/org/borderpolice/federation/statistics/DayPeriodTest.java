package org.borderpolice.federation.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.borderpolice.federation.problem.InvalidProblem;
import org.junit.jupiter.api.Test;

/** Periods of whole days of a zone's calendar, and the hooks for periods whose bounds may be instants. */
class DayPeriodTest {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aPeriodOfDaysStartsAtTheZonesMidnights() {
        DayPeriod week = DayPeriod.of(" 2026-11-23", "2026-11-30 ", CHINA, 31);
        assertEquals(Instant.parse("2026-11-22T16:00:00Z"), week.from());
        assertEquals(Instant.parse("2026-11-29T16:00:00Z"), week.to());
        assertEquals(new DayPeriod.View("2026-11-23", "2026-11-30", "Asia/Shanghai"), week.view());
        // 31 calendar days across both daylight-saving changes: 743 and 745 hours
        DayPeriod.of("2026-03-01", "2026-04-01", BERLIN, 31);
        DayPeriod.of("2026-10-01", "2026-11-01", BERLIN, 31);
    }

    @Test
    void badReversedEmptyOrTooLongPeriodsAre400() {
        for (String[] p : new String[][] {
            {null, "2026-11-30"},
            {"2026-11-23", " "},
            {"monday", "2026-11-30"},
            {"2026-02-30", "2026-03-02"},
            {"2026-11-30", "2026-11-23"},
            {"2026-11-23", "2026-11-23"},
            {"2026-12-01", "2027-01-02"},
            {"1899-12-30", "1899-12-31"},
            {"2199-12-31", "2200-01-01"}
        }) {
            assertThrows(InvalidProblem.class, () -> DayPeriod.of(p[0], p[1], CHINA, 31), String.join(" / ", p));
        }
        assertEquals(LocalDate.of(2199, 12, 31), DayPeriod.day("from", "2199-12-31"));
        assertEquals(
                "to must lie in the years 1900 to 2199",
                assertThrows(InvalidProblem.class, () -> DayPeriod.day("to", "2200-01-01"))
                        .getMessage());
    }

    @Test
    void aSpanOfInstantsIsCountedInCalendarDaysOfTheZone() {
        // October in Berlin: 31 days and an hour long, 31 calendar days
        DayPeriod.requireSpan(Instant.parse("2026-09-30T22:00:00Z"), Instant.parse("2026-10-31T23:00:00Z"), BERLIN, 31);
        assertThrows(
                InvalidProblem.class,
                () -> DayPeriod.requireSpan(
                        Instant.parse("2026-09-30T22:00:00Z"), Instant.parse("2026-10-31T23:00:01Z"), BERLIN, 31));
        // March in Berlin: 743 hours, also 31 calendar days; a second more is too long
        DayPeriod.requireSpan(Instant.parse("2026-02-28T23:00:00Z"), Instant.parse("2026-03-31T22:00:00Z"), BERLIN, 31);
        assertThrows(
                InvalidProblem.class,
                () -> DayPeriod.requireSpan(
                        Instant.parse("2026-02-28T23:00:00Z"), Instant.parse("2026-03-31T22:00:01Z"), BERLIN, 31));
        Instant at = Instant.parse("2026-11-23T00:00:00Z");
        assertThrows(InvalidProblem.class, () -> DayPeriod.requireSpan(at, at, CHINA, 31));
        assertThrows(InvalidProblem.class, () -> DayPeriod.requireSpan(at.plusSeconds(1), at, CHINA, 31));
    }
}
