package org.borderpolice.cases.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.AssistanceDraft;
import org.borderpolice.cases.AssistanceFields;
import org.borderpolice.cases.AssistanceKind;
import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.CaseFields;
import org.borderpolice.federation.validation.ListSizes;
import org.borderpolice.federation.validation.StorableTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "发起协查 Ask a participant of a joint case for assistance")
public record AssistanceRequestInput(
        @Schema(description = "联合案件ID Case id: a case both sides take part in (owner or accepted participant)") @NotNull
        UUID caseId,

        @Schema(description = "协查对象辖区 Addressee: the partner asked (GB/T 2260 code)", examples = "350722")
        @NotNull
        @Pattern(regexp = "[0-9]{6}", message = "must be a GB/T 2260 code")
        String addressee,

        @Schema(
                description = "协查事项 Kind: IDENTITY_CHECK 身份核查, LOCATE_PERSON 查找人员, LOCATE_VEHICLE 查找车辆, "
                        + "COLLECT_EVIDENCE 调取证据, ASSIST_ARREST 协助抓捕, FREEZE_ASSETS 冻结资金, OTHER 其他")
        @NotNull
        AssistanceKind kind,

        @Schema(
                description = "紧急程度 Priority: IMMEDIATE 特急 (default deadline 2 h), URGENT 加急 (8 h), ROUTINE 一般 "
                        + "(7 days); the deadlines are settings")
        @NotNull
        AssistancePriority priority,

        @Schema(description = "协查内容 What is asked", examples = "请核查该人员近期在浦城的落脚点及同行人员。")
        @NotBlank
        @Size(max = AssistanceFields.DETAILS)
        String details,

        @Schema(description = "涉及对象 The persons, vehicles, phones or accounts concerned")
        @Size(max = CaseFields.SUBJECTS, groups = ListSizes.class)
        List<@Valid @NotNull SubjectInput> subjects,

        @Schema(description = "答复期限 Deadline, if not the priority's default: in the future, at most 90 days ahead")
        @StorableTime
        OffsetDateTime dueAt) {

    AssistanceDraft toDraft() {
        return new AssistanceDraft(
                caseId,
                addressee,
                kind,
                priority,
                details,
                subjects == null
                        ? List.of()
                        : subjects.stream().map(SubjectInput::toSubject).toList(),
                dueAt == null ? null : dueAt.toInstant());
    }
}
