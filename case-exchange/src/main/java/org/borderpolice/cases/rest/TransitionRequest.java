package org.borderpolice.cases.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "案件状态变更 Move a case to another status")
public record TransitionRequest(
        @Schema(
                description = "目标状态 Status to move to: OPEN 已立案, INVESTIGATING 侦查中, SOLVED 已破案, CLOSED 已结案, "
                        + "REOPENED 重新启动")
        @NotNull
        CaseStatus to,

        @Schema(description = "理由 Reason (required to reopen, and to close a case that was not solved)")
        @Size(max = CaseFields.REASON)
        String reason) {}
