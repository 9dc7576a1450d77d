package org.borderpolice.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * 统计 The figures of joint cases, assistance requests and transfers for a period, over what the
 * caller's jurisdiction may see (case-exchange/README.md, "Statistics", defines each figure).
 * Amounts are yuan with exactly 2 decimal places; rates are percentages with 2 decimal places
 * (69.27 means 69.27 %), null when there is nothing to divide by; times are whole seconds.
 */
@Schema(
        description = "统计 Figures of the cases, assistance requests and transfers the caller's jurisdiction may see, "
                + "for the period [from, to)")
public record CaseStatistics(
        @Schema(description = "统计起始 Period start (inclusive)")
        Instant from,

        @Schema(description = "统计截止 Period end (exclusive)") Instant to,

        @Schema(description = "统计周期 Bucket: MONTH, QUARTER or YEAR")
        StatisticsBucket bucket,

        @Schema(description = "时区 Time zone of the buckets' calendar", example = "Asia/Shanghai")
        String timeZone,

        @Schema(description = "统计时间 When computed (overdue now counts up to this instant)")
        Instant computedAt,

        @Schema(description = "案件 Cases filed (立案) in the period")
        Cases cases,

        @Schema(description = "按周期 Cases filed per bucket, every bucket of the period listed (zero included)")
        List<Bucket> periods,

        @Schema(
                description = "协助破获 Cases solved in the period with a jurisdiction's assistance, per assisting "
                        + "jurisdiction (the caller's own code: partners' cases it helped solve)")
        List<Assisted> assistedSolved,

        @Schema(description = "协查 Assistance requests") Assistance assistance,

        @Schema(description = "移交 Transfers of cases (先受理后移交) accepted, offered in the period")
        Transfers transfers) {

    @Schema(description = "案件统计 Cases filed in the period (drafts excluded)")
    public record Cases(
            @Schema(description = "立案数 Cases filed") long filed,
            @Schema(description = "按状态 Per current status") Map<String, Long> byStatus,
            @Schema(description = "按类别 Per category") Map<String, Long> byCategory,

            @Schema(description = "破案数 Of these, solved before the period's end (and not reopened since)")
            long solved,

            @Schema(
                    description = "破案率 Solved / filed, percent with 2 decimals; null when none filed",
                    example = "69.27")
            BigDecimal solveRate,

            @Schema(description = "损失金额 Loss, yuan (2 decimals)", example = "125000.50")
            BigDecimal lossAmount,

            @Schema(description = "追回金额 Recovered, yuan (2 decimals)", example = "30000.00")
            BigDecimal recoveredAmount,

            @Schema(description = "追赃率 Recovered / loss, percent with 2 decimals; null when no loss", example = "85.64")
            BigDecimal recoveryRate) {}

    @Schema(description = "周期 One bucket of the period")
    public record Bucket(
            @Schema(description = "周期 Label", example = "2026-03")
            String label,

            @Schema(description = "起始 Bucket start") Instant start,

            @Schema(description = "立案数 Cases filed in the bucket (and the period)")
            long filed,

            @Schema(description = "破案数 Of these, solved before the period's end")
            long solved) {}

    @Schema(description = "协助破获 Cases solved with one jurisdiction's assistance")
    public record Assisted(
            @Schema(description = "协助辖区 Assisting jurisdiction", example = "350722")
            String jurisdiction,

            @Schema(description = "协助破获数 Cases") long cases) {}

    @Schema(description = "协查统计 Assistance requests the caller's jurisdiction sent or received")
    public record Assistance(
            @Schema(description = "发出数 Requests sent in the period")
            long sent,

            @Schema(
                    description =
                            "按时办结 Of these, answered with findings by their deadline (周报: assistance answered on time)")
            long answeredOnTime,

            @Schema(description = "超期未办 Open requests past their deadline now")
            long overdueNow,

            @Schema(
                    description = "期内超期 Requests whose deadline fell in the period (before now) and that were "
                            + "not answered, declined or withdrawn by it")
            long overdueInPeriod,

            @Schema(description = "按协助辖区与优先级 Per addressee and priority")
            List<ResponseTimes> byAddressee) {}

    @Schema(description = "响应时间 Response times of one addressee for one priority")
    public record ResponseTimes(
            @Schema(description = "被请求辖区 Addressee", example = "350722")
            String addressee,

            @Schema(description = "优先级 Priority") AssistancePriority priority,

            @Schema(description = "发出数 Requests sent in the period")
            long sent,

            @Schema(description = "响应时间 Sent → first answer (accepted with an officer, declined or answered)")
            Durations response,

            @Schema(description = "办结时间 Sent → answered with findings")
            Durations answer,

            @Schema(description = "按时办结 Of those sent in the period, answered with findings by their deadline")
            long answeredOnTime,

            @Schema(description = "超期未办 Open and past their deadline now (whenever sent)")
            long overdueNow,

            @Schema(description = "期内超期 Deadline in the period and not met")
            long overdueInPeriod) {}

    @Schema(description = "时长 Durations in whole seconds; null when none measured")
    public record Durations(
            @Schema(description = "样本数 Measured") long count,
            @Schema(description = "平均响应时间 Mean, seconds") Long meanSeconds,

            @Schema(description = "中位数 p50 (percentile_cont), seconds")
            Long p50Seconds,

            @Schema(description = "p90 (percentile_cont), seconds")
            Long p90Seconds) {}

    @Schema(description = "移交统计 Accepted transfers offered in the period")
    public record Transfers(
            @Schema(description = "移出 Handed by us to partners")
            long outgoing,

            @Schema(description = "移入 Taken by us from partners")
            long incoming,

            @Schema(description = "接报移交 Of all, reports (接报) taken and offered at once")
            long reports,

            @Schema(description = "受理时间 Offered → accepted, all transfers")
            Durations acceptance,

            @Schema(description = "按辖区 Per partner and direction")
            List<TransferRow> byPartner) {}

    @Schema(description = "移交 Transfers with one partner in one direction")
    public record TransferRow(
            @Schema(description = "对方辖区 Partner", example = "350722")
            String partner,

            @Schema(description = "方向 OUT: we offered; IN: we accepted")
            String direction,

            @Schema(description = "移交数 Transfers") long transfers,
            @Schema(description = "接报移交 Of these, reports") long reports,
            @Schema(description = "受理时间 Offered → accepted") Durations acceptance) {}
}
