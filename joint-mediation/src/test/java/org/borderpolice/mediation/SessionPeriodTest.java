package org.borderpolice.mediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;

import org.borderpolice.federation.problem.InvalidProblem;
import org.junit.jupiter.api.Test;

/** A calendar's period: days of China's calendar or instants, [from, to), at most 31 days. */
class SessionPeriodTest {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Test
    void aDayStartsAtMidnightInTheServicesCalendarAndAnInstantKeepsItsOffset() {
        SessionPeriod week = SessionPeriod.of("2026-12-07", "2026-12-14", CHINA);
        assertEquals(Instant.parse("2026-12-06T16:00:00Z"), week.from());
        assertEquals(Instant.parse("2026-12-13T16:00:00Z"), week.to());
        assertEquals(week, SessionPeriod.of("2026-12-07T00:00:00+08:00", " 2026-12-13T16:00:00Z ", CHINA));
        // exactly 31 days is allowed, also across a daylight-saving change in a calendar that has one
        SessionPeriod.of("2026-03-01", "2026-04-01", ZoneId.of("Europe/Berlin"));
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
}
