package org.borderpolice.cases.rest;

import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "同意加入 Approve a request to join, with an optional note (kept here, not sent)")
public record ApprovalInput(
        @Schema(description = "备注 Note", examples = "同一嫌疑人，并案侦查") @Size(max = CaseFields.REASON)
        String note) {}
