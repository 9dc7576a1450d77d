package org.borderpolice.cases.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.cases.CaseCategory;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.CaseSubject;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.SubjectRole;
import org.borderpolice.federation.validation.SubjectKind;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "联合案件 A joint case")
public record CaseView(
        UUID id,

        @Schema(description = "案件编号 Case number", examples = "330881-2026-000123")
        String number,

        @Schema(description = "立案辖区 Origin (owner)") String origin,
        @Schema(description = "案件类别 Category") CaseCategory category,
        @Schema(description = "案件状态 Status") CaseStatus status,

        @Schema(description = "下一步可变更的状态 Statuses it may move to (for the owner)")
        Set<CaseStatus> nextStatuses,

        @Schema(description = "案件名称 Title") String title,
        @Schema(description = "简要案情 Summary") String summary,
        @Schema(description = "案发时间 When it happened") Instant occurredAt,
        @Schema(description = "案发乡镇 Township") String township,
        @Schema(description = "案发地行政区划代码 County code") String countyCode,
        @Schema(description = "主办单位 Lead unit") String leadUnit,

        @Schema(description = "关联纠纷 The joint-mediation dispute whose escalation (民转刑) opened this case")
        UUID linkedDispute,

        @Schema(description = "损失金额(元) Loss, yuan") BigDecimal lossAmount,
        @Schema(description = "追赃挽损金额(元) Recovered, yuan") BigDecimal recoveredAmount,
        @Schema(description = "涉案对象 Subjects") List<Subject> subjects,
        @Schema(description = "参与辖区 Participants") List<Participant> participants,
        @Schema(description = "版本 Version") long version,
        @Schema(description = "立案时间 Filed at") Instant createdAt,
        @Schema(description = "更新时间 Updated at") Instant updatedAt,
        @Schema(description = "状态变更时间 Status changed at") Instant statusChangedAt,
        @Schema(description = "破案时间 Solved at") Instant solvedAt,
        @Schema(description = "结案时间 Closed at") Instant closedAt) {

    @Schema(name = "CaseSubjectView", description = "涉案对象 Subject")
    public record Subject(SubjectKind kind, String value, String label, SubjectRole role) {}

    @Schema(name = "CaseParticipantView", description = "参与辖区 A participant")
    public record Participant(
            @Schema(description = "辖区代码 Jurisdiction") String jurisdiction,

            @Schema(description = "参与状态 INVITED 已邀请, ACCEPTED 已接受, DECLINED 已拒绝, REMOVED 已移出")
            ParticipantState state,

            @Schema(description = "邀请时间 Invited at") Instant invitedAt,

            @Schema(description = "答复时间 Answered (or removed) at")
            Instant answeredAt,

            @Schema(description = "答复单位 Answering unit") String answerUnit,

            @Schema(description = "理由 Reason of a decline or removal")
            String reason) {}

    static CaseView of(JointCase c) {
        return new CaseView(
                c.id,
                c.number,
                c.origin,
                c.category,
                c.status,
                c.status.next(),
                c.title,
                c.summary,
                c.occurredAt,
                c.township,
                c.countyCode,
                c.leadUnit,
                c.linkedDispute,
                c.lossAmount,
                c.recoveredAmount,
                c.subjects.stream().map(CaseView::subject).toList(),
                c.participants.stream().map(CaseView::participant).toList(),
                c.version,
                c.createdAt,
                c.updatedAt,
                c.statusChangedAt,
                c.solvedAt,
                c.closedAt);
    }

    private static Subject subject(CaseSubject s) {
        return new Subject(s.kind, s.value, s.label, s.role);
    }

    private static Participant participant(CaseParticipant p) {
        return new Participant(p.jurisdiction, p.state, p.invitedAt, p.answeredAt, p.answerUnit, p.reason);
    }
}
