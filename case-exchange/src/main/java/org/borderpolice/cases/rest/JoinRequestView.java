package org.borderpolice.cases.rest;

import java.time.Instant;
import java.util.UUID;

import org.borderpolice.cases.AssistanceFilter;
import org.borderpolice.cases.CaseJoinRequest;
import org.borderpolice.cases.JoinState;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

@Schema(description = "加入案件申请 A request to join a case")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JoinRequestView(
        UUID id,

        @Schema(description = "INCOMING: to join a case of ours; OUTGOING: ours to join a partner's case")
        AssistanceFilter.Direction direction,

        @Schema(description = "申请方 The jurisdiction asking") String requester,
        @Schema(description = "案件所属辖区 The case's owner") String caseOrigin,
        @Schema(description = "案件编号 Case number") String caseNumber,

        @Schema(description = "案件ID The case: at the owner for its users; at the requester once approved")
        UUID caseId,

        @Schema(description = "申请理由 Reason") String reason,
        @Schema(description = "比对命中编号 Hit reference") String hitReference,

        @Schema(description = "申请人 Who asked (token subject) and unit")
        String requestedBy,

        String requestedUnit,

        @Schema(description = "申请时间 Filed (at the requester) or received (at the owner), each side's clock")
        Instant requestedAt,

        @Schema(description = "状态 PENDING 待审批, APPROVED 已同意, DENIED 未同意, WITHDRAWN 已撤回 (by the requester)")
        JoinState state,

        String stateLabel,

        @Schema(description = "决定时间 Decided (at the owner) or the decision received (at the requester); withdrawn")
        Instant decidedAt,

        @Schema(
                description =
                        "不同意的理由 The reason of a denial (and the owner's note of an approval, for the owner); of a withdrawal, at the requester")
        String decisionReason,

        @Schema(
                description =
                        "审批人 The owner's commander, only for the owner's users; who withdrew it, for the requester's")
        String decidedBy,

        @Schema(description = "自动拒绝原因 Why the service refused it at receipt; only for the owner's users")
        String refusal,

        @Schema(
                description = "撤回时间 When the requester withdrew it (at the owner: when the withdrawal arrived); kept "
                        + "when a decision that crossed the withdrawal arrives")
        Instant withdrawnAt,

        @Schema(description = "撤回人 Who withdrew it (token subject), for the requester's users")
        String withdrawnBy,

        @Schema(description = "撤回理由 Why it was withdrawn, for the requester's users")
        String withdrawalReason) {

    /** As {@code viewer}'s users see it: who decided and why the service refused stay with the owner. */
    static JoinRequestView of(CaseJoinRequest r, String viewer) {
        boolean owner = r.caseOrigin.equals(viewer);
        boolean approved = r.state == JoinState.APPROVED;
        return new JoinRequestView(
                r.id,
                owner ? AssistanceFilter.Direction.INCOMING : AssistanceFilter.Direction.OUTGOING,
                r.requester,
                r.caseOrigin,
                r.caseNumber,
                owner || approved ? r.caseId : null,
                r.reason,
                r.hitReference,
                r.requestedBy,
                r.requestedUnit,
                r.requestedAt,
                r.state,
                r.state.label,
                r.decidedAt,
                owner || !approved ? r.decisionReason : null,
                owner || r.state == JoinState.WITHDRAWN ? r.decidedBy : null,
                owner ? r.refusal : null,
                r.withdrawnAt,
                owner ? null : r.withdrawnBy,
                owner ? null : r.withdrawalReason);
    }
}
