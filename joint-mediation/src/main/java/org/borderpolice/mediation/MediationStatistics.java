package org.borderpolice.mediation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * 调解统计 The figures of disputes reported in a period, over the disputes the caller's
 * jurisdiction sees (its own and partners' it is involved in). Rates in percent with 2 decimals
 * (null when nothing to divide by), days with 1 decimal (null when no dispute got that far).
 */
@Schema(description = "调解统计 Mediation statistics of the disputes reported in [from, to) that the caller sees")
public record MediationStatistics(
        @Schema(description = "统计起始 Start of the period, inclusive (date in the configured time zone)")
        String from,

        @Schema(description = "统计截止 End of the period, exclusive")
        String to,

        @Schema(description = "统计周期 month, quarter or year") String bucket,

        @Schema(description = "受理纠纷数 Disputes reported in the period")
        long reported,

        @Schema(description = "按状态 Disputes per status") Map<String, Long> byStatus,
        @Schema(description = "按类型 Disputes per kind") Map<String, Long> byKind,

        @Schema(description = "按调解层级 Disputes per tier (三调对接)")
        Map<String, Long> byTier,

        @Schema(description = "按周期 Disputes reported and resolved per bucket with disputes, oldest first")
        List<Bucket> buckets,

        @Schema(description = "已化解 Disputes resolved (RESOLVED)")
        long resolved,

        @Schema(description = "化解率 Resolved as a percentage of the disputes reported")
        BigDecimal resolutionRate,

        @Schema(description = "进入调解 Disputes mediated (MEDIATING, AGREED, FAILED, RESOLVED, or failed at a tier)")
        long mediated,

        @Schema(description = "达成协议 Disputes mediated to an agreement (AGREED or RESOLVED)")
        long agreed,

        @Schema(description = "调解成功率 Agreed as a percentage of the disputes mediated")
        BigDecimal mediationSuccessRate,

        @Schema(description = "首次调解会中位天数 Median days from report to the first (not cancelled) session")
        BigDecimal medianDaysToFirstSession,

        @Schema(description = "达成协议中位天数 Median days from the report's date to the agreement's effective date")
        BigDecimal medianDaysToAgreement,

        @Schema(description = "边界纠纷化解(按协作辖区) Resolved disputes per partner jurisdiction involved, by code")
        Map<String, Long> resolvedByPartner,

        @Schema(description = "分期履行 Instalments of signed agreements of these disputes")
        Instalments instalments,

        @Schema(description = "高风险纠纷 Disputes at HIGH 民转刑 risk")
        long highRisk,

        @Schema(description = "防止民转刑 HIGH-risk disputes resolved without an escalated case (民转刑升级)")
        long criminalPrevented) {

    /** One bucket of the calendar. */
    public record Bucket(
            @Schema(description = "周期起始 First day of the bucket")
            String start,

            @Schema(description = "受理 Reported in the bucket")
            long reported,

            @Schema(description = "已化解 Of those, resolved now")
            long resolved) {}

    /** 分期履行 Instalments: how many, paid in full, overdue (unpaid past the due date and grace days). */
    public record Instalments(
            @Schema(description = "分期数 Instalments") long total,
            @Schema(description = "已付清 Paid in full") long paid,
            @Schema(description = "逾期 Overdue") long overdue,
            @Schema(description = "已付金额 Yuan paid") BigDecimal amountPaid,
            @Schema(description = "逾期金额 Yuan overdue") BigDecimal amountOverdue) {}
}
