package org.borderpolice.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** ISO 8601 weeks: their days, the weeks a year has, and what is no week. */
class IsoWeekTest {

    @Test
    void aWeekRunsFromMondayToSunday() {
        IsoWeek w48 = IsoWeek.parse("2026-W48");
        assertEquals(LocalDate.parse("2026-11-23"), w48.monday());
        assertEquals(LocalDate.parse("2026-11-29"), w48.sunday());
        assertEquals(LocalDate.parse("2026-11-30"), w48.end());
        assertEquals("2026-W48", w48.toString());
    }

    @Test
    void weekOneHoldsTheYearsFirstThursdayAndMayStartTheYearBefore() {
        assertEquals(LocalDate.parse("2025-12-29"), IsoWeek.parse("2026-W01").monday());
        assertEquals(IsoWeek.parse("2026-W01"), IsoWeek.of(LocalDate.parse("2025-12-31")));
        assertEquals(IsoWeek.parse("2020-W53"), IsoWeek.of(LocalDate.parse("2021-01-03")));
        assertEquals(LocalDate.parse("2026-12-28"), IsoWeek.parse("2026-W53").monday());
        assertEquals(LocalDate.parse("2020-12-28"), IsoWeek.parse("2020-W53").monday());
    }

    @Test
    void whatIsNoWeekIsRefused() {
        for (String bad : new String[] {
            "2025-W53",
            "2026-W54",
            "2026-W00",
            "2026-W1",
            "2026W48",
            "2026-w48",
            "26-W48",
            "",
            null,
            "1899-W52",
            "2200-W01",
            "2026-W48.html",
            " 2026-W48"
        }) {
            assertThrows(IllegalArgumentException.class, () -> IsoWeek.parse(bad), String.valueOf(bad));
        }
    }
}
