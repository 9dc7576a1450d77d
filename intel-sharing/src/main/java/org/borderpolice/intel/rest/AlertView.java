package org.borderpolice.intel.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertCategory;
import org.borderpolice.intel.AlertStatus;
import org.borderpolice.intel.HandlingCode;
import org.borderpolice.intel.Severity;
import org.borderpolice.intel.Subject;
import org.borderpolice.intel.mapping.Times;
import org.borderpolice.intel.service.AcknowledgementService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Alert", description = "预警 Alert / early warning")
public record AlertView(
        UUID id,

        @Schema(description = "发布辖区 Issuing jurisdiction (GB/T 2260)", examples = "330881")
        String origin,

        @Schema(description = "发布单位 Issuing unit", examples = "坛石派出所")
        String issuingUnit,

        @Schema(description = "预警类别 Category") AlertCategory category,
        @Schema(description = "预警级别 Severity (红橙黄蓝)") Severity severity,
        @Schema(description = "标题 Title") String title,
        @Schema(description = "内容 Body") String body,
        @Schema(description = "涉及对象 Subjects") List<Subject> subjects,
        @Schema(description = "生效时间 Valid from") OffsetDateTime validFrom,
        @Schema(description = "失效时间 Valid until") OffsetDateTime validUntil,

        @Schema(description = "分发范围 Jurisdictions that hold it")
        List<String> distribution,

        @Schema(description = "处置代码 Handling code") HandlingCode handling,

        @Schema(description = "来源可靠性 Source reliability A-D")
        String sourceReliability,

        @Schema(description = "信息可信度 Information credibility 1-4")
        int informationCredibility,

        @Schema(description = "状态 Status") AlertStatus status,
        @Schema(description = "版本 Version") long version,
        @Schema(description = "发布时间 Published at") OffsetDateTime publishedAt,
        @Schema(description = "更新时间 Updated at") OffsetDateTime updatedAt,
        @Schema(description = "撤销时间 Revoked at") OffsetDateTime revokedAt,

        @Schema(
                description = "签收期限 By when the caller's jurisdiction must acknowledge this partner's alert (RED "
                        + "and ORANGE warnings, from its own rule); absent for our own alerts, others and a "
                        + "partner's user",
                nullable = true)
        OffsetDateTime acknowledgementDeadline,

        @Schema(
                description = "本辖区签收时间 When the caller's jurisdiction acknowledged this partner's alert; absent "
                        + "before (and for our own alerts and a partner's user)",
                nullable = true)
        OffsetDateTime acknowledgedAt) {

    /**
     * The alert as {@code viewer} (a jurisdiction's user) may see it: the origin's users see the
     * whole distribution, anyone else only whether it names their own jurisdiction.
     */
    static AlertView of(Alert a, Instant now, String viewer) {
        return of(a, now, viewer, null);
    }

    /** With this jurisdiction's receipt of a partner's alert (null: none to show). */
    static AlertView of(Alert a, Instant now, String viewer, AcknowledgementService.OwnReceipt receipt) {
        List<String> distribution = List.of(a.distribution).stream()
                .filter(code -> a.origin.equals(viewer) || code.equals(viewer))
                .sorted()
                .toList();
        return new AlertView(
                a.id,
                a.origin,
                a.issuingUnit,
                a.category,
                a.severity,
                a.title,
                a.body,
                List.copyOf(a.subjects),
                Times.time(a.validFrom),
                Times.time(a.validUntil),
                distribution,
                a.handling,
                a.sourceReliability,
                a.informationCredibility,
                a.status(now),
                a.version,
                Times.time(a.publishedAt),
                Times.time(a.updatedAt),
                Times.time(a.revokedAt),
                receipt == null ? null : Times.time(receipt.deadline()),
                receipt == null ? null : Times.time(receipt.acknowledgedAt()));
    }
}
