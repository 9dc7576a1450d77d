package org.borderpolice.mediation.rest;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.SessionMode;
import org.borderpolice.mediation.SessionOutcome;
import org.borderpolice.mediation.SessionStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "调解会 A mediation session")
public record SessionView(
        UUID id,
        @Schema(description = "纠纷ID Dispute") UUID disputeId,
        @Schema(description = "纠纷所属辖区 The dispute's origin") String disputeOrigin,
        @Schema(description = "开始时间 Starts at") Instant startsAt,
        @Schema(description = "结束时间 Ends at") Instant endsAt,
        @Schema(description = "方式 Mode") SessionMode mode,
        @Schema(description = "地点 Place") String place,
        @Schema(description = "调解员 Mediators") List<UUID> mediators,

        @Schema(description = "状态 SCHEDULED 已安排, HELD 已举行, CANCELLED 已取消")
        SessionStatus status,

        @Schema(description = "可变更的状态 Statuses it may move to")
        Set<SessionStatus> nextStatuses,

        @Schema(description = "调解结果 Outcome") SessionOutcome outcome,
        @Schema(description = "结果说明 Outcome text") String outcomeText,
        @Schema(description = "取消原因 Why cancelled") String reason,
        @Schema(description = "版本 Version") long version,
        @Schema(description = "更新时间 Updated at") Instant updatedAt) {

    static SessionView of(MediationSession s) {
        return new SessionView(
                s.id,
                s.disputeId,
                s.disputeOrigin,
                s.startsAt,
                s.endsAt,
                s.mode,
                s.place,
                List.copyOf(s.mediators()),
                s.status,
                s.status.next(),
                s.outcome,
                s.outcomeText,
                s.reason,
                s.version,
                s.updatedAt);
    }
}
