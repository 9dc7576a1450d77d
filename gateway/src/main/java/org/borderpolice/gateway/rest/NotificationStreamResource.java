package org.borderpolice.gateway.rest;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.gateway.MergedEventIds;
import org.borderpolice.gateway.RequestIds;
import org.borderpolice.gateway.config.GatewayConfig;
import org.borderpolice.gateway.service.MergedNotifications;
import org.borderpolice.gateway.service.RateLimits;
import org.borderpolice.gateway.service.StreamLimits;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;

/**
 * 实时通知 One stream of the caller's notifications from every service. The gateway reads
 * nothing itself: each service's stream is opened with the caller's token and the service decides
 * what the caller gets.
 */
@Path("/api/v1/notifications/stream")
@Tag(name = "gateway", description = "网关 Gateway: the single HTTP entry of a jurisdiction")
@SecurityRequirement(name = "bearer")
public class NotificationStreamResource {

    @Inject
    MergedNotifications merged;

    @Inject
    RateLimits rateLimits;

    @Inject
    StreamLimits streamLimits;

    @Inject
    SecurityIdentity identity;

    @Inject
    GatewayConfig config;

    @GET
    @Authenticated
    @Blocking // waits for the services' first answers (at most the response timeout) before answering
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            operationId = "streamAllNotifications",
            summary = "通知流 The caller's notifications of every service, as Server-Sent Events",
            description = "Every service's /api/v1/notifications/stream merged (reach one service's alone as "
                    + "/api/v1/services/<name>/notifications/stream). The event id names each service's last id "
                    + "(case-exchange:7.intel-sharing:12.joint-mediation:3); resume with it as Last-Event-ID. A "
                    + "service down is opened again every 2 s from where it was, the others go on. A comment line "
                    + "after 20 s without an event. Counts against the caller's rate limit; at most "
                    + "border.gateway.notifications.max-streams-per-client open streams per client and "
                    + "max-streams-per-partner per partner jurisdiction (429 with Retry-After beyond). When every "
                    + "service refuses the caller, their refusal (403, or 401) instead of a stream.")
    @APIResponse(
            responseCode = "200",
            description = "通知流 The stream (text/event-stream); it stays open",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(
            responseCode = "400",
            description = "输入有误 A Last-Event-ID that is not a merged id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            description = "未认证 No token, or one no trusted issuer made for us, or one the services no longer accept",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "无权限 Every service refuses the caller (e.g. a partner's user: notifications are at its own "
                    + "jurisdiction)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "429",
            description = "请求过多 The caller's rate, or too many streams open for the client or its jurisdiction "
                    + "(Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "暂不可用 The gateway's connections for streams are all taken (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "续传 The merged id of the last event received") @HeaderParam("Last-Event-ID")
                    String lastEventId,
            @Parameter(description = "续传 As Last-Event-ID, for clients that cannot set headers") @QueryParam("after")
                    String after,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(RequestIds.HEADER) String requestId,
            @Context Sse sse,
            @Context RoutingContext routing)
            throws InterruptedException {
        BorderPrincipal caller = BorderPrincipal.of(identity)
                .orElseThrow(() -> new AuthenticationFailedException("no jurisdiction in the token"));
        String given = lastEventId != null && !lastEventId.isBlank() ? lastEventId : after;
        Map<String, Long> ids;
        try {
            ids = MergedEventIds.parse(given, merged.services());
        } catch (IllegalArgumentException e) {
            throw new InvalidProblem("Last-Event-ID: " + e.getMessage());
        }
        // each stream costs each service a connection and a poll: counted as a request, and capped (review 26 M2)
        RateLimits.Admission admission = rateLimits.admit(caller);
        if (!admission.admitted()) {
            long seconds = Math.max(1, (admission.retryAfter().toMillis() + 999) / 1000);
            throw new StreamRefused(
                    429,
                    "rate-limited",
                    "too many requests from this " + admission.limit() + "; retry after " + seconds + " s",
                    seconds);
        }
        StreamLimits.Admission place = streamLimits.acquire(caller);
        if (place.slot() == null) {
            // retry after one keep-alive: a stream whose client left without closing it is written to
            // (a comment) within that time, the first chance for the write to fail and free its place
            throw new StreamRefused(
                    429,
                    "too-many-streams",
                    "too many notification streams open for this " + place.refusedBy() + "; close one first",
                    config.notifications().keepAlive().toSeconds());
        }
        MergedNotifications.Merge merge =
                merged.open(authorization, ids, RequestIds.of(requestId), place.slot()::release);
        // a client gone before the stream was subscribed must still give its place back
        routing.addEndHandler(ar -> merge.stop());
        MergedNotifications.Opening opening =
                merge.awaitOpening(config.timeouts().response());
        switch (opening) {
            case REFUSED -> {
                merge.stop();
                throw new ForbiddenProblem("no service gives notifications to this caller");
            }
            case UNAUTHENTICATED -> {
                merge.stop();
                throw new AuthenticationFailedException("a service no longer accepts the token");
            }
            case BUSY -> {
                merge.stop();
                throw new StreamRefused(
                        503,
                        "streams-busy",
                        "the gateway's connections for notification streams are all taken",
                        MergedNotifications.RETRY.toSeconds() * 5);
            }
            case OPEN -> {
                // streams
            }
        }
        return merge.items().map(item -> {
            if (item.comment() != null) {
                return sse.newEventBuilder().comment(item.comment()).build();
            }
            OutboundSseEvent.Builder event = sse.newEventBuilder();
            if (item.id() != null) {
                event.id(item.id());
            }
            if (item.data() == null) {
                // a position: an id without data moves the client's Last-Event-ID, no event
                return event.comment("position").build();
            }
            // the service's JSON as it came, not re-encoded as a JSON string
            return event.name(item.name())
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, item.data())
                    .build();
        });
    }
}
