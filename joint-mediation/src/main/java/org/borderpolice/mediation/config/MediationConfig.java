package org.borderpolice.mediation.config;

import java.math.BigDecimal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of joint-mediation. */
@ConfigMapping(prefix = "border.mediation")
public interface MediationConfig {

    /** Parties of one dispute, at most (当事人). */
    @WithDefault("50")
    @Min(1)
    @Max(200)
    int maxParties();

    /** 三调对接 triage. */
    Triage triage();

    interface Triage {

        /**
         * 数额巨大: a dispute whose amount at stake is above this many yuan goes to a court mediator
         * (法院调解员).
         */
        @WithDefault("500000")
        BigDecimal largeAmount();

        /** 被告人多: a dispute with at least this many respondents goes to a court mediator. */
        @WithDefault("5")
        @Min(2)
        int manyRespondents();
    }
}
