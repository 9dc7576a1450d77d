package org.borderpolice.mediation.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.mediation.service.TeamService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 联合调解团队 A dispute's joint team. */
@Path("/api/v1/disputes/{id}/team")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "teams", description = "联合调解团队 Joint mediation teams: mediators of each jurisdiction involved")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.COMMANDER
})
public class TeamResource {

    @Inject
    TeamService service;

    @Inject
    SecurityIdentity identity;

    @Inject
    TrustList trustList;

    @GET
    @Operation(
            operationId = "getTeam",
            summary = "查看团队 Read a dispute's team",
            description = "The members, and how the team meets the rules: a mediator of each party's jurisdiction, "
                    + "a speaker of each language a party prefers (or none available, 无可用调解员). For whoever "
                    + "sees the dispute; otherwise 404. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "团队 The team",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(
            responseCode = "404",
            description = "无此纠纷 No visible dispute",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TeamView get(@Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id) {
        BorderPrincipal caller = TeamCalls.caller(identity);
        return TeamView.of(service.get(caller, id), caller.jurisdiction().equals(trustList.selfCode()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "composeTeam",
            summary = "组建团队 Compose a dispute's team",
            description = "Replaces the whole team with these mediators of the directory (ours and partners'). "
                    + "Refused with 409 when a party's jurisdiction has no mediator of its own on the team (跨辖区纠纷"
                    + "每方至少一名调解员), a mediator is inactive, or a party prefers a language none on the team speaks "
                    + "while the directory has an active mediator who does (named in the problem). A language no "
                    + "one speaks is accepted and shown as noneAvailable. A member's jurisdiction becomes involved "
                    + "and receives the dispute. Mediators and commanders of the dispute's origin.")
    @APIResponse(
            responseCode = "200",
            description = "新团队 The new team",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(
            responseCode = "409",
            description = "不满足团队规则 The team does not meet the rules",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TeamView compose(
            @Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id,
            @Valid @NotNull TeamRequest request) {
        return TeamView.of(service.replace(TeamCalls.caller(identity), id, request.mediators()));
    }
}
