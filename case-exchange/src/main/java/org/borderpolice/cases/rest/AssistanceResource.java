package org.borderpolice.cases.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
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
import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.AssistanceState;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.service.AssistanceService;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.validation.ListSizes;
import org.borderpolice.federation.validation.StorableTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * 协查请求 Assistance requests: send, read, list, accept with a named officer, decline, answer,
 * withdraw; the overdue list for commanders.
 */
@Path("/api/v1/assistance-requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "assistance-requests",
        description = "协查请求 Assistance requests between the participants of a joint case, with deadlines (答复期限), "
                + "a named officer (指定民警), reminders (催办) and overdue escalation (超期督办)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class AssistanceResource {

    static final String REQUEST_ID = "协查请求ID Request id (UUID)";
    static final String IDEMPOTENCY_KEY = "幂等键 Idempotency key: a repeat of the same request with the same key "
            + "(same caller, within 24 h) returns the request sent first, with header Idempotent-Replayed: true";

    @Inject
    AssistanceService service;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "sendAssistanceRequest",
            summary = "发起协查 Send an assistance request",
            description = "To a partner that is the owner or an accepted participant of a joint case this jurisdiction "
                    + "owns or has accepted (not a draft, not closed). The deadline (答复期限) is the priority's default "
                    + "unless given. The request goes at once to the addressee alone. Investigators and commanders of "
                    + "this jurisdiction only.")
    @APIResponse(
            responseCode = "201",
            description = "已发出 Sent",
            content = @Content(schema = @Schema(implementation = AssistanceView.class)))
    @APIResponse(
            responseCode = "409",
            description = "案件不允许 The case is closed, or this jurisdiction has not accepted it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response send(
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull AssistanceRequestInput request,
            @Context UriInfo uri,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        BorderPrincipal caller = Requests.caller(identity);
        var sent = service.send(caller, request.toDraft(), idempotencyKey);
        AssistanceRequest r = sent.value();
        return Requests.created(
                        Response.created(uri.getAbsolutePathBuilder()
                                .path(r.id.toString())
                                .build()),
                        sent)
                .entity(view(r, caller))
                .build();
    }

    @GET
    @Operation(
            operationId = "listAssistanceRequests",
            summary = "协查列表 List assistance requests",
            description = "Requests this jurisdiction sent (去函) or received (来函), newest sent first, with filters and "
                    + "cursor paging; each with its overdue (超期) and reminder (催办) flags. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "一页协查请求 A page of requests",
            content = @Content(schema = @Schema(implementation = AssistancePage.class)))
    public AssistancePage list(
            @Parameter(description = "联合案件ID Case id") @QueryParam("case") UUID caseId,
            @Parameter(description = "方向 INCOMING 来函, OUTGOING 去函") @QueryParam("direction")
                    AssistanceFilter.Direction direction,
            @Parameter(description = "协查状态 State") @QueryParam("state") AssistanceState state,
            @Parameter(description = "紧急程度 Priority") @QueryParam("priority") AssistancePriority priority,
            @Parameter(description = "超期 true: only overdue ones; false: none overdue") @QueryParam("overdue")
                    Boolean overdue,
            @Parameter(description = "答复期限早于 Deadline before (ISO-8601)") @QueryParam("due-before") @StorableTime
                    OffsetDateTime dueBefore,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        BorderPrincipal caller = Requests.caller(identity);
        return page(
                service.list(
                        caller,
                        new AssistanceFilter(
                                caseId,
                                direction,
                                state,
                                priority,
                                overdue,
                                dueBefore == null ? null : dueBefore.toInstant()),
                        KeysetCursor.parse(cursor),
                        limit),
                caller);
    }

    @GET
    @Path("/escalations")
    @Operation(
            operationId = "listAssistanceEscalations",
            summary = "超期督办 Overdue requests for commanders",
            description = "Open requests (待受理 or 已受理) past their deadline, sent or received by this jurisdiction, the "
                    + "longest overdue first, with cursor paging. Both sides list the same requests: the deadline "
                    + "travels with the request. Commanders only. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "超期协查 Overdue requests",
            content = @Content(schema = @Schema(implementation = AssistancePage.class)))
    public AssistancePage escalations(
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        BorderPrincipal caller = Requests.caller(identity);
        return page(service.escalations(caller, KeysetCursor.parse(cursor), limit), caller);
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getAssistanceRequest",
            summary = "查看协查 Read an assistance request",
            description =
                    "Only for users of the requester and of the addressee; otherwise 404, revealing nothing. With "
                            + "the overdue (超期) and reminder (催办) flags and the time left. Audited, also when not found.")
    @APIResponse(
            responseCode = "200",
            description = "协查请求 The request",
            content = @Content(schema = @Schema(implementation = AssistanceView.class)))
    public AssistanceView get(@Parameter(description = REQUEST_ID) @PathParam("id") UUID id) {
        BorderPrincipal caller = Requests.caller(identity);
        return service.find(caller, id)
                .map(r -> view(r, caller))
                .orElseThrow(() -> new NotFoundException("no visible assistance request " + id));
    }

    @POST
    @Path("/{id}/acceptance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "acceptAssistanceRequest",
            summary = "受理并指定民警 Accept a request and name the officer",
            description = "By investigators and commanders of the addressee, at home. Again on an accepted request: "
                    + "another officer takes it over. Sent to the requester at once.")
    @APIResponse(
            responseCode = "200",
            description = "已受理 Accepted",
            content = @Content(schema = @Schema(implementation = AssistanceView.class)))
    @APIResponse(
            responseCode = "409",
            description = "状态不允许 Declined, answered or withdrawn already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AssistanceView accept(
            @Parameter(description = REQUEST_ID) @PathParam("id") UUID id, @Valid @NotNull AcceptanceInput input) {
        BorderPrincipal caller = Requests.caller(identity);
        return view(service.accept(caller, id, input.officerName(), input.officerId(), input.officerAccount()), caller);
    }

    @POST
    @Path("/{id}/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "declineAssistanceRequest",
            summary = "不予协查 Decline a request",
            description = "By investigators and commanders of the addressee, at home, with a reason; before or after "
                    + "accepting it, not after answering. Final.")
    @APIResponse(
            responseCode = "200",
            description = "不予协查 Declined",
            content = @Content(schema = @Schema(implementation = AssistanceView.class)))
    @APIResponse(
            responseCode = "409",
            description = "状态不允许 Declined, answered or withdrawn already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AssistanceView decline(
            @Parameter(description = REQUEST_ID) @PathParam("id") UUID id, @Valid @NotNull DeclineInput input) {
        BorderPrincipal caller = Requests.caller(identity);
        return view(service.decline(caller, id, input.reason()), caller);
    }

    @POST
    @Path("/{id}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "answerAssistanceRequest",
            summary = "反馈协查结果 Answer a request",
            description = "By investigators and commanders of the addressee, at home, once accepted (an officer "
                    + "named). Final. Files (协查函, photos) are attached through the evidence-file endpoints.")
    @APIResponse(
            responseCode = "200",
            description = "已反馈 Answered",
            content = @Content(schema = @Schema(implementation = AssistanceView.class)))
    @APIResponse(
            responseCode = "409",
            description = "状态不允许 Not accepted yet, or declined, answered or withdrawn already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AssistanceView answer(
            @Parameter(description = REQUEST_ID) @PathParam("id") UUID id, @Valid @NotNull FindingsInput input) {
        BorderPrincipal caller = Requests.caller(identity);
        return view(service.answer(caller, id, input.findings()), caller);
    }

    @POST
    @Path("/{id}/withdrawal")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "withdrawAssistanceRequest",
            summary = "撤回协查 Withdraw a request",
            description = "By investigators and commanders of the requester, at home, while the request is open "
                    + "(待受理 or 已受理). An answer or decline that crossed the withdrawal stands.")
    @APIResponse(
            responseCode = "200",
            description = "已撤回 Withdrawn",
            content = @Content(schema = @Schema(implementation = AssistanceView.class)))
    @APIResponse(
            responseCode = "409",
            description = "状态不允许 Declined, answered or withdrawn already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AssistanceView withdraw(
            @Parameter(description = REQUEST_ID) @PathParam("id") UUID id, @Valid WithdrawalInput input) {
        BorderPrincipal caller = Requests.caller(identity);
        return view(service.withdraw(caller, id, input == null ? null : input.reason()), caller);
    }

    private AssistanceView view(AssistanceRequest r, BorderPrincipal caller) {
        return AssistanceView.of(r, caller.jurisdiction(), service.rules(), CaseTimes.now());
    }

    private AssistancePage page(KeysetPage<AssistanceRequest> page, BorderPrincipal caller) {
        Instant now = CaseTimes.now();
        return new AssistancePage(
                page.map(r -> AssistanceView.of(r, caller.jurisdiction(), service.rules(), now)), page.next());
    }
}
