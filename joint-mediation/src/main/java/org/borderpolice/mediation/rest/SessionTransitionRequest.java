package org.borderpolice.mediation.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.mediation.SessionOutcome;
import org.borderpolice.mediation.SessionRules;
import org.borderpolice.mediation.SessionStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "调解会结果 A session held (with its outcome) or cancelled (with a reason)")
public record SessionTransitionRequest(
        @Schema(description = "新状态 HELD 已举行 or CANCELLED 已取消") @NotNull
        SessionStatus to,

        @Schema(
                description = "调解结果 AGREEMENT 达成协议, PARTIAL_AGREEMENT 部分达成, NO_AGREEMENT 未达成协议, "
                        + "ADJOURNED 休会 (HELD only, required)")
        SessionOutcome outcome,

        @Schema(description = "结果说明 What was agreed or why not") @Size(max = 4000)
        String outcomeText,

        @Schema(description = "取消原因 Why cancelled (required to cancel)") @Size(max = SessionRules.REASON)
        String reason) {}
