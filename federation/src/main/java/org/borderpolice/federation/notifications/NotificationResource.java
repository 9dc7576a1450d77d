package org.borderpolice.federation.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.LimitReachedProblem;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.trust.TrustList;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;

/**
 * 实时通知 A user's notifications of this service: as Server-Sent Events, resumable with
 * Last-Event-ID, or as a list for clients without them. Only those addressed to the caller (users
 * of this jurisdiction with one of the caller's roles, or the caller): a partner's user is
 * refused (403: its notifications are at its own jurisdiction's services, and an open stream costs
 * us a connection). A stream ends when the caller's token expires: the client comes back with a
 * fresh one, so a captured or revoked token does not keep it open (review 26 M2, M3). The gateway merges every service's stream into one ({@code /api/v1/notifications/stream}
 * there) and reaches this one as {@code /api/v1/services/<service>/notifications/stream}.
 */
@Path("/api/v1/notifications")
@Tag(name = "notifications", description = "实时通知 Live notifications: what needs the user")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.COMMANDER,
    BorderPrincipal.INTEGRATOR
})
@APIResponse(
        responseCode = "401",
        description = "未认证 No or untrusted token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "无权限 No suite role, or a partner's user",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "400",
        description = "输入有误 A Last-Event-ID or after that is not an id",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class NotificationResource {

    static final String RECORD_TYPE = "notification";

    @Inject
    Notifications notifications;

    @Inject
    NotificationStreams streams;

    @Inject
    AuditLog auditLog;

    @Inject
    SecurityIdentity identity;

    @Inject
    TrustList trustList;

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(
            operationId = "streamNotifications",
            summary = "通知流 The caller's notifications as Server-Sent Events",
            description =
                    "事件 event: the kind (alert.acknowledgement-due, assistance.received, assistance.due-soon, "
                            + "mediation.session-tomorrow), id: the notification's id, data: the "
                            + "notification as JSON. With Last-Event-ID (or after=) first those after it that are still kept, "
                            + "then new ones as they are written (within border.notifications.poll-every); without, new ones "
                            + "only. A comment line after border.notifications.keep-alive without an event. Audited when opened.")
    @APIResponse(
            responseCode = "200",
            description = "通知流 The stream (text/event-stream); it stays open",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(
            responseCode = "429",
            description = "请求过多 Too many streams open for this user (border.notifications.max-streams-per-subject)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "续传 The id of the last event received") @HeaderParam("Last-Event-ID")
                    String lastEventId,
            @Parameter(description = "续传 As Last-Event-ID, for clients that cannot set headers") @QueryParam("after")
                    String afterParam,
            @Context Sse sse,
            @Context RoutingContext routing) {
        BorderPrincipal caller = caller();
        String given = lastEventId != null && !lastEventId.isBlank() ? lastEventId : afterParam;
        long newest = notifications.newest();
        // an id beyond the newest (a restored database, another deployment's id) would keep the
        // stream silent until the ids caught up: it starts at the newest instead (review 26 C3)
        long after = given == null || given.isBlank() ? newest : Math.min(id(given, "Last-Event-ID"), newest);
        // each open stream reads whenever a notification is written: a few per user (review 26 M2)
        Runnable release = streams.acquire(caller);
        if (release == null) {
            throw new LimitReachedProblem("too many notification streams open for this user; close one first");
        }
        // given back when the stream ends, or when the client went before it began
        routing.addEndHandler(ar -> release.run());
        String username = BorderPrincipal.username(identity).orElse(null);
        // who holds the login name is settled when the stream opens, not at its first row (review 28 S3)
        notifications.hold(caller, username);
        auditLog.append(new AuditEntry(
                actor(caller),
                caller.jurisdiction(),
                "notifications.stream",
                RECORD_TYPE,
                null,
                given == null || given.isBlank() ? "new only" : "after " + after));
        Multi<OutboundSseEvent> stream = streams.stream(caller, username, after, sse);
        Instant expires = expiry();
        return (expires == null ? stream : stream.select().first(Duration.between(Instant.now(), expires)))
                .onTermination()
                .invoke(release);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "listNotifications",
            summary = "通知列表 The caller's notifications after an id",
            description = "Oldest first, at most limit; the next page after the last id returned. For clients without "
                    + "Server-Sent Events: poll with after= the last id seen. Audited.")
    @APIResponse(responseCode = "200", description = "通知 Notifications, oldest first")
    public List<Notification> list(
            @Parameter(description = "在此编号之后 After this id (0: every one still kept)")
                    @QueryParam("after")
                    @DefaultValue("0")
                    String after,
            @Parameter(description = "条数 At most this many") @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500)
                    int limit) {
        BorderPrincipal caller = caller();
        long from = Math.min(id(after, "after"), notifications.newest());
        String username = BorderPrincipal.username(identity).orElse(null);
        notifications.hold(caller, username);
        List<Notification> page = notifications.after(caller, username, from, limit);
        auditLog.append(new AuditEntry(
                actor(caller),
                caller.jurisdiction(),
                "notifications.list",
                RECORD_TYPE,
                null,
                "after " + from + ": " + page.size()));
        return page;
    }

    private BorderPrincipal caller() {
        BorderPrincipal caller =
                BorderPrincipal.of(identity).orElseThrow(() -> new ForbiddenException("no jurisdiction in the token"));
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("notifications are for users of " + trustList.selfCode()
                    + ": a partner's users read theirs at their own jurisdiction's services");
        }
        return caller;
    }

    /** Who the audit names: the subject, or for a token without one the principal's name (review 28 S1). */
    private String actor(BorderPrincipal caller) {
        if (caller.subject() != null) {
            return caller.subject();
        }
        String name =
                identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        return name == null || name.isBlank() ? "(no subject)" : name;
    }

    /** When the caller's token expires, if it says. */
    private Instant expiry() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            return Instant.ofEpochSecond(jwt.getExpirationTime());
        }
        return null;
    }

    private static long id(String text, String name) {
        String t = text.strip();
        if (!t.matches("[0-9]{1,18}")) {
            throw new InvalidProblem(name + ": not a notification id");
        }
        return Long.parseLong(t);
    }
}
