package org.borderpolice.cases.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of assistance requests (协查请求). */
@ConfigMapping(prefix = "border.cases.assistance")
public interface AssistanceConfig {

    /** 默认答复期限: the default deadline of each priority, from the sending (at most 90 days). */
    Deadlines deadlines();

    /**
     * 催办提醒: how long before the deadline an open request is flagged: a share of the span from
     * sending to deadline ("25%") or a fixed time ("30m", "2h", "1d", "PT30M").
     */
    @WithDefault("25%")
    String remindBefore();

    interface Deadlines {

        /** 特急. */
        @WithDefault("2h")
        Duration immediate();

        /** 加急. */
        @WithDefault("8h")
        Duration urgent();

        /** 一般. */
        @WithDefault("7d")
        Duration routine();
    }
}
