package org.borderpolice.mediation.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of escalation (民转刑): the case-exchange of this jurisdiction that opens the joint case. */
@ConfigMapping(prefix = "border.mediation.escalation")
public interface EscalationConfig {

    /** The REST API of this jurisdiction's case-exchange (its public port). */
    @WithDefault("http://localhost:8081")
    URI caseExchangeUrl();

    /** How long one call may take to connect. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long one call may wait for case-exchange's answer (each retry again). */
    @WithDefault("5s")
    Duration readTimeout();

    /** Seconds a caller is told to wait (Retry-After) when case-exchange does not answer. */
    @WithDefault("30")
    @Min(1)
    @Max(3600)
    int retryAfterSeconds();
}
