package org.borderpolice.intel.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of intel-sharing. */
@ConfigMapping(prefix = "intel")
public interface IntelConfig {

    Acknowledgement acknowledgement();

    HitCheck hitCheck();

    Disclosure disclosure();

    interface Disclosure {
        /** How long the owner has to answer a disclosure request (披露批复时限; Prüm II: 48 h). */
        @WithDefault("48h")
        Duration answerWithin();
    }

    interface HitCheck {
        /** Identifiers each partner may check against our alerts per day (每日比对限额). */
        @WithDefault("5000")
        int dailyQuota();

        /** How long to wait for each partner's answer. */
        @WithDefault("5s")
        Duration partnerTimeout();
    }

    interface Acknowledgement {
        /** Deadline for partners to acknowledge a RED alert (红色预警签收时限). */
        @WithDefault("15m")
        Duration red();

        /** Deadline for partners to acknowledge an ORANGE alert (橙色预警签收时限). */
        @WithDefault("60m")
        Duration orange();
    }
}
