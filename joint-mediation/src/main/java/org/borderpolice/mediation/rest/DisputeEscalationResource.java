package org.borderpolice.mediation.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.problem.ProblemTitles;
import org.borderpolice.mediation.client.CaseExchangeUnavailable;
import org.borderpolice.mediation.config.EscalationConfig;
import org.borderpolice.mediation.service.DisputeEscalations;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.identity.SecurityIdentity;

/** 民转刑升级 Escalation: a dispute at high risk opens a linked joint case (联合案件) at case-exchange. */
@Path("/api/v1/disputes/{id}/escalation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "disputes")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.MEDIATOR, BorderPrincipal.INVESTIGATOR, BorderPrincipal.COMMANDER})
public class DisputeEscalationResource {

    private static final Logger LOG = Logger.getLogger(DisputeEscalationResource.class);

    @Inject
    DisputeEscalations escalations;

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    @Inject
    EscalationConfig config;

    @POST
    @Operation(
            operationId = "escalateDispute",
            summary = "民转刑升级 Escalate a dispute to a joint case",
            description = "One of our disputes at HIGH risk of 民转刑 (not WITHDRAWN) opens a joint case (联合案件, OPEN) "
                    + "at this jurisdiction's case-exchange, which names the dispute (linkedDispute); the dispute "
                    + "records the case (escalatedCase, escalatedCaseNumber) and goes to the jurisdictions that "
                    + "hold it. The caller's token is forwarded: case-exchange decides by its own rules whether the "
                    + "caller may open a case (investigators and commanders), and its refusal is answered here "
                    + "(403) with nothing stored. Once per dispute: a repeat answers 200 with the same case. The "
                    + "origin's mediators, investigators and commanders. Audited.")
    @APIResponse(
            responseCode = "201",
            description = "已立案 The case was opened; the dispute names it",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    @APIResponse(
            responseCode = "200",
            description = "已升级 Escalated before: the dispute and the same case",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    @APIResponse(
            responseCode = "409",
            description = "不可升级 Not at HIGH risk, or withdrawn",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "联打服务不可用 case-exchange did not answer; nothing was stored: try again after Retry-After",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "seconds",
                            schema =
                                    @Schema(
                                            type =
                                                    org.eclipse.microprofile.openapi.annotations.enums.SchemaType
                                                            .INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response escalate(@Parameter(description = Requests.DISPUTE_ID) @PathParam("id") UUID id) {
        DisputeEscalations.Escalation e = escalations.escalate(Requests.caller(identity), id, token.getRawToken());
        return Response.status(e.opened() ? Response.Status.CREATED : Response.Status.OK)
                .entity(DisputeView.of(e.dispute()))
                .build();
    }

    @ServerExceptionMapper
    public Response unavailable(CaseExchangeUnavailable e, UriInfo uri) {
        LOG.warnf(e, "%s: %s", uri.getPath(), e.getMessage());
        return Response.status(503)
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", String.valueOf(config.retryAfterSeconds()))
                .entity(new Problem(
                        Problem.type("case-exchange-unavailable"),
                        ProblemTitles.of(503),
                        503,
                        "联打服务暂不可用 case-exchange did not answer; nothing was stored, try again later",
                        uri.getPath(),
                        List.of()))
                .build();
    }
}
