package org.borderpolice.cases.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.cases.AssistanceFilter;
import org.borderpolice.cases.CaseJoinRequest;
import org.borderpolice.cases.JoinFilter;
import org.borderpolice.cases.JoinState;
import org.borderpolice.cases.service.CaseJoins;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 申请加入案件 Requests to join a partner's case, and the owner's approval or denial. */
@Path("/api/v1/case-join-requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "case-join-requests",
        description = "申请加入案件 Requests to join a partner's joint case after a hit (命中), approved (同意) or "
                + "denied (不同意) by the case owner's commander")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class JoinRequestResource {

    static final String REQUEST_ID = "申请ID Request id (UUID)";
    static final String IDEMPOTENCY_KEY = "幂等键 Idempotency key: a repeat of the same request with the same key "
            + "(same caller, within 24 h) returns the request filed first, with header Idempotent-Replayed: true";

    @Inject
    CaseJoins service;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "requestToJoinCase",
            summary = "申请加入案件 Ask to join a partner's case",
            description = "Names the case by its number (案件编号, e.g. from a hit answer); the request goes to the case's "
                    + "owner alone, whose commander approves or denies it. A number that does not exist, a case "
                    + "that cannot be joined and a denial all end as DENIED (未同意) at the owner; the answer "
                    + "arrives here. Investigators and commanders of this jurisdiction only.")
    @APIResponse(
            responseCode = "201",
            description = "已申请 Filed, PENDING",
            content = @Content(schema = @Schema(implementation = JoinRequestView.class)))
    @APIResponse(
            responseCode = "400",
            description = "无效 A malformed number, one of ours, or of a jurisdiction the agreement does not let us "
                    + "exchange cases with",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "冲突 This jurisdiction holds the case already, or has a request for it pending",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "429",
            description = "申请过多 As many requests of ours to the case's owner are pending as "
                    + "border.cases.join-requests.max-pending allows",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response file(
            @Valid @NotNull JoinRequestInput request,
            @Context UriInfo uri,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        BorderPrincipal caller = Requests.caller(identity);
        var filed = service.file(caller, request.toDraft(), idempotencyKey);
        CaseJoinRequest r = filed.value();
        return Requests.created(
                        Response.created(uri.getAbsolutePathBuilder()
                                .path(r.id.toString())
                                .build()),
                        filed)
                .entity(JoinRequestView.of(r, caller.jurisdiction()))
                .build();
    }

    @GET
    @Operation(
            operationId = "listCaseJoinRequests",
            summary = "加入申请列表 List requests to join cases",
            description = "Requests to join this jurisdiction's cases (INCOMING, e.g. state=PENDING: 待审批) and its own "
                    + "(OUTGOING), newest first, cursor paging. A partner's user sees only its own requests. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "一页申请 A page of requests",
            content = @Content(schema = @Schema(implementation = JoinRequestPage.class)))
    public JoinRequestPage list(
            @Parameter(description = "方向 INCOMING 收到的, OUTGOING 发出的") @QueryParam("direction")
                    AssistanceFilter.Direction direction,
            @Parameter(description = "状态 State") @QueryParam("state") JoinState state,
            @Parameter(description = "案件编号 Case number")
                    @QueryParam("case-number")
                    @Pattern(regexp = "[0-9]{6}-[0-9]{4}-[0-9]{6}", message = "must be <origin>-<year>-<6 digits>")
                    String caseNumber,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        BorderPrincipal caller = Requests.caller(identity);
        KeysetPage<CaseJoinRequest> page =
                service.list(caller, new JoinFilter(direction, state, caseNumber), KeysetCursor.parse(cursor), limit);
        return new JoinRequestPage(page.map(r -> JoinRequestView.of(r, caller.jurisdiction())), page.next());
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getCaseJoinRequest",
            summary = "查看加入申请 Read a request to join a case",
            description = "Only for users of the requester and of the case's owner; otherwise 404. Audited, also when "
                    + "not found.")
    @APIResponse(
            responseCode = "200",
            description = "申请 The request",
            content = @Content(schema = @Schema(implementation = JoinRequestView.class)))
    public JoinRequestView get(@Parameter(description = REQUEST_ID) @PathParam("id") UUID id) {
        BorderPrincipal caller = Requests.caller(identity);
        return service.find(caller, id)
                .map(r -> JoinRequestView.of(r, caller.jurisdiction()))
                .orElseThrow(() -> new NotFoundException("no visible request to join " + id));
    }

    @POST
    @Path("/{id}/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "approveCaseJoinRequest",
            summary = "同意加入 Approve a request to join one of our cases",
            description =
                    "Commanders of the case's owner, at home. The requester becomes an accepted participant (已接受), "
                            + "as an invited partner that accepted, and receives the case and its whole timeline; the "
                            + "timeline gets an entry JOINED (申请加入获批).")
    @APIResponse(
            responseCode = "200",
            description = "已同意 Approved",
            content = @Content(schema = @Schema(implementation = JoinRequestView.class)))
    @APIResponse(
            responseCode = "409",
            description = "冲突 Decided already, or the case cannot be joined now (closed, offered, handed over, the "
                    + "requester holds it already): deny it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JoinRequestView approve(
            @Parameter(description = REQUEST_ID) @PathParam("id") UUID id, @Valid @NotNull ApprovalInput input) {
        BorderPrincipal caller = Requests.caller(identity);
        return JoinRequestView.of(service.approve(caller, id, input.note()), caller.jurisdiction());
    }

    @POST
    @Path("/{id}/denial")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "denyCaseJoinRequest",
            summary = "不同意加入 Deny a request to join one of our cases",
            description = "Commanders of the case's owner, at home, with the reason the requester sees.")
    @APIResponse(
            responseCode = "200",
            description = "未同意 Denied",
            content = @Content(schema = @Schema(implementation = JoinRequestView.class)))
    @APIResponse(
            responseCode = "409",
            description = "冲突 Decided already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JoinRequestView deny(
            @Parameter(description = REQUEST_ID) @PathParam("id") UUID id, @Valid @NotNull DeclineInput input) {
        BorderPrincipal caller = Requests.caller(identity);
        return JoinRequestView.of(service.deny(caller, id, input.reason()), caller.jurisdiction());
    }

    @POST
    @Path("/{id}/withdrawal")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "withdrawCaseJoinRequest",
            summary = "撤回加入申请 Withdraw one of our pending requests to join a case",
            description = "Investigators and commanders of the requester, at home; `reason` optional. The request "
                    + "becomes WITHDRAWN (已撤回) and leaves the owner's queue; a decision the owner made before the "
                    + "withdrawal reached it still arrives and stands.")
    @APIResponse(
            responseCode = "200",
            description = "已撤回 Withdrawn",
            content = @Content(schema = @Schema(implementation = JoinRequestView.class)))
    @APIResponse(
            responseCode = "409",
            description = "冲突 Not pending (decided or withdrawn already)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JoinRequestView withdraw(
            @Parameter(description = REQUEST_ID) @PathParam("id") UUID id, @Valid @NotNull WithdrawalInput input) {
        BorderPrincipal caller = Requests.caller(identity);
        return JoinRequestView.of(service.withdraw(caller, id, input.reason()), caller.jurisdiction());
    }
}
