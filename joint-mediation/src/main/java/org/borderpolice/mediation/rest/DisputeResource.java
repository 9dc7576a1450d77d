package org.borderpolice.mediation.rest;

import java.time.OffsetDateTime;
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
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
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
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.DisputeFilter;
import org.borderpolice.mediation.DisputeKind;
import org.borderpolice.mediation.DisputeQuery;
import org.borderpolice.mediation.DisputeStatus;
import org.borderpolice.mediation.MediationTier;
import org.borderpolice.mediation.RiskLevel;
import org.borderpolice.mediation.service.DisputeService;
import org.borderpolice.mediation.service.StaleVersion;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 矛盾纠纷 Disputes: take in, read, list, search, triage (三调对接), change status, consent. */
@Path("/api/v1/disputes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "disputes", description = "矛盾纠纷 Border disputes mediated jointly by the jurisdictions involved (联调)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.COMMANDER
})
public class DisputeResource {

    @Inject
    DisputeService service;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "takeInDispute",
            summary = "纠纷受理 Take in a dispute",
            description = "排查/受理: stores the dispute as RECEIVED (已受理), chooses its tier by the 三调对接 rule table "
                    + "(tierRule names the deciding rule) and sends it to every jurisdiction its parties live in. "
                    + "Mediators, investigators and commanders of this jurisdiction only.")
    @APIResponse(
            responseCode = "201",
            description = "已受理 Taken in",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    public Response takeIn(
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull DisputeRequest request,
            @Context UriInfo uri,
            @Parameter(description = Requests.IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey) {
        var created = service.intake(Requests.caller(identity), request.toDraft(), idempotencyKey);
        Dispute d = created.value();
        return Requests.created(
                        Response.created(uri.getAbsolutePathBuilder()
                                .path(d.id.toString())
                                .build()),
                        created)
                .entity(DisputeView.of(d))
                .build();
    }

    @GET
    @Operation(
            operationId = "listDisputes",
            summary = "纠纷列表 List disputes",
            description = "Disputes the caller's jurisdiction took in or is involved in (a party's or a team "
                    + "member's jurisdiction), newest first, with filters and cursor paging. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "一页纠纷 A page of disputes",
            content = @Content(schema = @Schema(implementation = DisputePage.class)))
    public DisputePage list(
            @Parameter(description = "纠纷状态 Status") @QueryParam("status") DisputeStatus status,
            @Parameter(description = "纠纷类型 Kind") @QueryParam("kind") DisputeKind kind,
            @Parameter(description = "调解层级 Tier") @QueryParam("tier") MediationTier tier,
            @Parameter(description = "民转刑风险 Risk level") @QueryParam("riskLevel") RiskLevel riskLevel,
            @Parameter(description = "受理辖区 Origin") @QueryParam("origin") @Pattern(regexp = "[0-9]{6}") String origin,
            @Parameter(description = "涉及辖区 A jurisdiction involved")
                    @QueryParam("involved")
                    @Pattern(regexp = "[0-9]{6}")
                    String involved,
            @Parameter(description = "县级行政区划代码 County") @QueryParam("countyCode") @Pattern(regexp = "[0-9]{6}")
                    String countyCode,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        return page(service.list(
                Requests.caller(identity),
                new DisputeFilter(status, kind, tier, riskLevel, origin, involved, countyCode),
                KeysetCursor.parse(cursor),
                limit));
    }

    @GET
    @Path("/search")
    @Operation(
            operationId = "searchDisputes",
            summary = "纠纷检索 Search disputes",
            description = "全文检索: Chinese words (分词) in the title and description of the disputes the caller may "
                    + "see; every word must occur; a whole dispute number (纠纷编号) finds that dispute. With the list's filters and a period of report (reportedFrom "
                    + "inclusive, reportedTo exclusive). Audited with the words looked for.")
    @APIResponse(
            responseCode = "200",
            description = "一页纠纷 A page of matches",
            content = @Content(schema = @Schema(implementation = DisputePage.class)))
    public DisputePage search(
            @Parameter(
                            description = "检索词 Words, or a whole 纠纷编号 (dispute number, e.g. 330881-2026-000042)",
                            example = "山林边界")
                    @QueryParam("q")
                    @Size(max = 200)
                    String q,
            @Parameter(description = "纠纷状态 Status") @QueryParam("status") DisputeStatus status,
            @Parameter(description = "纠纷类型 Kind") @QueryParam("kind") DisputeKind kind,
            @Parameter(description = "调解层级 Tier") @QueryParam("tier") MediationTier tier,
            @Parameter(description = "民转刑风险 Risk level") @QueryParam("riskLevel") RiskLevel riskLevel,
            @Parameter(description = "受理辖区 Origin") @QueryParam("origin") @Pattern(regexp = "[0-9]{6}") String origin,
            @Parameter(description = "涉及辖区 A jurisdiction involved")
                    @QueryParam("involved")
                    @Pattern(regexp = "[0-9]{6}")
                    String involved,
            @Parameter(description = "县级行政区划代码 County") @QueryParam("countyCode") @Pattern(regexp = "[0-9]{6}")
                    String countyCode,
            @Parameter(description = "受理时间起 Reported from (inclusive)") @QueryParam("reportedFrom") @StorableTime
                    OffsetDateTime reportedFrom,
            @Parameter(description = "受理时间止 Reported before (exclusive)") @QueryParam("reportedTo") @StorableTime
                    OffsetDateTime reportedTo,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        return page(service.search(
                Requests.caller(identity),
                new DisputeQuery(
                        q,
                        new DisputeFilter(status, kind, tier, riskLevel, origin, involved, countyCode),
                        reportedFrom == null ? null : reportedFrom.toInstant(),
                        reportedTo == null ? null : reportedTo.toInstant()),
                KeysetCursor.parse(cursor),
                limit));
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getDispute",
            summary = "查看纠纷 Read a dispute",
            description = "Only for users of the origin and of the jurisdictions involved (parties' personal data "
                    + "included); otherwise 404, revealing nothing. Audited, also when not found.")
    @APIResponse(
            responseCode = "200",
            description = "纠纷 The dispute",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    public Response get(@Parameter(description = Requests.DISPUTE_ID) @PathParam("id") UUID id) {
        Dispute d = service.find(Requests.caller(identity), id)
                .orElseThrow(() -> new NotFoundException("no visible dispute " + id));
        // the version to name in If-Match when correcting it
        return Response.ok(DisputeView.of(d)).tag(versionTag(d)).build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "correctDispute",
            summary = "纠纷事实更正 Correct a dispute's facts",
            description = "A mediator or commander of the origin corrects what intake took (title, description, place, "
                    + "amount, the triage facts, parties' names, contact details, languages and ID numbers); fields "
                    + "left out stay. Optimistic concurrency: If-Match names the version read (the ETag of GET); "
                    + "another version is 412, no If-Match 428. A dispute still RECEIVED with a rule's tier is "
                    + "triaged anew. The new version goes to the jurisdictions involved; audited (dispute.edited, "
                    + "the fields changed). Not on a final dispute (409).")
    @APIResponse(
            responseCode = "200",
            description = "纠纷 The dispute as corrected (ETag: its new version)",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    @APIResponse(
            responseCode = "409",
            description = "已终结 A final dispute is not corrected",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "412",
            description = "版本已变 The dispute changed since the version named in If-Match",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "428",
            description = "缺少If-Match The request names no version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response correct(
            @Parameter(description = Requests.DISPUTE_ID) @PathParam("id") UUID id,
            @Parameter(description = "版本 The version read, as its ETag (\"3\")") @HeaderParam(HttpHeaders.IF_MATCH)
                    String ifMatch,
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull DisputeEditRequest request) {
        long version = IfMatch.version(ifMatch);
        try {
            DisputeService.Outcome changed = service.edit(Requests.caller(identity), id, version, request.toEdit());
            return Response.ok(DisputeView.of(changed.dispute(), changed.decision()))
                    .tag(versionTag(changed.dispute()))
                    .build();
        } catch (StaleVersion e) {
            throw new WebApplicationException(e.getMessage(), Response.Status.PRECONDITION_FAILED);
        }
    }

    static EntityTag versionTag(Dispute d) {
        return new EntityTag(Long.toString(d.version));
    }

    @GET
    @Path("/{id}/triage")
    @Operation(
            operationId = "explainTriage",
            summary = "三调对接分流 What the rule table says of a dispute",
            description = "The tier the rules choose for the dispute as it stands and the deciding rule; changes "
                    + "nothing (the dispute's tier may be a mediator's override). Audited.")
    @APIResponse(
            responseCode = "200",
            description = "分流结果 The rules' decision",
            content = @Content(schema = @Schema(implementation = TriageView.class)))
    public TriageView triage(@Parameter(description = Requests.DISPUTE_ID) @PathParam("id") UUID id) {
        return TriageView.of(service.triage(Requests.caller(identity), id));
    }

    @PUT
    @Path("/{id}/tier")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "overrideTier",
            summary = "调整调解层级 Override the triage",
            description = "A mediator (or commander) of the origin chooses the tier over the rules', with a reason; "
                    + "the reason and who overrode are recorded and replicated. Not on a final dispute (409).")
    @APIResponse(
            responseCode = "200",
            description = "纠纷 The dispute with its new tier",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    @APIResponse(
            responseCode = "409",
            description = "已终结 A final dispute is not triaged any more",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DisputeView overrideTier(
            @Parameter(description = Requests.DISPUTE_ID) @PathParam("id") UUID id,
            @Valid @NotNull TierOverrideRequest request) {
        return DisputeView.of(service.overrideTier(Requests.caller(identity), id, request.tier(), request.reason()));
    }

    @PUT
    @Path("/{id}/consent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "recordConsent",
            summary = "当事人同意调解 Record the parties' consent",
            description = "Consent given or withdrawn; mediation (MEDIATING) needs it. The origin's mediators, "
                    + "investigators and commanders.")
    @APIResponse(
            responseCode = "200",
            description = "纠纷 The dispute",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    public DisputeView consent(
            @Parameter(description = Requests.DISPUTE_ID) @PathParam("id") UUID id,
            @Valid @NotNull ConsentRequest request) {
        return DisputeView.of(service.consent(Requests.caller(identity), id, request.consent()));
    }

    @POST
    @Path("/{id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "changeDisputeStatus",
            summary = "变更纠纷状态 Move a dispute to another status",
            description = "RECEIVED→MEDIATING (调解中, needs consent), →WITHDRAWN or →CLOSED; MEDIATING→AGREED (达成协议), "
                    + "→FAILED (调解不成) or →WITHDRAWN; FAILED→MEDIATING (上提一级: triaged anew above the tier that "
                    + "failed, the response's triage names the rule) or →CLOSED; AGREED→RESOLVED (已化解) or back to "
                    + "MEDIATING. FAILED, CLOSED, WITHDRAWN and going back need a reason. The origin's mediators, "
                    + "investigators and commanders. Any other change: 409.")
    @APIResponse(
            responseCode = "200",
            description = "新状态 The dispute in its new status",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    @APIResponse(
            responseCode = "409",
            description = "状态不允许 The status machine does not allow this change",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DisputeView transition(
            @Parameter(description = Requests.DISPUTE_ID) @PathParam("id") UUID id,
            @Valid @NotNull TransitionRequest request) {
        var outcome = service.transition(Requests.caller(identity), id, request.to(), request.reason());
        return DisputeView.of(outcome.dispute(), outcome.decision());
    }

    private static DisputePage page(KeysetPage<Dispute> page) {
        return new DisputePage(page.map(DisputeView::of), page.next());
    }
}
