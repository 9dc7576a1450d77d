package org.borderpolice.mediation.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.mediation.DisputeFields;
import org.borderpolice.mediation.MediationTier;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "调整调解层级 A mediator's choice of tier over the rules', with the reason")
public record TierOverrideRequest(
        @Schema(description = "调解层级 Tier") @NotNull MediationTier tier,

        @Schema(description = "理由 Reason (recorded)", examples = "当事人均在三山边界社会治理中心附近居住")
        @NotBlank
        @Size(max = DisputeFields.REASON)
        String reason) {}
