package org.borderpolice.mediation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.mediation.ScheduledSession;
import org.borderpolice.mediation.SessionPeriod;
import org.borderpolice.mediation.service.SessionService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 调解日程 The sessions of a period across every dispute the caller may see (the console's calendar). */
@Path("/api/v1/disputes/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sessions")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.COMMANDER
})
public class SessionCalendarResource {

    @Inject
    SessionService service;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            operationId = "listScheduledSessions",
            summary = "调解日程 Sessions of a period",
            description = "The sessions starting in [from, to) (at most " + SessionPeriod.MAX_DAYS + " calendar "
                    + "days) of every dispute the caller may see, by the dispute list's rule (the origin's and "
                    + "the jurisdictions involved; withdrawn disputes too, as the list), each with its dispute's "
                    + "id, number, title, origin, tier, status and riskLevel; earliest first, cursor paging. A "
                    + "day (2026-12-07) is read in the service's calendar "
                    + "(border.mediation.statistics.time-zone); an instant gives its offset "
                    + "(2026-12-06T16:00:00Z, or 2026-12-07T00:00:00%2B08:00: a + left unencoded arrives as a "
                    + "space, which is read as +). Audited, also when empty.")
    @APIResponse(
            responseCode = "200",
            description = "一页调解会 A page of sessions",
            content = @Content(schema = @Schema(implementation = ScheduledSessionPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "无效的期间或游标 Missing or bad from/to, from not before to, period too long, bad cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "未认证 No or untrusted token")
    @APIResponse(
            responseCode = "403",
            description = "无权限 Not a mediator, investigator, analyst or commander",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ScheduledSessionPage list(
            @Parameter(
                            description = "起始 From, inclusive: a day (2026-12-07) or an instant (2026-12-06T16:00:00Z)",
                            required = true,
                            example = "2026-12-07")
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "截止 To, exclusive: a day (2026-12-14) or an instant (2026-12-13T16:00:00Z)",
                            required = true,
                            example = "2026-12-14")
                    @QueryParam("to")
                    String to,
            @Parameter(description = "游标 Cursor from the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        KeysetPage<ScheduledSession> page =
                service.calendar(Requests.caller(identity), from, to, KeysetCursor.parse(cursor), limit);
        return new ScheduledSessionPage(page.map(ScheduledSessionView::of), page.next());
    }
}
