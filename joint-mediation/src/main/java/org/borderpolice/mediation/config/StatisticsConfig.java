package org.borderpolice.mediation.config;

import java.time.ZoneId;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the mediation statistics (调解统计). */
@ConfigMapping(prefix = "border.mediation.statistics")
public interface StatisticsConfig {

    /** The time zone whose calendar the dates of a request, the buckets and "today" are read in. */
    @WithDefault("Asia/Shanghai")
    ZoneId timeZone();

    /** The longest period one request may cover, in days (a bound on the work of one request). */
    @WithDefault("3660")
    @Min(1)
    @Max(36600)
    int maxDays();
}
