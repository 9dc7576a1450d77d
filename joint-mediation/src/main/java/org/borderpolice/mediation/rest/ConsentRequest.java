package org.borderpolice.mediation.rest;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "当事人同意调解 The parties' consent to mediation")
public record ConsentRequest(
        @Schema(description = "同意 Consent given (true) or withdrawn (false)") @NotNull
        Boolean consent) {}
