package org.borderpolice.cases.config;

import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of case-exchange. */
@ConfigMapping(prefix = "border.cases")
public interface CasesConfig {

    /**
     * The time zone whose calendar year a case number counts in (案件编号的年份): a case filed at
     * 00:30 on 1 January China time is numbered in the new year.
     */
    @WithDefault("Asia/Shanghai")
    ZoneId numberTimeZone();

    /**
     * Partners that may be invited to one case, over its life (declined and removed ones count);
     * at most {@link org.borderpolice.cases.CaseFields#PARTICIPANTS_HELD}, what partners take.
     */
    @WithDefault("20")
    @jakarta.validation.constraints.Max(org.borderpolice.cases.CaseFields.PARTICIPANTS_HELD)
    @jakarta.validation.constraints.Min(1)
    int maxParticipants();

    /** Requests to join a case (申请加入案件). */
    JoinRequests joinRequests();

    interface JoinRequests {
        /**
         * Requests of one jurisdiction that may be pending at one owner at a time: this service
         * refuses its users' next one (429), and as owner refuses a partner's next one at receipt
         * (denied, 待审批申请过多), so that no partner fills our commanders' queue.
         */
        @WithDefault("20")
        @jakarta.validation.constraints.Min(1)
        @jakarta.validation.constraints.Max(1000)
        int maxPending();

        /**
         * How long after our withdrawal of a request (by our clock, plus the clocks' tolerance) an
         * owner's decision that crossed it may still arrive and be taken: the owner stamps its
         * decision itself, so only our own receipt clock bounds a backdated one.
         */
        @WithDefault("24h")
        java.time.Duration maxDeliveryDelay();
    }
}
