package org.borderpolice.cases.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.groups.ConvertGroup;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.cases.CaseCategory;
import org.borderpolice.cases.CaseFilter;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.service.CaseService;
import org.borderpolice.cases.service.ParticipationService;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.validation.ListSizes;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 联合案件 Joint cases: file, read, list, edit, change status, invite and remove participants, answer. */
@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cases", description = "联合案件 Joint cases investigated together by neighbouring jurisdictions (联打)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class CaseResource {

    @Inject
    CaseService service;

    @Inject
    ParticipationService participation;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "fileCase",
            summary = "立案 File a joint case",
            description = "Stores the case under the next case number of this jurisdiction and year (案件编号 "
                    + "<origin>-<year>-<6 digits>, gapless) as a DRAFT (草稿, ours alone), or OPEN (已立案) with "
                    + "open=true: then it goes at once to the partners invited. Investigators and commanders of this "
                    + "jurisdiction only. One case per escalated dispute (民转刑): a filing whose linkedDispute an "
                    + "earlier case names answers 200 with that case.")
    @APIResponse(
            responseCode = "201",
            description = "已立案 Filed",
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(
            responseCode = "200",
            description = "已有关联案件 A case naming this linkedDispute (关联纠纷) was filed earlier, by whoever and "
                    + "with whatever Idempotency-Key: that case, nothing stored (an escalated dispute opens one case)",
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    public Response file(
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull CaseRequest request,
            @Parameter(description = "立即立案 OPEN at once instead of DRAFT") @QueryParam("open") @DefaultValue("false")
                    boolean open,
            @Context UriInfo uri,
            @Parameter(description = Requests.IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey) {
        CaseService.Filed filed = service.file(Requests.caller(identity), request.toDraft(), open, idempotencyKey);
        JointCase c = filed.value();
        java.net.URI location =
                uri.getAbsolutePathBuilder().path(c.id.toString()).build();
        if (filed.linkedEarlier()) {
            return Response.ok(CaseView.of(c)).contentLocation(location).build();
        }
        Response.ResponseBuilder created = Response.created(location);
        if (filed.replayed()) {
            created.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return created.entity(CaseView.of(c)).build();
    }

    @GET
    @Operation(
            operationId = "listCases",
            summary = "案件列表 List joint cases",
            description = "Cases the caller's jurisdiction owns or takes part in (invited or accepted; no partner's "
                    + "draft), newest filed first, with filters and cursor paging. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "一页案件 A page of cases",
            content = @Content(schema = @Schema(implementation = CasePage.class)))
    public CasePage list(
            @Parameter(description = "案件状态 Status") @QueryParam("status") CaseStatus status,
            @Parameter(description = "案件类别 Category") @QueryParam("category") CaseCategory category,
            @Parameter(description = "立案辖区 Origin") @QueryParam("origin") @Pattern(regexp = "[0-9]{6}") String origin,
            @Parameter(description = "参与辖区 A participant (invited or accepted)")
                    @QueryParam("participant")
                    @Pattern(regexp = "[0-9]{6}")
                    String participant,
            @Parameter(
                            description =
                                    "有超期协查 true: cases with an overdue assistance request (超期) we sent or received; "
                                            + "false: cases with none")
                    @QueryParam("overdue")
                    Boolean overdue,
            @Parameter(
                            description =
                                    "关联纠纷 The case opened for this escalated dispute (民转刑; at most one per origin): "
                                            + "joint-mediation finds the case of an escalation it did not record")
                    @QueryParam("linkedDispute")
                    UUID linkedDispute,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        KeysetPage<JointCase> page = service.list(
                Requests.caller(identity),
                new CaseFilter(status, category, origin, participant, overdue, linkedDispute),
                KeysetCursor.parse(cursor),
                limit);
        return new CasePage(page.map(CaseView::of), page.next());
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getCase",
            summary = "查看案件 Read a joint case",
            description = "Only for users of the origin and of participants invited or accepted; otherwise 404, "
                    + "revealing nothing. Audited, also when not found.")
    @APIResponse(
            responseCode = "200",
            description = "案件 The case",
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    public CaseView get(@Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id) {
        return service.find(Requests.caller(identity), id)
                .map(CaseView::of)
                .orElseThrow(() -> new NotFoundException("no visible case " + id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "editCase",
            summary = "修改案件 Replace a case's content",
            description = "A new version of the case's content (not its status or participants), sent to the "
                    + "participants and put on the timeline. The owner's investigators and commanders; not once "
                    + "CLOSED.")
    @APIResponse(
            responseCode = "200",
            description = "新版本 The new version",
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(
            responseCode = "409",
            description = "已结案 A closed case does not change",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CaseView edit(
            @Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id,
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull CaseRequest request) {
        return CaseView.of(service.edit(Requests.caller(identity), id, request.toDraft()));
    }

    @POST
    @Path("/{id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "changeCaseStatus",
            summary = "变更案件状态 Move a case to another status",
            description = "DRAFT→OPEN, OPEN→INVESTIGATING, INVESTIGATING→SOLVED or →CLOSED (unsolved, with a reason), "
                    + "SOLVED→CLOSED, SOLVED or CLOSED→REOPENED (with a reason), REOPENED→INVESTIGATING. The owner's "
                    + "investigators and commanders; CLOSED and REOPENED only commanders. Any other change: 409.")
    @APIResponse(
            responseCode = "200",
            description = "新状态 The case in its new status",
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(
            responseCode = "409",
            description = "状态不允许 The status machine does not allow this change",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CaseView transition(
            @Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id,
            @Valid @NotNull TransitionRequest request) {
        return CaseView.of(service.transition(Requests.caller(identity), id, request.to(), request.reason()));
    }

    @POST
    @Path("/{id}/participants")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "inviteParticipants",
            summary = "邀请参与辖区 Invite partners",
            description = "Each partner must be one the agreement lets hold cases (400 otherwise). A partner that "
                    + "declined or was removed may be invited again. The owner's investigators and commanders.")
    @APIResponse(
            responseCode = "200",
            description = "案件 The case with its participants",
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    public CaseView invite(
            @Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id,
            @Valid @ConvertGroup(to = ListSizes.First.class) @NotNull InviteRequest request) {
        return CaseView.of(service.invite(Requests.caller(identity), id, request.jurisdictions()));
    }

    @POST
    @Path("/{id}/participants/{jurisdiction}/removal")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "removeParticipant",
            summary = "移出参与辖区 Remove a participant",
            description = "The partner stops holding the case (a tombstone) and sees it no more. The owner's "
                    + "investigators and commanders.")
    @APIResponse(
            responseCode = "200",
            description = "案件 The case with its participants",
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    public CaseView remove(
            @Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id,
            @Parameter(description = "辖区代码 Participant") @PathParam("jurisdiction") @Pattern(regexp = "[0-9]{6}")
                    String jurisdiction,
            @Valid RemovalRequest request) {
        return CaseView.of(
                service.remove(Requests.caller(identity), id, jurisdiction, request == null ? null : request.reason()));
    }

    @POST
    @Path("/{id}/participation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "answerInvitation",
            summary = "答复邀请 Accept or decline a partner's invitation",
            description = "At home, by investigators and commanders of the invited jurisdiction: ACCEPT (接受) or "
                    + "DECLINE (拒绝, with a reason). An accepted participant leaves by declining. The answer is this "
                    + "jurisdiction's own record, sent to the case's owner; a decline ends our copy of the case.")
    @APIResponse(
            responseCode = "200",
            description = "案件 The case with our answer",
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @APIResponse(
            responseCode = "409",
            description = "无法答复 Not invited, or already answered so",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CaseView answer(
            @Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id,
            @Valid @NotNull AnswerRequest request) {
        return CaseView.of(participation.answer(
                Requests.caller(identity), id, request.decision() == AnswerRequest.Decision.ACCEPT, request.reason()));
    }
}
