package org.borderpolice.intel.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
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
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.validation.ListSizes;
import org.borderpolice.federation.validation.StorableTime;
import org.borderpolice.intel.Acknowledgement;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertCategory;
import org.borderpolice.intel.AlertFilter;
import org.borderpolice.intel.AlertStatus;
import org.borderpolice.intel.Severity;
import org.borderpolice.intel.mapping.AlertMapper;
import org.borderpolice.intel.service.AcknowledgementService;
import org.borderpolice.intel.service.AlertService;
import org.borderpolice.intel.service.DisclosureService;
import org.borderpolice.intel.service.HitChecks;
import org.borderpolice.intel.service.SightingService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/** 预警 Alerts: publish, update, revoke; read what the caller may see. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts", description = "预警 Alerts and early warnings shared with partners (联防)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({ BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.MEDIATOR,
        BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR })
@APIResponse(responseCode = "401", description = "未认证 No or untrusted token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "无权 Missing role or another jurisdiction",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AlertResource {

    @Inject
    AlertService service;

    @Inject
    AcknowledgementService acknowledgements;

    @Inject
    HitChecks hitChecks;

    @Inject
    SightingService sightings;

    @Inject
    DisclosureService disclosures;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "发布预警 Publish an alert",
            description = "Stores the alert and sends it at once to every partner in its distribution, each told only "
                    + "of itself (a HIT_ONLY alert to nobody: only an approved disclosure request shares it). Analysts "
                    + "and commanders of this jurisdiction only.")
    @APIResponse(responseCode = "201", description = "已发布 Published",
            content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "400", description = "请求不合法 Invalid request (field errors)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "幂等键已用于另一请求 Idempotency-Key already used with another request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response publish(@Valid @ConvertGroup(to = ListSizes.First.class) @NotNull AlertRequest request,
            @jakarta.ws.rs.core.Context UriInfo uri,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        var published = service.publish(caller(), request, idempotencyKey);
        Alert alert = published.value();
        return created(Response.created(uri.getAbsolutePathBuilder().path(alert.id.toString()).build()), published)
                .entity(AlertMapper.toView(alert, Instant.now(), alert.origin)).build();
    }

    static final String IDEMPOTENCY_KEY = "幂等键 Idempotency key: a repeat of the same request with the same key "
            + "(same caller, within 24 h) returns what the first created, with header Idempotent-Replayed: true";

    private static Response.ResponseBuilder created(Response.ResponseBuilder response,
            IdempotencyKeys.Created<?> created) {
        return created.replayed() ? response.header(IdempotencyKeys.REPLAYED_HEADER, "true") : response;
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "修改预警 Update an alert",
            description = "Replaces the alert's content with a new version and sends it to its distribution; partners "
                    + "dropped from the distribution stop holding it.")
    @APIResponse(responseCode = "200", description = "新版本 The new version",
            content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "400", description = "请求不合法 Invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "无此预警 No such alert of this jurisdiction",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "已撤销 Revoked alerts do not change",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AlertView update(@PathParam("id") UUID id,
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull AlertRequest request) {
        Alert alert = service.update(caller(), id, request);
        return AlertMapper.toView(alert, Instant.now(), alert.origin);
    }

    @POST
    @Path("/{id}/revoke")
    @Operation(summary = "撤销预警 Revoke an alert",
            description = "Marks the alert REVOKED here and removes it at every partner (tombstone).")
    @APIResponse(responseCode = "200", description = "已撤销 Revoked",
            content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "404", description = "无此预警 No such alert of this jurisdiction",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AlertView revoke(@PathParam("id") UUID id) {
        Alert alert = service.revoke(caller(), id);
        return AlertMapper.toView(alert, Instant.now(), alert.origin);
    }

    @POST
    @Path("/{id}/acknowledgement")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "签收预警 Acknowledge a partner's alert",
            description = "Records that this jurisdiction received the alert and sends the receipt to the alert's "
                    + "origin. RED and ORANGE alerts must be acknowledged within their deadline. Idempotent.")
    @APIResponse(responseCode = "200", description = "签收记录 The acknowledgement",
            content = @Content(schema = @Schema(implementation = AcknowledgementView.class)))
    @APIResponse(responseCode = "404", description = "无此预警或无权查看 Not found or not visible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "本辖区预警无需签收 Own alerts are not acknowledged",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AcknowledgementView acknowledge(@PathParam("id") UUID id, @Valid AcknowledgeRequest request) {
        Acknowledgement ack = acknowledgements.acknowledge(caller(), id, request == null ? null : request.note());
        return new AcknowledgementView(ack.alertId, ack.alertOrigin, ack.partner, ack.unit, ack.acknowledgedBy,
                AlertMapper.time(ack.acknowledgedAt), ack.note);
    }

    @GET
    @Path("/export/stix")
    @Produces({ "application/stix+json;version=2.1", MediaType.APPLICATION_JSON })
    @Operation(summary = "导出STIX Export alerts as STIX 2.1",
            description = "A STIX 2.1 bundle of the selected alerts: one report each, created by the issuing "
                    + "jurisdiction's identity, marked TLP:GREEN (GENERAL), TLP:AMBER (RESTRICTED, CONFIDENTIAL) or "
                    + "TLP:RED (HIT_ONLY). Analysts, commanders and integrators of this jurisdiction; every selected alert "
                    + "must be visible to the caller. The export is audited.")
    @APIResponse(responseCode = "200", description = "STIX 2.1 bundle")
    @APIResponse(responseCode = "400", description = "没有选择预警 No or too many ids",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "有预警不存在或无权查看 An alert is not visible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public java.util.Map<String, Object> exportStix(
            @Parameter(description = "预警编号 Alert ids") @QueryParam("id") @jakarta.validation.constraints.NotEmpty
            @Size(max = 500) List<String> ids) {
        List<UUID> parsed = new java.util.ArrayList<>();
        for (String id : ids) {
            try {
                parsed.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("id " + id + " is not an alert id (UUID)");
            }
        }
        return service.exportStix(caller(), parsed);
    }

    @POST
    @Path("/hit-checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "比对 Hit/no-hit check",
            description = "Checks identifiers against the alerts here and, through keyed hashes (never the "
                    + "identifiers), against every partner's own alerts, including those never shared. What may hit "
                    + "follows the caller's roles: the handling codes they may read, and HIT_ONLY for every role that "
                    + "may check. A hit gives only the owning jurisdiction and unit, the alert reference and its "
                    + "severity. Recorded and audited at both ends; each user and each partner has a daily limit.")
    @APIResponse(responseCode = "200", description = "比对结果 Hits, partners asked and partners that did not answer")
    @APIResponse(responseCode = "400", description = "请求不合法 Invalid identifiers",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "今日比对已达上限 The caller's daily limit of identifiers is reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HitChecks.Result hitCheck(
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull HitCheckRequest request) {
        return hitChecks.check(caller(), request.identifiers().stream()
                .map(i -> new HitChecks.Identifier(i.kind(), i.value())).toList());
    }

    @POST
    @Path("/disclosure-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "披露申请 Ask for an alert's content after a hit",
            description = "Sends a request with a reason to the alert's owner, who must answer within the deadline "
                    + "(default 48 h). Only after a hit on that alert at that owner: of the caller's own checks, or for "
                    + "analysts and commanders of any check of ours. An approval shares the alert with us, its handling "
                    + "code unchanged.")
    @APIResponse(responseCode = "201", description = "已申请 Requested",
            content = @Content(schema = @Schema(implementation = DisclosureView.class)))
    @APIResponse(responseCode = "400", description = "请求不合法 Invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "未经比对命中 No hit on that alert at that owner that opens a request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "幂等键已用于另一请求 Idempotency-Key already used with another request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response requestDisclosure(@Valid @NotNull DisclosureRequestBody body,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        var requested = disclosures.request(caller(), body.owner(), body.alertId(), body.reason(), idempotencyKey);
        return created(Response.status(201), requested).entity(DisclosureView.of(requested.value())).build();
    }

    @GET
    @Path("/disclosure-requests")
    @Operation(summary = "披露申请列表 Disclosure requests",
            description = "For analysts and commanders, requests we made and requests addressed to us; for "
                    + "investigators, the requests they made. With status and whether they are overdue; newest first, "
                    + "with cursor paging.")
    @APIResponse(responseCode = "200", description = "申请 Requests, newest first",
            content = @Content(schema = @Schema(implementation = DisclosurePage.class)))
    @APIResponse(responseCode = "400", description = "参数不合法 Invalid cursor or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DisclosurePage disclosureRequests(
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        var page = disclosures.list(caller(), KeysetCursor.parse(cursor), limit + 1);
        String next = KeysetCursor.next(page, limit, r -> r.requestedAt, r -> r.id);
        return new DisclosurePage(page.stream().limit(limit).map(DisclosureView::of).toList(), next);
    }

    @POST
    @Path("/disclosure-requests/{requestId}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "批复披露申请 Answer a disclosure request",
            description = "The owner's analysts and commanders approve (the alert is shared with the requester, "
                    + "its handling code unchanged) or deny.")
    @APIResponse(responseCode = "200", description = "已批复 Answered",
            content = @Content(schema = @Schema(implementation = DisclosureView.class)))
    @APIResponse(responseCode = "404", description = "无此申请 No such request addressed to us",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "已批复 Already answered",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DisclosureView answerDisclosure(@PathParam("requestId") UUID requestId,
            @Valid @NotNull DisclosureAnswerBody body) {
        return DisclosureView.of(disclosures.answer(caller(), requestId,
                body.decision() == DisclosureAnswerBody.Decision.APPROVED, body.reason()));
    }

    @POST
    @Path("/{id}/sightings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "见到/反馈 Report a sighting or feedback",
            description = "A receiving partner reports on an alert; the report is its own record and is sent to the "
                    + "alert's origin.")
    @APIResponse(responseCode = "201", description = "已报告 Reported",
            content = @Content(schema = @Schema(implementation = SightingView.class)))
    @APIResponse(responseCode = "400", description = "请求不合法 Invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "无此预警或无权查看 Not found or not visible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "本辖区预警 Our own alert",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "幂等键已用于另一请求 Idempotency-Key already used with another request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reportSighting(@PathParam("id") UUID id, @Valid @NotNull SightingRequest request,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        var reported = sightings.report(caller(), id, request.kind(),
                request.observedAt() == null ? null : request.observedAt().toInstant(), request.place(),
                request.description(), idempotencyKey);
        return created(Response.status(201), reported).entity(SightingView.of(reported.value())).build();
    }

    @GET
    @Path("/{id}/sightings")
    @Operation(summary = "见到/反馈列表 Reports on an alert",
            description = "At the alert's origin: every partner's reports; at a partner: its own. Investigators, "
                    + "analysts and commanders of this jurisdiction; newest observation first, with cursor paging.")
    @APIResponse(responseCode = "200", description = "报告 Reports, newest observation first",
            content = @Content(schema = @Schema(implementation = SightingPage.class)))
    @APIResponse(responseCode = "400", description = "参数不合法 Invalid cursor or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "无此预警或无权查看 Not found or not visible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SightingPage sightings(@PathParam("id") UUID id,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        var page = sightings.list(caller(), id, KeysetCursor.parse(cursor), limit + 1);
        String next = KeysetCursor.next(page, limit, s -> s.observedAt, s -> s.id);
        return new SightingPage(page.stream().limit(limit).map(SightingView::of).toList(), next);
    }

    @GET
    @Path("/{id}/acknowledgements")
    @Operation(summary = "签收情况 Who acknowledged one of our alerts",
            description = "For each partner in the alert's distribution: whether acknowledgement is required, the "
                    + "deadline, when and by whom it was acknowledged, and whether it is overdue.")
    @APIResponse(responseCode = "200", description = "每个伙伴的签收情况 Receipt per partner")
    @APIResponse(responseCode = "404", description = "无此预警 Not one of our alerts, or not visible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<AcknowledgementService.PartnerReceipt> receipts(@PathParam("id") UUID id) {
        return acknowledgements.receipts(caller(), id);
    }

    @GET
    @Path("/overdue")
    @Operation(summary = "逾期未签收 Alerts to escalate",
            description = "Our active RED and ORANGE alerts that some partner has not acknowledged by the deadline.")
    @APIResponse(responseCode = "200", description = "待升级的预警 Alerts with overdue partners")
    public List<AcknowledgementService.Overdue> overdue() {
        return acknowledgements.overdue(caller());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "查看预警 Read an alert",
            description = "Only if the caller's jurisdiction is its origin or in its distribution and its handling "
                    + "code allows the caller's role; otherwise 404, revealing nothing. A partner's user sees only its "
                    + "own jurisdiction in the distribution. Audited, also when not found.")
    @APIResponse(responseCode = "200", description = "预警 The alert",
            content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "404", description = "无此预警或无权查看 Not found or not visible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AlertView get(@PathParam("id") UUID id) {
        BorderPrincipal caller = caller();
        return service.find(caller, id).map(a -> AlertMapper.toView(a, Instant.now(), caller.jurisdiction()))
                .orElseThrow(() -> new NotFoundException("no visible alert " + id));
    }

    @GET
    @Operation(summary = "预警列表 List alerts",
            description = "Alerts the caller may see, newest first, with filters and cursor paging.")
    @APIResponse(responseCode = "200", description = "一页预警 A page of alerts",
            content = @Content(schema = @Schema(implementation = AlertPage.class)))
    @APIResponse(responseCode = "400", description = "参数不合法 Invalid parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AlertPage list(
            @Parameter(description = "全文检索 Words in title or body; every term must occur (as a phrase)",
                    example = "走私 浦城") @QueryParam("q") @Size(max = 200) String q,
            @Parameter(description = "涉及对象 Part of a subject identifier (ID number, plate, phone, account)",
                    example = "浙H123") @QueryParam("subject") @Size(max = 64) String subject,
            @Parameter(description = "预警级别 Severity") @QueryParam("severity") Severity severity,
            @Parameter(description = "预警类别 Category") @QueryParam("category") AlertCategory category,
            @Parameter(description = "发布辖区 Origin") @QueryParam("origin") @Pattern(regexp = "[0-9]{6}") String origin,
            @Parameter(description = "状态 Status") @QueryParam("status") AlertStatus status,
            @Parameter(description = "在该时刻有效 Active at this time") @QueryParam("activeAt") @StorableTime
            OffsetDateTime activeAt,
            @Parameter(description = "分面统计 Include facet counts") @QueryParam("facets") @DefaultValue("false") boolean facets,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        AlertFilter filter = new AlertFilter(q, severity, category, origin, status,
                activeAt == null ? null : activeAt.toInstant(), subject);
        BorderPrincipal caller = caller();
        List<Alert> page = service.list(caller, filter, KeysetCursor.parse(cursor), limit + 1);
        Instant now = Instant.now();
        List<AlertView> items = page.stream().limit(limit).map(a -> AlertMapper.toView(a, now, caller.jurisdiction()))
                .toList();
        String next = KeysetCursor.next(page, limit, a -> a.publishedAt, a -> a.id);
        return new AlertPage(items, next, facets ? service.facets(caller, filter) : null);
    }

    private BorderPrincipal caller() {
        return BorderPrincipal.of(identity).orElseThrow(() -> new ForbiddenException("no jurisdiction in the token"));
    }
}
