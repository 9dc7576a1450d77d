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
import org.borderpolice.intel.service.DisclosureService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 披露 Disclosure requests after a hit, and the owner's answers. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "disclosures", description = "披露申请 Disclosure requests after a hit and their answers")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.COMMANDER,
    BorderPrincipal.INTEGRATOR
})
public class DisclosureResource {

    @Inject
    DisclosureService disclosures;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/disclosure-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "requestDisclosure",
            summary = "披露申请 Ask for an alert's content after a hit",
            description = "Sends a request with a reason to the alert's owner, who must answer within the deadline "
                    + "(default 48 h). Only after a hit on that alert at that owner: of the caller's own checks, or for "
                    + "analysts and commanders of any check of ours. An approval shares the alert with us, its handling "
                    + "code unchanged.")
    @APIResponse(
            responseCode = "201",
            description = "已申请 Requested",
            content = @Content(schema = @Schema(implementation = DisclosureView.class)))
    @APIResponse(
            responseCode = "409",
            description = "未经比对命中 No hit on that alert at that owner that opens a request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response requestDisclosure(
            @Valid @NotNull DisclosureRequestBody body,
            @Parameter(description = Requests.IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey) {
        var requested = disclosures.request(
                Requests.caller(identity), body.owner(), body.alertId(), body.reason(), idempotencyKey);
        return Requests.created(Response.status(201), requested)
                .entity(DisclosureView.of(requested.value()))
                .build();
    }

    @GET
    @Path("/disclosure-requests")
    @Operation(
            operationId = "listDisclosureRequests",
            summary = "披露申请列表 Disclosure requests",
            description = "For analysts and commanders, requests we made and requests addressed to us; for "
                    + "investigators, the requests they made. With status and whether they are overdue; newest first, "
                    + "with cursor paging.")
    @APIResponse(
            responseCode = "200",
            description = "申请 Requests, newest first",
            content = @Content(schema = @Schema(implementation = DisclosurePage.class)))
    public DisclosurePage disclosureRequests(
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        var page = disclosures.list(Requests.caller(identity), KeysetCursor.parse(cursor), limit);
        return new DisclosurePage(page.map(DisclosureView::of), page.next());
    }

    @POST
    @Path("/disclosure-requests/{requestId}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "answerDisclosureRequest",
            summary = "批复披露申请 Answer a disclosure request",
            description = "The owner's analysts and commanders approve (the alert is shared with the requester, "
                    + "its handling code unchanged) or deny.")
    @APIResponse(
            responseCode = "200",
            description = "已批复 Answered",
            content = @Content(schema = @Schema(implementation = DisclosureView.class)))
    @APIResponse(
            responseCode = "404",
            description = "无此申请 No such request addressed to us",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description =
                    "已批复 Already answered; or the agreement no longer gives the requester alerts (only a denial is left)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DisclosureView answerDisclosure(
            @PathParam("requestId") UUID requestId, @Valid @NotNull DisclosureAnswerBody body) {
        return DisclosureView.of(disclosures.answer(
                Requests.caller(identity),
                requestId,
                body.decision() == DisclosureAnswerBody.Decision.APPROVED,
                body.reason()));
    }
}
