package org.borderpolice.cases.rest;

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

import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.service.TimelineService;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 时间线 A case's timeline: every change and note, seen by every participant. */
@Path("/api/v1/cases/{id}/timeline")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "case timeline", description = "案件时间线 Every change of a joint case and the participants' notes")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class TimelineResource {

    static final String NOTE_KEY = "幂等键 Idempotency key: a repeat of the same request with the same key "
            + "(same caller, within 24 h) returns the note added first, with header Idempotent-Replayed: true";

    @Inject
    TimelineService service;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            operationId = "getCaseTimeline",
            summary = "案件时间线 Read a case's timeline",
            description = "Newest first, cursor paging; for whoever sees the case (404 otherwise). At a participant "
                    + "its own notes show as pending until the owner has put them on the timeline. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "一页时间线 A page of the timeline",
            content = @Content(schema = @Schema(implementation = TimelinePage.class)))
    public TimelinePage list(
            @Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        KeysetPage<TimelineEntry> page = service.list(Requests.caller(identity), id, KeysetCursor.parse(cursor), limit);
        return new TimelinePage(page.map(TimelineEntryView::of), page.next());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "addCaseNote",
            summary = "添加备注 Add a note to a case's timeline",
            description = "At home, by investigators and commanders of the owner or of a participant that accepted "
                    + "the case; a participant's note is its own record, sent to the owner, which puts it on the "
                    + "timeline every participant sees. Not once the case is CLOSED. With an Idempotency-Key, a "
                    + "repeat returns the note added first (also once the case is closed) and adds nothing.")
    @APIResponse(
            responseCode = "201",
            description = "已添加 Added (or, with Idempotent-Replayed: true, added by the first request with the key)",
            content = @Content(schema = @Schema(implementation = TimelineEntryView.class)))
    public Response note(
            @Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id,
            @Valid @NotNull NoteRequest request,
            @Parameter(description = NOTE_KEY) @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        var added = service.note(Requests.caller(identity), id, request.text(), idempotencyKey);
        return Requests.created(Response.status(201), added)
                .entity(TimelineEntryView.of(added.value()))
                .build();
    }
}
