package org.borderpolice.gateway;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * 周报 The weekly bulletin of a jurisdiction to its neighbours: the week's figures as each
 * service gives them to the caller. A section whose service could not give them says so
 * ({@code available} false and why) instead of failing the whole bulletin.
 */
@Schema(description = "周报 Weekly bulletin: one ISO week's figures from every service, as the caller may see them")
public record Bulletin(
        @Schema(description = "周次 ISO week", examples = "2026-W48")
        String week,

        @Schema(description = "辖区代码 Jurisdiction (GB/T 2260)", examples = "330881")
        String jurisdiction,

        @Schema(description = "辖区名称 Jurisdiction's name", examples = "江山市公安局")
        String jurisdictionName,

        @Schema(description = "起 Monday", examples = "2026-11-23")
        LocalDate firstDay,

        @Schema(description = "止 Sunday", examples = "2026-11-29")
        LocalDate lastDay,

        @Schema(description = "时区 Calendar of the week", examples = "Asia/Shanghai")
        String timeZone,

        @Schema(description = "完整 false for the current week: the figures so far")
        boolean complete,

        @Schema(description = "生成时间 When computed") Instant generatedAt,

        @Schema(description = "一、预警 New alerts (intel-sharing)")
        Alerts alerts,

        @Schema(description = "二、联合案件 Joint cases and assistance (case-exchange)")
        Cases cases,

        @Schema(description = "三、矛盾纠纷 Disputes (joint-mediation)")
        Disputes disputes,

        @Schema(description = "四、联合巡逻 Joint patrols and meetings (liaison directory)")
        Patrols patrols) {

    /** Whether a section's service gave its figures, and if not, why (the figures are then null). */
    @Schema(description = "来源 Where a section's figures come from")
    public record Source(
            @Schema(description = "服务 The service asked", examples = "case-exchange")
            String service,

            @Schema(description = "可用 The service gave its figures")
            boolean available,

            @Schema(description = "不可用原因 Why not (the service's answer, or that it could not be reached)")
            String unavailable) {

        public static Source of(String service) {
            return new Source(service, true, null);
        }

        public static Source missing(String service, String why) {
            return new Source(service, false, why);
        }
    }

    @Schema(description = "预警 Alerts published in the week that the caller may see")
    public record Alerts(
            Source source,
            @Schema(description = "新发预警 Published") Long published,

            @Schema(description = "按级别 Per severity: RED 红, ORANGE 橙, YELLOW 黄, BLUE 蓝")
            Map<String, Long> bySeverity) {}

    @Schema(description = "联合案件 Joint cases filed in the week and assistance requests (协查)")
    public record Cases(
            Source source,

            @Schema(description = "立案 Cases filed in the week")
            Long opened,

            @Schema(description = "破案 Of these, solved by the week's end")
            Long solved,

            @Schema(description = "协查请求 Assistance requests sent or received in the week")
            Long assistanceRequests,

            @Schema(description = "已办结 Of these, answered with findings")
            Long assistanceAnswered,

            @Schema(
                    description = "按时办结 Of these, answered with findings by their deadline (null if the service does "
                            + "not count it)")
            Long assistanceAnsweredOnTime,

            @Schema(description = "期内超期 Requests whose deadline fell in the week (by now) and was not met")
            Long assistanceOverdue) {}

    @Schema(description = "矛盾纠纷 Disputes reported in the week")
    public record Disputes(
            Source source,
            @Schema(description = "受理 Reported") Long reported,
            @Schema(description = "已化解 Of these, resolved") Long resolved) {}

    @Schema(description = "联合巡逻与联席会议 Joint patrols and meetings in the week")
    public record Patrols(
            Source source,

            @Schema(description = "联合巡逻 Patrols starting in the week")
            Long patrols,

            @Schema(description = "已巡逻 Held (DONE)") Long held,
            @Schema(description = "已取消 Cancelled") Long cancelled,

            @Schema(description = "联席会议 Joint meetings held in the week")
            Long meetingsHeld) {}
}
