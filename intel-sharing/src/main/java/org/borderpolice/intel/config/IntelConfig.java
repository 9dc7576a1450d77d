package org.borderpolice.intel.config;

import java.time.Duration;
import java.time.ZoneId;

import org.borderpolice.federation.config.FederationConfig;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of intel-sharing. */
@ConfigMapping(prefix = "intel")
public interface IntelConfig {

    Acknowledgement acknowledgement();

    HitCheck hitCheck();

    Disclosure disclosure();

    BlindIndex blindIndex();

    Statistics statistics();

    interface Statistics {
        /** The time zone whose calendar the dates of a statistics request are read in. */
        @WithDefault("Asia/Shanghai")
        ZoneId timeZone();
    }

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

    /**
     * The names intel-sharing's users set for federation's hit/no-hit limits (its
     * application.properties sets border.federation.hit-check.* from them); same meaning and defaults.
     */
    interface HitCheck extends FederationConfig.HitCheck {}

    interface Acknowledgement {
        /** Deadline for partners to acknowledge a RED alert (红色预警签收时限). */
        @WithDefault("15m")
        Duration red();

        /** Deadline for partners to acknowledge an ORANGE alert (橙色预警签收时限). */
        @WithDefault("60m")
        Duration orange();
    }
}
