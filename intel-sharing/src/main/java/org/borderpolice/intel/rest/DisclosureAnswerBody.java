package org.borderpolice.intel.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "批复 The owner's answer to a disclosure request")
public record DisclosureAnswerBody(
        @Schema(description = "决定 APPROVED shares the alert with the requester; DENIED does not") @NotNull
        Decision decision,

        @Schema(description = "理由 Reason") @Size(max = 2000) String reason) {

    public enum Decision {
        APPROVED,
        DENIED
    }
}
