package org.borderpolice.cases.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "答复邀请 Answer the invitation to a partner's case")
public record AnswerRequest(
        @Schema(description = "答复 ACCEPT 接受, DECLINE 拒绝 (an accepted participant leaves by declining)") @NotNull
        Decision decision,

        @Schema(description = "理由 Reason (required to decline)", examples = "不属本辖区管辖") @Size(max = CaseFields.REASON)
        String reason) {

    public enum Decision {
        ACCEPT,
        DECLINE
    }
}
