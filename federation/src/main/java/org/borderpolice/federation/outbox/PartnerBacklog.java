package org.borderpolice.federation.outbox;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Delivery state towards one partner (对端投递状态). */
@Schema(description = "对端投递积压 Delivery backlog towards one partner")
public record PartnerBacklog(
        @Schema(description = "对端辖区代码 Partner GB/T 2260 code", examples = "350722")
        String partner,

        @Schema(description = "对端名称 Partner name", examples = "浦城县公安局")
        String name,

        @Schema(description = "待投递事件数 Events waiting for delivery")
        long pending,

        @Schema(description = "被对端拒收的事件数 Events the partner refused for good")
        long rejected,

        @Schema(description = "最早待投递事件的写入时间 When the oldest waiting event was written")
        OffsetDateTime oldestPendingAt,

        @Schema(description = "连续失败次数 Failed attempts in a row")
        int consecutiveFailures,

        @Schema(description = "下次尝试时间 Next attempt not before")
        OffsetDateTime nextAttemptAt,

        @Schema(description = "最近一次错误 Last delivery error") String lastError,

        @Schema(description = "最近一次成功投递 Last successful delivery")
        OffsetDateTime lastDeliveredAt,

        @Schema(description = "累计投递事件数 Events delivered in total")
        long deliveredTotal,

        @Schema(
                description = "最近被拒收的事件（最新在前，至多 " + OutboxBacklog.RECENT_REFUSALS + " 条）"
                        + " The latest refused events, newest first")
        List<Refusal> refusals) {

    /** One change that will never reach the partner, and why. */
    @Schema(description = "被拒收的事件 An event the partner refused, or that is too large for any message")
    public record Refusal(
            @Schema(description = "记录类型 Record type", examples = "intel.alert")
            String recordType,

            @Schema(description = "记录编号 Record id") String recordId,
            @Schema(description = "被拒收的版本 Version refused") long version,

            @Schema(description = "拒收时间 When it was refused")
            OffsetDateTime refusedAt,

            @Schema(description = "原因 Reason (the partner's, or ours for an event too large to send)")
            String reason) {}
}
