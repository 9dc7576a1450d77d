package org.borderpolice.cases.rest;

import jakarta.validation.constraints.Size;

import org.borderpolice.cases.CaseFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "移出参与辖区 Remove a participant")
public record RemovalRequest(
        @Schema(description = "理由 Reason") @Size(max = CaseFields.REASON)
        String reason) {}
