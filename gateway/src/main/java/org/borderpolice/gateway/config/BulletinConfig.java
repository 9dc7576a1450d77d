package org.borderpolice.gateway.config;

import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The weekly bulletin's settings ({@code border.gateway.bulletin.*}). */
@ConfigMapping(prefix = "border.gateway.bulletin")
public interface BulletinConfig {

    /**
     * The calendar of the weeks (which days a week has, which week is the current one). The
     * services read the week's dates in their own statistics time zones: keep them equal.
     */
    @WithDefault("Asia/Shanghai")
    ZoneId timeZone();
}
