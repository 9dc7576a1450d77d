package org.borderpolice.cases;

import java.time.LocalDateTime;
import java.time.temporal.IsoFields;

/** 统计周期 How the figures of a period are grouped in time: by calendar month, quarter or year. */
public enum StatisticsBucket {
    MONTH("month", "1 month"),
    QUARTER("quarter", "3 months"),
    YEAR("year", "1 year");

    /** The unit of PostgreSQL's date_trunc. */
    public final String unit;

    /** The step from one bucket to the next, as a PostgreSQL interval. */
    public final String step;

    StatisticsBucket(String unit, String step) {
        this.unit = unit;
        this.step = step;
    }

    /** The bucket named (month, quarter, year; any case); null for a blank name. */
    public static StatisticsBucket parse(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        for (StatisticsBucket b : values()) {
            if (b.unit.equalsIgnoreCase(name.strip())) {
                return b;
            }
        }
        throw new IllegalArgumentException("bucket must be month, quarter or year");
    }

    /** A bucket's name as people read it: 2026-03, 2026-Q1, 2026. */
    public String label(LocalDateTime start) {
        return switch (this) {
            case MONTH -> "%04d-%02d".formatted(start.getYear(), start.getMonthValue());
            case QUARTER -> "%04d-Q%d".formatted(start.getYear(), start.get(IsoFields.QUARTER_OF_YEAR));
            case YEAR -> "%04d".formatted(start.getYear());
        };
    }

    /** The start of the bucket holding this local time. */
    public LocalDateTime truncate(LocalDateTime t) {
        LocalDateTime month = t.toLocalDate().withDayOfMonth(1).atStartOfDay();
        return switch (this) {
            case MONTH -> month;
            case QUARTER -> month.withMonth((t.getMonthValue() - 1) / 3 * 3 + 1);
            case YEAR -> month.withMonth(1);
        };
    }

    public LocalDateTime next(LocalDateTime start) {
        return switch (this) {
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
            case YEAR -> start.plusYears(1);
        };
    }
}
