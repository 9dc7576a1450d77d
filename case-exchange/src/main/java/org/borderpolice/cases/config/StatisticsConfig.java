package org.borderpolice.cases.config;

import java.time.ZoneId;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the statistics (统计). */
@ConfigMapping(prefix = "border.cases.statistics")
public interface StatisticsConfig {

    /** The time zone whose calendar months, quarters and years the figures are grouped in, and dates are read in. */
    @WithDefault("Asia/Shanghai")
    ZoneId timeZone();

    /** The most buckets one request may ask for (a bound on the work of one request). */
    @WithDefault("240")
    @Min(1)
    @Max(10000)
    int maxBuckets();
}
