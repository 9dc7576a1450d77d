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

    BlindIndex blindIndex();

    /**
     * Keeping our holdings hashed under exactly the blind-index key versions we hold
     * (border.federation.blind-index.keys): re-hashing under a version added for a rotation,
     * removing the hashes of a version dropped. In the background, on every replica; one replica
     * works on a version at a time.
     */
    interface BlindIndex {
        /** How often to look for work (a duration, or "off"); read by the schedule, see application.properties. */
        @WithDefault("5s")
        String rehashEvery();

        /** Alerts re-hashed (or hashes removed) per transaction. */
        @WithDefault("1000")
        int rehashBatch();
    }

    interface Disclosure {
        /** How long the owner has to answer a disclosure request (披露批复时限; Prüm II: 48 h). */
        @WithDefault("48h")
        Duration answerWithin();
    }

    interface HitCheck {
        /** Identifiers each partner may check against our alerts per day (每日比对限额). */
        @WithDefault("5000")
        int dailyQuota();

        /**
         * Identifiers each of a partner's users (the check's requested_by) may check against our
         * alerts per day, within the partner's own quota (每人每日比对限额, at the owner).
         */
        @WithDefault("500")
        int partnerUserDailyQuota();

        /** Identifiers each of our users may check per day, here and at partners alike (每人每日比对限额). */
        @WithDefault("500")
        int userDailyQuota();

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
