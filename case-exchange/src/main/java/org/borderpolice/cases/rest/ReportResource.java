package org.borderpolice.cases.rest;

import java.util.List;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.cases.service.CaseReports;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 接报 Reports taken here for matters in partners' areas, offered to the competent jurisdiction. */
@Path("/api/v1/case-reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "case reports", description = "接报与移交 Reports taken here and offered to the competent jurisdiction (先受理后移交)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class ReportResource {

    @Inject
    CaseReports reports;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "takeReport",
            summary = "接报移交 Take a report and offer it to the competent jurisdiction",
            description = "不问管辖权, 先受理后移交: files the matter as our OPEN case (案件编号 of this jurisdiction) with "
                    + "the competent jurisdiction invited, and offers it to that jurisdiction (federation transfer "
                    + "offer) in one transaction. The competent jurisdiction's commander accepts (POST "
                    + "/api/v1/federation/transfers/{origin}/{offerId}/accept: it continues the case under its own "
                    + "number, we keep reading it and see its status) or declines with a reason. Investigators and "
                    + "commanders of this jurisdiction.")
    @APIResponse(
            responseCode = "201",
            description = "已受理并移交 Taken and offered",
            content = @Content(schema = @Schema(implementation = ReportView.class)))
    @APIResponse(
            responseCode = "400",
            description = "无效 Invalid report (no place code, our own jurisdiction as competent, a partner the "
                    + "agreement does not let hold cases)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response take(
            @Valid @NotNull ReportRequest request,
            @Context UriInfo uri,
            @Parameter(description = Requests.IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey) {
        var taken = reports.take(
                Requests.caller(identity),
                new CaseReports.Taking(
                        request.matter().toDraft(),
                        request.reportedAt().toInstant(),
                        request.competent(),
                        request.reason().strip()),
                idempotencyKey);
        return Requests.created(
                        Response.created(uri.getAbsolutePathBuilder()
                                .path(taken.value().filed().recordId())
                                .build()),
                        taken)
                .entity(ReportView.of(taken.value()))
                .build();
    }

    @GET
    @Operation(
            operationId = "listReports",
            summary = "接报列表 Reports taken here",
            description = "Newest first, each with its case and the offer's state (OFFERED, ACCEPTED with the "
                    + "successor, DECLINED with the reason). Users of this jurisdiction only. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "接报 Reports",
            content = @Content(schema = @Schema(implementation = ReportView[].class)))
    public List<ReportView> list(
            @Parameter(description = "条数 How many") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        return reports.list(Requests.caller(identity), limit).stream()
                .map(ReportView::of)
                .toList();
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getReport",
            summary = "查看接报 Read a report taken here",
            description = "By the id of the case it was filed as; 404 if no report was taken here under it. Users of "
                    + "this jurisdiction only. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "接报 The report",
            content = @Content(schema = @Schema(implementation = ReportView.class)))
    public ReportView get(@Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id) {
        return ReportView.of(reports.get(Requests.caller(identity), id));
    }
}
