package org.borderpolice.federation.outbox;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Delivery state towards one partner (对端投递状态). */
@Schema(description = "对端投递积压 Delivery backlog towards one partner")
public record PartnerBacklog(
        @Schema(description = "对端辖区代码 Partner GB/T 2260 code", examples = "350722") String partner,
        @Schema(description = "对端名称 Partner name", examples = "浦城县公安局") String name,
        @Schema(description = "待投递事件数 Events waiting for delivery") long pending,
        @Schema(description = "被对端拒收的事件数 Events the partner refused for good") long rejected,
        @Schema(description = "最早待投递事件的写入时间 When the oldest waiting event was written") OffsetDateTime oldestPendingAt,
        @Schema(description = "连续失败次数 Failed attempts in a row") int consecutiveFailures,
        @Schema(description = "下次尝试时间 Next attempt not before") OffsetDateTime nextAttemptAt,
        @Schema(description = "最近一次错误 Last delivery error") String lastError,
        @Schema(description = "最近一次成功投递 Last successful delivery") OffsetDateTime lastDeliveredAt,
        @Schema(description = "累计投递事件数 Events delivered in total") long deliveredTotal) {
}
