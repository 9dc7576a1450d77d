package org.borderpolice.mediation.rest;

import java.util.UUID;

import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeStatus;
import org.borderpolice.mediation.MediationTier;
import org.borderpolice.mediation.RiskLevel;
import org.borderpolice.mediation.ScheduledSession;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "日程中的调解会 A session of the calendar, with what a calendar shows of its dispute")
public record ScheduledSessionView(
        @Schema(description = "调解会 The session") SessionView session,
        @Schema(description = "所属纠纷 Its dispute") DisputeRef dispute) {

    @Schema(description = "纠纷摘要 The dispute in brief (no parties)")
    public record DisputeRef(
            UUID id,

            @Schema(description = "纠纷编号 Number; null on a partner's dispute taken in before numbers")
            String number,

            @Schema(description = "纠纷名称 Title") String title,
            @Schema(description = "受理辖区 Origin") String origin,
            @Schema(description = "调解层级 Tier") MediationTier tier,
            @Schema(description = "纠纷状态 Status") DisputeStatus status,
            @Schema(description = "民转刑风险 Risk level") RiskLevel riskLevel) {

        static DisputeRef of(Dispute d) {
            return new DisputeRef(d.id, d.number, d.title, d.origin, d.tier, d.status, d.riskLevel);
        }
    }

    static ScheduledSessionView of(ScheduledSession x) {
        return new ScheduledSessionView(SessionView.of(x.session()), DisputeRef.of(x.dispute()));
    }
}
