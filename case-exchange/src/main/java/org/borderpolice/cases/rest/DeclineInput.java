package org.borderpolice.cases.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "不予协查 Decline a request, with the reason")
public record DeclineInput(
        @Schema(description = "理由 Reason", examples = "该人员不在本辖区") @NotBlank @Size(max = CaseFields.REASON)
        String reason) {}
