package org.borderpolice.mediation.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.mediation.service.TeamService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "联合调解团队 The whole team of a dispute, by mediator ids from the directory")
public record TeamRequest(
        @Schema(description = "调解员ID Mediators (ours and partners')") @NotEmpty @Size(max = TeamService.MAX_MEMBERS)
        List<@NotNull UUID> mediators) {}
