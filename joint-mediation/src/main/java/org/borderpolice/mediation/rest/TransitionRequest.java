package org.borderpolice.mediation.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.mediation.DisputeFields;
import org.borderpolice.mediation.DisputeStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "变更纠纷状态 Move a dispute to another status")
public record TransitionRequest(
        @Schema(description = "新状态 The status to move to") @NotNull
        DisputeStatus to,

        @Schema(description = "理由 Reason (required for FAILED, CLOSED, WITHDRAWN and going back to MEDIATING)")
        @Size(max = DisputeFields.REASON)
        String reason) {}
