package org.borderpolice.intel.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of intel-sharing. */
@ConfigMapping(prefix = "intel")
public interface IntelConfig {

    Acknowledgement acknowledgement();

    interface Acknowledgement {
        /** Deadline for partners to acknowledge a RED alert (红色预警签收时限). */
        @WithDefault("15m")
        Duration red();

        /** Deadline for partners to acknowledge an ORANGE alert (橙色预警签收时限). */
        @WithDefault("60m")
        Duration orange();
    }
}
