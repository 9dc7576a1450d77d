package org.borderpolice.cases.rest;

import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "撤回协查 Withdraw a request")
public record WithdrawalInput(
        @Schema(description = "理由 Reason (optional)", examples = "嫌疑人已到案") @Size(max = CaseFields.REASON)
        String reason) {}
