package org.borderpolice.mediation.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of mediation agreements (调解协议): when an unpaid instalment counts as overdue and what it does. */
@ConfigMapping(prefix = "border.mediation.agreements")
public interface AgreementConfig {

    /** 宽限期: days after its due date before an unpaid instalment is overdue. */
    @WithDefault("3")
    @Min(0)
    @Max(90)
    int graceDays();

    /**
     * Overdue instalments raise the dispute's risk of 民转刑 to MEDIUM, and to HIGH once one is
     * overdue by more than this many days.
     */
    @WithDefault("30")
    @Min(1)
    @Max(365)
    int highRiskAfterDays();

    /** How often the origin looks for newly overdue instalments of its agreements. */
    @WithDefault("1h")
    Duration overdueCheckEvery();
}
