package org.borderpolice.intel;

import java.util.Map;

import org.borderpolice.federation.statistics.DayPeriod;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** 预警统计 The alerts published in a period that the caller may see. */
@Schema(description = "预警统计 Alerts published in [from, to) that the caller may see")
public record AlertStatistics(
        DayPeriod.View period,

        @Schema(description = "新发预警 Alerts published in the period")
        long published,

        @Schema(description = "按级别 Per severity (红橙黄蓝 RED, ORANGE, YELLOW, BLUE), every severity listed")
        Map<String, Long> bySeverity,

        @Schema(description = "按发布辖区 Per origin (GB/T 2260 code)")
        Map<String, Long> byOrigin) {}
