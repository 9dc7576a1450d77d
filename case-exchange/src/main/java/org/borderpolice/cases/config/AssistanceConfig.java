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

    /**
     * 未办结协查上限: open requests (SENT or ACCEPTED) one jurisdiction may have at another in one
     * case. Ours: the next one is a 409; a partner's above it is refused. Set it no lower than the
     * partners' own setting, or their users' requests are refused here.
     */
    @WithDefault("50")
    int maxOpenPerCase();

    /** As {@link #maxOpenPerCase()}, in all cases together. */
    @WithDefault("1000")
    int maxOpen();

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
