package org.borderpolice.cases;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * 统计期间 The period statistics are computed for: [from, to), grouped in buckets of the calendar
 * of a time zone. {@code from} and {@code to} are a date (the start of that day in the zone:
 * {@code to=2026-04-01} ends with 31 March) or a date-time with offset. The buckets are those of
 * the zone's calendar that overlap the period (the first may start before {@code from}, the last
 * end after {@code to}; only what lies in the period is counted).
 */
public record StatisticsPeriod(Instant from, Instant to, StatisticsBucket bucket, ZoneId zone) {

    /** Earliest and latest instants a period may touch (as {@code StorableTime}). */
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    public StatisticsPeriod {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must lie before to");
        }
        if (from.isBefore(EARLIEST) || to.isAfter(LATEST)) {
            throw new IllegalArgumentException("the period must lie between 1900-01-01 and 2200-01-01");
        }
    }

    /**
     * The period of the request's parameters, or IllegalArgumentException saying what is wrong
     * (both ends are required; at most {@code maxBuckets} buckets).
     */
    public static StatisticsPeriod parse(String from, String to, String bucket, ZoneId zone, int maxBuckets) {
        StatisticsBucket b = StatisticsBucket.parse(bucket);
        StatisticsPeriod period = new StatisticsPeriod(
                instant("from", from, zone), instant("to", to, zone), b == null ? StatisticsBucket.MONTH : b, zone);
        if (period.buckets() > maxBuckets) {
            throw new IllegalArgumentException("at most " + maxBuckets + " " + period.bucket.unit
                    + "s in one period; choose a shorter period or a larger bucket");
        }
        return period;
    }

    static Instant instant(String name, String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    name + " is required (a date like 2026-01-01 or a date-time with offset)");
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    name + " must be a date like 2026-01-01 or a date-time with offset like 2026-01-01T00:00:00+08:00");
        }
    }

    /** The local start of the first bucket. */
    public LocalDateTime firstBucket() {
        return bucket.truncate(LocalDateTime.ofInstant(from, zone));
    }

    /** How many buckets overlap the period. */
    public long buckets() {
        LocalDateTime end = LocalDateTime.ofInstant(to, zone);
        long n = 0;
        for (LocalDateTime b = firstBucket(); b.isBefore(end); b = bucket.next(b)) {
            n++;
            if (n > 100_000) {
                break;
            }
        }
        return n;
    }
}
