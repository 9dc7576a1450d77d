package org.borderpolice.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The period of statistics: its ends in the zone's calendar, its buckets and what is refused. */
class StatisticsPeriodTest {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    static StatisticsPeriod parse(String from, String to, String bucket) {
        return StatisticsPeriod.parse(from, to, bucket, CHINA, 240);
    }

    @Test
    void datesAreTheStartOfTheirDayInTheZoneAndDateTimesKeepTheirOffset() {
        StatisticsPeriod p = parse("2026-01-01", "2026-04-01T12:00:00Z", null);
        assertEquals(Instant.parse("2025-12-31T16:00:00Z"), p.from());
        assertEquals(Instant.parse("2026-04-01T12:00:00Z"), p.to());
        assertEquals(StatisticsBucket.MONTH, p.bucket());
        assertEquals(4, p.buckets());
        assertEquals(
                StatisticsBucket.QUARTER,
                parse(" 2026-01-01 ", "2026-04-01", "Quarter").bucket());
    }

    @Test
    void bucketsOverlappingThePeriodAreCountedInTheZonesCalendar() {
        // 1 February 00:30 China time is still January in UTC
        StatisticsPeriod p = parse("2026-02-01T00:30:00+08:00", "2026-02-01T01:00:00+08:00", "month");
        assertEquals(LocalDateTime.parse("2026-02-01T00:00"), p.firstBucket());
        assertEquals(1, p.buckets());
        assertEquals(2, parse("2026-03-31", "2026-04-02", "quarter").buckets());
        assertEquals(
                LocalDateTime.parse("2026-01-01T00:00"),
                parse("2026-03-31", "2026-04-02", "quarter").firstBucket());
        assertEquals(3, parse("2024-06-01", "2026-06-01", "year").buckets());
    }

    @Test
    void labelsReadAsPeopleWriteThem() {
        LocalDateTime t = LocalDateTime.parse("2026-08-01T00:00");
        assertEquals("2026-08", StatisticsBucket.MONTH.label(t));
        assertEquals("2026-Q3", StatisticsBucket.QUARTER.label(StatisticsBucket.QUARTER.truncate(t)));
        assertEquals(LocalDateTime.parse("2026-07-01T00:00"), StatisticsBucket.QUARTER.truncate(t));
        assertEquals("2026", StatisticsBucket.YEAR.label(StatisticsBucket.YEAR.truncate(t)));
    }

    @Test
    void badPeriodsAreRefusedWithAReason() {
        for (String[] bad : new String[][] {
            {null, "2026-01-01", null},
            {"2026-01-01", " ", null},
            {"2026-02-01", "2026-01-01", null},
            {"2026-01-01", "2026-01-01", null},
            {"2026-02-30", "2026-03-01", null},
            {"2026-01-01T00:00:00", "2026-03-01", null},
            {"2026-01-01", "2026-03-01", "week"},
            {"1899-12-31", "2026-03-01", "year"},
            {"2026-01-01", "2200-01-02", "year"},
            {"2000-01-01", "2020-01-02", "month"}
        }) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> parse(bad[0], bad[1], bad[2]),
                    String.join(",", String.valueOf(bad[0]), String.valueOf(bad[1])));
            assertEquals(false, e.getMessage().isBlank());
        }
        // exactly the bound
        assertEquals(240, parse("2000-01-01", "2020-01-01", "month").buckets());
    }
}
