package org.borderpolice.intel.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.intel.service.SightingService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 见到/反馈 Sightings and feedback: a partner reports on an alert; the origin reads every report. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sightings", description = "见到/反馈 Sightings and feedback on alerts")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.COMMANDER,
    BorderPrincipal.INTEGRATOR
})
public class SightingResource {

    @Inject
    SightingService sightings;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/{id}/sightings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "reportSighting",
            summary = "见到/反馈 Report a sighting or feedback",
            description = "A receiving partner reports on an alert; the report is its own record and is sent to the "
                    + "alert's origin.")
    @APIResponse(
            responseCode = "201",
            description = "已报告 Reported",
            content = @Content(schema = @Schema(implementation = SightingView.class)))
    @APIResponse(
            responseCode = "409",
            description = "本辖区预警 Our own alert",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reportSighting(
            @PathParam("id") UUID id,
            @Valid @NotNull SightingRequest request,
            @Parameter(description = Requests.IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey) {
        var reported = sightings.report(
                Requests.caller(identity),
                id,
                request.kind(),
                request.observedAt() == null ? null : request.observedAt().toInstant(),
                request.place(),
                request.description(),
                idempotencyKey);
        return Requests.created(Response.status(201), reported)
                .entity(SightingView.of(reported.value()))
                .build();
    }

    @GET
    @Path("/{id}/sightings")
    @Operation(
            operationId = "listSightings",
            summary = "见到/反馈列表 Reports on an alert",
            description = "At the alert's origin: every partner's reports; at a partner: its own. Investigators, "
                    + "analysts and commanders of this jurisdiction; newest observation first, with cursor paging.")
    @APIResponse(
            responseCode = "200",
            description = "报告 Reports, newest observation first",
            content = @Content(schema = @Schema(implementation = SightingPage.class)))
    public SightingPage sightings(
            @PathParam("id") UUID id,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        var page = sightings.list(Requests.caller(identity), id, KeysetCursor.parse(cursor), limit);
        return new SightingPage(page.map(SightingView::of), page.next());
    }
}
