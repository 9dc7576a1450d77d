package org.borderpolice.cases.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.borderpolice.cases.AssistanceFilter;
import org.borderpolice.cases.AssistanceKind;
import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.AssistanceRules;
import org.borderpolice.cases.AssistanceState;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "协查请求 An assistance request, as the caller's jurisdiction sees it")
public record AssistanceView(
        UUID id,
        @Schema(description = "联合案件ID Case id") UUID caseId,
        @Schema(description = "案件主办辖区 The case's owner") String caseOrigin,
        @Schema(description = "请求辖区 Requester") String requester,
        @Schema(description = "协查对象辖区 Addressee") String addressee,

        @Schema(description = "方向 INCOMING 来函 (addressed to the caller's jurisdiction), OUTGOING 去函 (sent by it)")
        AssistanceFilter.Direction direction,

        @Schema(description = "协查事项 Kind") AssistanceKind kind,
        @Schema(description = "紧急程度 Priority") AssistancePriority priority,
        @Schema(description = "协查内容 What is asked") String details,
        @Schema(description = "涉及对象 Subjects") List<CaseView.Subject> subjects,

        @Schema(description = "请求人 Who asked (token subject)")
        String requestedBy,

        @Schema(description = "请求单位 Requesting unit") String requesterUnit,

        @Schema(
                description =
                        "协查状态 SENT 待受理, ACCEPTED 已受理 (officer named), DECLINED 不予协查, ANSWERED 已反馈, " + "WITHDRAWN 已撤回")
        AssistanceState state,

        @Schema(
                description = "发出时间 Sent at, on this service's clock: for a request received (来函) when it was "
                        + "received (or the requester's time, if a few minutes later)")
        Instant sentAt,

        @Schema(
                description = "答复期限 Deadline on this service's clock: for a request received, the requester's span "
                        + "from when it was received; overdue (超期) and reminders (催办) run on it")
        Instant dueAt,

        @Schema(description = "请求方发出时间 For a request received: the sending time by the requester's clock")
        Instant requesterSentAt,

        @Schema(description = "请求方答复期限 For a request received: the deadline the requester set (its clock)")
        Instant requesterDueAt,

        @Schema(description = "超期 Overdue: still open (SENT or ACCEPTED) after its deadline")
        boolean overdue,

        @Schema(
                description = "催办提醒 Reminder: still open and within the reminder window before its deadline "
                        + "(border.cases.assistance.remind-before), not overdue yet")
        boolean reminder,

        @Schema(description = "提醒开始时间 When the reminder window starts")
        Instant remindFrom,

        @Schema(
                description = "剩余时间(秒) Seconds left until the deadline, negative once overdue; absent when the "
                        + "request is no longer open")
        Long secondsLeft,

        @Schema(description = "承办民警 Officer named by the addressee")
        String officerName,

        @Schema(description = "警号 Officer's badge number") String officerId,

        @Schema(description = "承办单位 Handling unit of the addressee")
        String responderUnit,

        @Schema(
                description = "受理时间 First accepted at (at the requester: when the acceptance was received, as "
                        + "for the decline and the answer; the addressee's clock decides no response time)")
        Instant acceptedAt,

        @Schema(description = "不予协查时间 Declined at") Instant declinedAt,

        @Schema(description = "不予协查理由 Reason of the decline")
        String declineReason,

        @Schema(description = "反馈时间 Answered at") Instant answeredAt,
        @Schema(description = "协查结果 Findings") String findings,
        @Schema(description = "撤回时间 Withdrawn at") Instant withdrawnAt,

        @Schema(description = "撤回理由 Reason of the withdrawal")
        String withdrawalReason) {

    static AssistanceView of(AssistanceRequest r, String viewer, AssistanceRules rules, Instant now) {
        AssistanceState state = r.state();
        return new AssistanceView(
                r.id,
                r.caseId,
                r.caseOrigin,
                r.requester,
                r.addressee,
                r.addressee.equals(viewer) ? AssistanceFilter.Direction.INCOMING : AssistanceFilter.Direction.OUTGOING,
                r.kind,
                r.priority,
                r.details,
                r.subjects.stream()
                        .map(s -> new CaseView.Subject(s.kind, s.value, s.label, s.role))
                        .toList(),
                r.requestedBy,
                r.requesterUnit,
                state,
                r.sentAt,
                r.dueAt,
                r.claimedSentAt,
                r.claimedDueAt,
                AssistanceRules.overdue(state, r.dueAt, now),
                rules.reminding(state, r.sentAt, r.dueAt, now),
                rules.remindFrom(r.sentAt, r.dueAt),
                state.open() ? Duration.between(now, r.dueAt).toSeconds() : null,
                r.officerName,
                r.officerId,
                r.responderUnit,
                r.acceptedAt,
                r.declinedAt,
                r.declineReason,
                r.answeredAt,
                r.findings,
                r.withdrawnAt,
                r.withdrawalReason);
    }
}
