package org.borderpolice.gateway.rest;

import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.gateway.Bulletin;
import org.borderpolice.gateway.IsoWeek;
import org.borderpolice.gateway.RequestIds;
import org.borderpolice.gateway.service.RateLimits;
import org.borderpolice.gateway.service.WeeklyBulletins;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * 周报 The weekly bulletin to the neighbours, for any week begun: the gateway asks each service
 * for the week's statistics with the caller's token and puts them together, as JSON or as a
 * printable page. It adds no access of its own: each section is what its service lets the caller
 * see, or marked unavailable.
 */
@Path("/api/v1/bulletins")
@Tag(name = "bulletins", description = "周报 Weekly bulletin: the week's figures of every service")
@SecurityRequirement(name = "bearer")
@Authenticated
@APIResponse(
        responseCode = "400",
        description = "无效的周次 Not an ISO week like 2026-W48",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "401",
        description = "未认证 No token, or one no trusted issuer made for us",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "404",
        description = "尚无周报 The week has not begun",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "429",
        description = "请求过多 Too many requests from this client or partner (Retry-After)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class BulletinResource {

    static final String DESCRIPTION = "The ISO week's figures, each from its service's statistics asked with the "
            + "caller's token (each service applies its own access rules and audits the read): 新发预警 alerts "
            + "published per severity (intel-sharing), 立案/破案 joint cases filed and solved and 协查 assistance "
            + "requests answered and overdue (case-exchange), 纠纷受理/化解 disputes reported and resolved "
            + "(joint-mediation), 联合巡逻 patrols held and 联席会议 meetings held (liaison directory). A service "
            + "that refuses the caller, cannot be reached or does not answer in time leaves its section "
            + "unavailable, saying why; the bulletin itself is still 200. Any week begun (the current one: the "
            + "figures so far).";

    static final String HTML = ".html";

    @Inject
    WeeklyBulletins bulletins;

    @Inject
    BulletinPage page;

    @Inject
    RateLimits rateLimits;

    @Inject
    GatewayProblems problems;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/{week}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBulletin", summary = "周报 The weekly bulletin (JSON)", description = DESCRIPTION)
    @APIResponse(
            responseCode = "200",
            description = "周报 The bulletin",
            content = @Content(schema = @Schema(implementation = Bulletin.class)))
    public Uni<Response> json(
            @Parameter(description = "周次 ISO week", example = "2026-W48") @PathParam("week") String week,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(RequestIds.HEADER) String requestId) {
        if (week.endsWith(HTML)) {
            // the page, should a router ever hand its path here
            return html(week.substring(0, week.length() - HTML.length()), authorization, requestId);
        }
        return bulletin(week, authorization, requestId, b -> Response.ok(b, MediaType.APPLICATION_JSON_TYPE));
    }

    @GET
    @Path("/{week}.html")
    @Produces(MediaType.TEXT_HTML)
    @Operation(
            operationId = "getBulletinPage",
            summary = "周报 The weekly bulletin as a printable page",
            description = DESCRIPTION + " As an HTML page with Chinese headings, for printing.")
    @APIResponse(
            responseCode = "200",
            description = "周报 The bulletin's page",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(implementation = String.class)))
    public Uni<Response> html(
            @Parameter(description = "周次 ISO week", example = "2026-W48") @PathParam("week") String week,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(RequestIds.HEADER) String requestId) {
        return bulletin(
                week,
                authorization,
                requestId,
                b -> Response.ok(page.render(b), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")));
    }

    private Uni<Response> bulletin(
            String text, String authorization, String requestId, Function<Bulletin, Response.ResponseBuilder> answer) {
        BorderPrincipal caller =
                BorderPrincipal.of(identity).orElseThrow(() -> new ForbiddenException("no jurisdiction in the token"));
        String id = RequestIds.of(requestId);
        IsoWeek week = bulletins.week(text);
        // one bulletin asks four services: it counts against the caller's rate like a request through the gateway
        RateLimits.Admission admission = rateLimits.admit(caller);
        if (!admission.admitted()) {
            long seconds = Math.max(1, (admission.retryAfter().toMillis() + 999) / 1000);
            return Uni.createFrom()
                    .item(Response.status(429)
                            .type(Problem.MEDIA_TYPE)
                            .header("Retry-After", Long.toString(seconds))
                            .header(RequestIds.HEADER, id)
                            .entity(problems.body(
                                    429,
                                    "rate-limited",
                                    "too many requests from this " + admission.limit() + "; retry after " + seconds
                                            + " s",
                                    "/api/v1/bulletins/" + week))
                            .build());
        }
        return Uni.createFrom()
                .completionStage(() -> bulletins.of(week, authorization, id).toCompletionStage())
                .map(b -> answer.apply(b).header(RequestIds.HEADER, id).build());
    }
}
