package org.borderpolice.intel.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.validation.ListSizes;
import org.borderpolice.federation.validation.StorableTime;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertCategory;
import org.borderpolice.intel.AlertFilter;
import org.borderpolice.intel.AlertStatus;
import org.borderpolice.intel.Severity;
import org.borderpolice.intel.service.AcknowledgementService;
import org.borderpolice.intel.service.AlertService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 预警 Alerts: publish, update, revoke, read, list and export what the caller may see. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts", description = "预警 Alerts and early warnings shared with partners (联防)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.COMMANDER,
    BorderPrincipal.INTEGRATOR
})
public class AlertResource {

    @Inject
    AlertService service;

    @Inject
    AcknowledgementService acknowledgements;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "publishAlert",
            summary = "发布预警 Publish an alert",
            description = "Stores the alert and sends it at once to every partner in its distribution, each told only "
                    + "of itself (a HIT_ONLY alert to nobody: only an approved disclosure request shares it). Analysts "
                    + "and commanders of this jurisdiction only.")
    @APIResponse(
            responseCode = "201",
            description = "已发布 Published",
            content = @Content(schema = @Schema(implementation = AlertView.class)))
    public Response publish(
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull AlertRequest request,
            @jakarta.ws.rs.core.Context UriInfo uri,
            @Parameter(description = Requests.IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey) {
        var published = service.publish(Requests.caller(identity), request.toDraft(), idempotencyKey);
        Alert alert = published.value();
        return Requests.created(
                        Response.created(uri.getAbsolutePathBuilder()
                                .path(alert.id.toString())
                                .build()),
                        published)
                .entity(AlertView.of(alert, Instant.now(), alert.origin))
                .build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "updateAlert",
            summary = "修改预警 Update an alert",
            description = "Replaces the alert's content with a new version and sends it to its distribution; partners "
                    + "dropped from the distribution stop holding it.")
    @APIResponse(
            responseCode = "200",
            description = "新版本 The new version",
            content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(
            responseCode = "404",
            description = "无此预警 No such alert of this jurisdiction",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "已撤销 Revoked alerts do not change",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AlertView update(
            @PathParam("id") UUID id, @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull AlertRequest request) {
        Alert alert = service.update(Requests.caller(identity), id, request.toDraft());
        return AlertView.of(alert, Instant.now(), alert.origin);
    }

    @POST
    @Path("/{id}/revoke")
    @Operation(
            operationId = "revokeAlert",
            summary = "撤销预警 Revoke an alert",
            description = "Marks the alert REVOKED here and removes it at every partner (tombstone).")
    @APIResponse(
            responseCode = "200",
            description = "已撤销 Revoked",
            content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(
            responseCode = "404",
            description = "无此预警 No such alert of this jurisdiction",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AlertView revoke(@PathParam("id") UUID id) {
        Alert alert = service.revoke(Requests.caller(identity), id);
        return AlertView.of(alert, Instant.now(), alert.origin);
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getAlert",
            summary = "查看预警 Read an alert",
            description = "Only if the caller's jurisdiction is its origin or in its distribution and its handling "
                    + "code allows the caller's role; otherwise 404, revealing nothing. A partner's user sees only its "
                    + "own jurisdiction in the distribution. Audited, also when not found.")
    @APIResponse(
            responseCode = "200",
            description = "预警 The alert",
            content = @Content(schema = @Schema(implementation = AlertView.class)))
    public AlertView get(@PathParam("id") UUID id) {
        BorderPrincipal caller = Requests.caller(identity);
        return service.find(caller, id)
                .map(a -> AlertView.of(
                        a,
                        Instant.now(),
                        caller.jurisdiction(),
                        acknowledgements.ownReceipts(caller, List.of(a)).get(a.id)))
                .orElseThrow(() -> new NotFoundException("no visible alert " + id));
    }

    @GET
    @Operation(
            operationId = "listAlerts",
            summary = "预警列表 List alerts",
            description = "Alerts the caller may see, newest first, with filters and cursor paging.")
    @APIResponse(
            responseCode = "200",
            description = "一页预警 A page of alerts",
            content = @Content(schema = @Schema(implementation = AlertPage.class)))
    public AlertPage list(
            @Parameter(
                            description = "全文检索 Words in title or body; every term must occur (as a phrase)",
                            example = "走私 浦城")
                    @QueryParam("q")
                    @Size(max = 200)
                    String q,
            @Parameter(
                            description = "涉及对象 Part of a subject identifier (ID number, plate, phone, account)",
                            example = "浙H123")
                    @QueryParam("subject")
                    @Size(max = 64)
                    String subject,
            @Parameter(description = "预警级别 Severity") @QueryParam("severity") Severity severity,
            @Parameter(description = "预警类别 Category") @QueryParam("category") AlertCategory category,
            @Parameter(description = "发布辖区 Origin") @QueryParam("origin") @Pattern(regexp = "[0-9]{6}") String origin,
            @Parameter(description = "状态 Status") @QueryParam("status") AlertStatus status,
            @Parameter(description = "在该时刻有效 Active at this time") @QueryParam("activeAt") @StorableTime
                    OffsetDateTime activeAt,
            @Parameter(
                            description =
                                    "分面统计 Include facet counts (exact up to 10,000 matches, above estimated: facets.approximate)")
                    @QueryParam("facets")
                    @DefaultValue("false")
                    boolean facets,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        AlertFilter filter = new AlertFilter(
                q, severity, category, origin, status, activeAt == null ? null : activeAt.toInstant(), subject);
        BorderPrincipal caller = Requests.caller(identity);
        KeysetPage<Alert> page = service.list(caller, filter, KeysetCursor.parse(cursor), limit);
        Instant now = Instant.now();
        Map<UUID, AcknowledgementService.OwnReceipt> receipts = acknowledgements.ownReceipts(caller, page.items());
        List<AlertView> items = page.map(a -> AlertView.of(a, now, caller.jurisdiction(), receipts.get(a.id)));
        return new AlertPage(items, page.next(), facets ? service.facets(caller, filter) : null);
    }

    @GET
    @Path("/export/stix")
    @Produces({"application/stix+json;version=2.1", MediaType.APPLICATION_JSON})
    @Operation(
            operationId = "exportAlertsAsStix",
            summary = "导出STIX Export alerts as STIX 2.1",
            description = "A STIX 2.1 bundle of the selected alerts: one report each, created by the issuing "
                    + "jurisdiction's identity, marked TLP:GREEN (GENERAL), TLP:AMBER (RESTRICTED, CONFIDENTIAL) or "
                    + "TLP:RED (HIT_ONLY). Analysts, commanders and integrators of this jurisdiction; every selected alert "
                    + "must be visible to the caller. The export is audited.")
    @APIResponse(responseCode = "200", description = "STIX 2.1 bundle")
    @APIResponse(
            responseCode = "400",
            description = "没有选择预警 No or too many ids",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "有预警不存在或无权查看 An alert is not visible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public java.util.Map<String, Object> exportStix(
            @Parameter(description = "预警编号 Alert ids")
                    @QueryParam("id")
                    @jakarta.validation.constraints.NotEmpty
                    @Size(max = 500)
                    List<String> ids) {
        List<UUID> parsed = new java.util.ArrayList<>();
        for (String id : ids) {
            try {
                parsed.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("id " + id + " is not an alert id (UUID)");
            }
        }
        return service.exportStix(Requests.caller(identity), parsed);
    }
}
