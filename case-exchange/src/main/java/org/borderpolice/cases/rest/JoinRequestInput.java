package org.borderpolice.cases.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.JoinDraft;
import org.borderpolice.federation.validation.SingleLine;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "申请加入案件 Ask a partner to let this jurisdiction join its case")
public record JoinRequestInput(
        @Schema(
                description = "案件编号 The case's number, as the hit named it; its first six digits are the owner",
                examples = "330881-2026-000123")
        @NotNull
        @Pattern(regexp = "[0-9]{6}-[0-9]{4}-[0-9]{6}", message = "must be <origin>-<year>-<6 digits>")
        String caseNumber,

        @Schema(description = "申请理由 Why this jurisdiction should take part", examples = "本局在办诈骗案涉及同一嫌疑人")
        @NotBlank
        @Size(max = CaseFields.REASON)
        String reason,

        @Schema(
                description = "比对命中编号 The hit check this follows (free text, optional)",
                examples = "hit 2026-12-02 #17")
        @Size(max = JoinDraft.HIT_REFERENCE)
        @SingleLine
        String hitReference) {

    JoinDraft toDraft() {
        return new JoinDraft(caseNumber, reason, hitReference);
    }
}
