package org.borderpolice.mediation.rest;

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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.SessionNote;
import org.borderpolice.mediation.service.AttendanceService;
import org.borderpolice.mediation.service.SessionService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 调解会 A dispute's sessions, and the team's mediators' notes on them. */
@Path("/api/v1/disputes/{id}/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sessions", description = "调解会 Mediation sessions: time, place, mediators, attendance, notes, outcome")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.COMMANDER
})
public class SessionResource {

    @Inject
    SessionService service;

    @Inject
    AttendanceService attendance;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "scheduleSession",
            summary = "安排调解会 Schedule a session",
            description = "A session of the dispute with mediators of its team, at a place (e.g. 三山边界社会治理中心) "
                    + "or online. A mediator booked for another session at an overlapping time: 409 (不得重复预约). Sent "
                    + "to every jurisdiction involved. Mediators and commanders of the dispute's origin.")
    @APIResponse(
            responseCode = "201",
            description = "已安排 Scheduled",
            content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(
            responseCode = "409",
            description = "时间冲突或非团队成员 A mediator double-booked or not on the team",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response schedule(
            @Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id,
            @Valid @NotNull SessionRequest request,
            @Context UriInfo uri,
            @Parameter(description = TeamCalls.IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String key) {
        var created = service.schedule(TeamCalls.caller(identity), id, request.toPlan(), key);
        MediationSession s = created.value();
        return TeamCalls.created(
                        Response.created(uri.getAbsolutePathBuilder()
                                .path(s.id.toString())
                                .build()),
                        created)
                .entity(SessionView.of(s))
                .build();
    }

    @GET
    @Operation(
            operationId = "listSessions",
            summary = "调解会列表 A dispute's sessions",
            description = "Earliest first; for whoever sees the dispute, otherwise 404. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "调解会 Sessions",
            content = @Content(schema = @Schema(implementation = SessionView[].class)))
    public List<SessionView> list(@Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id) {
        return service.list(TeamCalls.caller(identity), id).stream()
                .map(SessionView::of)
                .toList();
    }

    @PUT
    @Path("/{sessionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "rescheduleSession",
            summary = "调整调解会 Move a scheduled session or change its mediators",
            description = "Only while SCHEDULED (409 otherwise); the same rules as scheduling.")
    @APIResponse(
            responseCode = "200",
            description = "新安排 The session as now scheduled",
            content = @Content(schema = @Schema(implementation = SessionView.class)))
    public SessionView reschedule(
            @Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id,
            @Parameter(description = TeamCalls.SESSION_ID) @PathParam("sessionId") UUID sessionId,
            @Valid @NotNull SessionRequest request) {
        return SessionView.of(service.reschedule(TeamCalls.caller(identity), id, sessionId, request.toPlan()));
    }

    @POST
    @Path("/{sessionId}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "recordSessionResult",
            summary = "记录调解会结果 A session held or cancelled",
            description = "SCHEDULED→HELD with its outcome (调解结果), SCHEDULED→CANCELLED with a reason (the "
                    + "mediators' time is given back); anything else 409.")
    @APIResponse(
            responseCode = "200",
            description = "调解会 The session",
            content = @Content(schema = @Schema(implementation = SessionView.class)))
    public SessionView transition(
            @Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id,
            @Parameter(description = TeamCalls.SESSION_ID) @PathParam("sessionId") UUID sessionId,
            @Valid @NotNull SessionTransitionRequest request) {
        return SessionView.of(service.transition(
                TeamCalls.caller(identity),
                id,
                sessionId,
                request.to(),
                request.outcome(),
                request.outcomeText(),
                request.reason()));
    }

    @POST
    @Path("/{sessionId}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "writeSessionNote",
            summary = "撰写调解笔记 Write a note on a session",
            description = "The calling mediator's own note (their directory record names their account; they are "
                    + "on the team), a record of their jurisdiction sent to the team's other jurisdictions. At home "
                    + "only; notes never change. With an Idempotency-Key a repeat (the answer lost) gets the note "
                    + "written first, not a second one.")
    @APIResponse(
            responseCode = "201",
            description = "已记录 Written",
            content = @Content(schema = @Schema(implementation = SessionNoteView.class)))
    public Response note(
            @Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id,
            @Parameter(description = TeamCalls.SESSION_ID) @PathParam("sessionId") UUID sessionId,
            @Valid @NotNull SessionNoteRequest request,
            @Parameter(description = TeamCalls.IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String key) {
        var written = service.note(TeamCalls.caller(identity), id, sessionId, request.text(), key);
        return TeamCalls.created(Response.status(Response.Status.CREATED), written)
                .entity(SessionNoteView.of(written.value()))
                .build();
    }

    @GET
    @Path("/{sessionId}/notes")
    @Operation(
            operationId = "listSessionNotes",
            summary = "调解笔记 The notes on a session",
            description = "Every team mediator's notes, earliest written first: for the team's mediators only (others "
                    + "403; a dispute not visible 404). With after= (a note's cursor, or the X-Cursor of the last "
                    + "answer): only the notes that arrived here since, in arrival order, at most limit: a reader "
                    + "polls what is new. Arrival follows commit order, so a partner's note that arrives late is "
                    + "never behind a cursor. X-Cursor: where the next poll starts. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "笔记 Notes",
            content = @Content(schema = @Schema(implementation = SessionNoteView[].class)))
    public Response notes(
            @Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id,
            @Parameter(description = TeamCalls.SESSION_ID) @PathParam("sessionId") UUID sessionId,
            @Parameter(description = "游标 Only the notes that arrived after this cursor (a note's cursor or X-Cursor)")
                    @QueryParam("after")
                    String after,
            @Parameter(description = "条数 At most this many notes after the cursor")
                    @QueryParam("limit")
                    @DefaultValue("200")
                    @Min(1)
                    @Max(500)
                    int limit) {
        KeysetCursor from = KeysetCursor.parse(after);
        List<SessionNote> found = service.notes(TeamCalls.caller(identity), id, sessionId, from, limit);
        // the latest arrival of the answer (the whole list is in writing order), or where the poll started
        String next = found.stream()
                .filter(n -> n.receivedAt != null)
                .max(java.util.Comparator.comparing((SessionNote n) -> n.receivedAt)
                        .thenComparing(n -> n.id))
                .map(n -> new KeysetCursor(n.receivedAt, n.id).encode())
                .orElse(after);
        Response.ResponseBuilder ok =
                Response.ok(found.stream().map(SessionNoteView::of).toList());
        return (next == null || next.isBlank() ? ok : ok.header(NOTES_CURSOR, next)).build();
    }

    /** The cursor of the last note of an answer: the after= of the next poll. */
    static final String NOTES_CURSOR = "X-Cursor";

    @PUT
    @Path("/{sessionId}/attendance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "recordAttendance",
            summary = "记录出席情况 Record who attended a session",
            description = "At the dispute's origin: its users record anyone booked for the session and the parties "
                    + "(by position). At a partner involved: its users record their own mediators only, a record of "
                    + "the partner sent to the origin. Mediators and commanders, at home; not for a cancelled "
                    + "session (409).")
    @APIResponse(
            responseCode = "200",
            description = "已记录 Recorded",
            content = @Content(schema = @Schema(implementation = AttendanceView[].class)))
    public List<AttendanceView> recordAttendance(
            @Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id,
            @Parameter(description = TeamCalls.SESSION_ID) @PathParam("sessionId") UUID sessionId,
            @Valid @NotNull AttendanceRequest request) {
        return attendance.record(TeamCalls.caller(identity), id, sessionId, request.toEntries()).stream()
                .map(AttendanceView::of)
                .toList();
    }

    @GET
    @Path("/{sessionId}/attendance")
    @Operation(
            operationId = "listAttendance",
            summary = "出席情况 Who attended a session",
            description = "As held here (at the origin: its own and the partners' records). For whoever sees the "
                    + "dispute; otherwise 404. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "出席情况 Attendance",
            content = @Content(schema = @Schema(implementation = AttendanceView[].class)))
    public List<AttendanceView> attendance(
            @Parameter(description = TeamCalls.DISPUTE_ID) @PathParam("id") UUID id,
            @Parameter(description = TeamCalls.SESSION_ID) @PathParam("sessionId") UUID sessionId) {
        return attendance.list(TeamCalls.caller(identity), id, sessionId).stream()
                .map(AttendanceView::of)
                .toList();
    }
}
