package org.borderpolice.mediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;

import org.borderpolice.federation.problem.InvalidProblem;
import org.junit.jupiter.api.Test;

/** A calendar's period: days of China's calendar or instants, [from, to), at most 31 calendar days. */
class SessionPeriodTest {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Test
    void aDayStartsAtMidnightInTheServicesCalendarAndAnInstantKeepsItsOffset() {
        SessionPeriod week = SessionPeriod.of("2026-12-07", "2026-12-14", CHINA);
        assertEquals(Instant.parse("2026-12-06T16:00:00Z"), week.from());
        assertEquals(Instant.parse("2026-12-13T16:00:00Z"), week.to());
        assertEquals(week, SessionPeriod.of("2026-12-07T00:00:00+08:00", " 2026-12-13T16:00:00Z ", CHINA));
        // a day and an instant mixed
        assertEquals(week, SessionPeriod.of("2026-12-07", "2026-12-13T16:00:00Z", CHINA));
    }

    @Test
    void anOffsetsPlusThatAQueryDecodedAsASpaceIsReadAsPlus() {
        SessionPeriod week = SessionPeriod.of("2026-12-07T00:00:00 08:00", "2026-12-14T00:00:00.000 08:00", CHINA);
        assertEquals(Instant.parse("2026-12-06T16:00:00Z"), week.from());
        assertEquals(Instant.parse("2026-12-13T16:00:00Z"), week.to());
        // a negative offset keeps its sign; a space elsewhere is still refused
        assertEquals(
                Instant.parse("2026-12-07T05:00:00Z"),
                SessionPeriod.of("2026-12-07T00:00:00-05:00", "2026-12-08", CHINA)
                        .from());
        for (String bad :
                new String[] {"2026-12-07 00:00:00 08:00", "2026-12-07T00:00:00  08:00", "2026-12-07T00:00 8:00"}) {
            assertThrows(InvalidProblem.class, () -> SessionPeriod.of(bad, "2026-12-14", CHINA), bad);
        }
    }

    @Test
    void thirtyOneCalendarDaysAreAllowedAlsoAcrossADaylightSavingChange() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // October in Berlin is 31 days and an hour, March 31 days less an hour: both a month
        for (String[] month : new String[][] {{"2026-10-01", "2026-11-01"}, {"2026-03-01", "2026-04-01"}}) {
            SessionPeriod days = SessionPeriod.of(month[0], month[1], berlin);
            assertEquals(
                    days,
                    SessionPeriod.of(
                            days.from().atZone(berlin).toOffsetDateTime().toString(),
                            days.to().atZone(berlin).toOffsetDateTime().toString(),
                            berlin));
        }
        assertThrows(InvalidProblem.class, () -> SessionPeriod.of("2026-10-01", "2026-11-02", berlin));
        assertThrows(
                InvalidProblem.class,
                () -> SessionPeriod.of("2026-10-01T00:00:00+02:00", "2026-11-01T00:00:01+01:00", berlin));
    }

    @Test
    void missingBadReversedEmptyOrTooLongPeriodsAreRefused() {
        for (String[] p : new String[][] {
            {null, "2026-12-14"},
            {"2026-12-07", " "},
            {"monday", "2026-12-14"},
            {"2026-12-07T00:00", "2026-12-14"},
            {"2026-02-30", "2026-03-02"},
            {"2026-12-14", "2026-12-07"},
            {"2026-12-07", "2026-12-07"},
            {"2026-12-01", "2027-01-02"},
            {"2026-12-01T00:00:00Z", "2027-01-01T00:00:01Z"},
            {"1899-12-30", "1899-12-31"},
            {"+99999-01-01T00:00:00Z", "+99999-01-02T00:00:00Z"}
        }) {
            assertThrows(InvalidProblem.class, () -> SessionPeriod.of(p[0], p[1], CHINA), String.join(" / ", p));
        }
    }

    /** An instant Java reads but no calendar day holds: a 400, not a 500 from the time zone. */
    @Test
    void anInstantAtTheEndsOfJavasRangeIsRefused() {
        for (String bad : new String[] {"-999999999-01-01T00:00:00+18:00", "+999999999-12-31T23:59:59-18:00"}) {
            assertThrows(InvalidProblem.class, () -> SessionPeriod.of(bad, "2026-12-14", CHINA), bad);
            assertThrows(InvalidProblem.class, () -> SessionPeriod.of("2026-12-07", bad, CHINA), bad);
        }
    }
}
