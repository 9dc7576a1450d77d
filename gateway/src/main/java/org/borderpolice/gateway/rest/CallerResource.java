package org.borderpolice.gateway.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who the gateway takes the caller for: what a client (a portal, an integrator's system) checks
 * before it calls the services, whether its token comes from our identity provider or a partner's.
 */
@Path("/api/v1/gateway/caller")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "gateway", description = "网关 Gateway: the single HTTP entry of a jurisdiction")
@SecurityRequirement(name = "bearer")
public class CallerResource {

    @Inject
    SecurityIdentity identity;

    @GET
    @Authenticated
    @Operation(
            operationId = "getCaller",
            summary = "当前调用者 The caller as the gateway sees it",
            description =
                    "The jurisdiction (from the token's issuer on the trust list, never from a claim), unit, "
                            + "suite roles and subject of the caller. Any token of a trusted issuer made for this jurisdiction.")
    @APIResponse(
            responseCode = "200",
            description = "The caller",
            content = @Content(schema = @Schema(implementation = Caller.class)))
    @APIResponse(
            responseCode = "401",
            description = "No token, or one no trusted issuer made for us",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Caller caller() {
        BorderPrincipal principal =
                BorderPrincipal.of(identity).orElseThrow(() -> new ForbiddenException("no jurisdiction in the token"));
        return new Caller(
                principal.jurisdiction(),
                principal.unit(),
                principal.roles().stream().sorted().toList(),
                principal.subject());
    }

    @Schema(description = "调用者 The caller")
    public record Caller(
            @Schema(description = "所属辖区 Jurisdiction whose identity provider issued the token", examples = "330881")
            String jurisdiction,

            @Schema(description = "所属单位 Unit", examples = "坛石派出所")
            String unit,

            @Schema(description = "角色 Suite roles") List<String> roles,
            @Schema(description = "主体 Subject of the token") String subject) {}
}
