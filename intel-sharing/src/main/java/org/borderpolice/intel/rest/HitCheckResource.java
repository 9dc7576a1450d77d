package org.borderpolice.intel.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.hitcheck.HitCheckable;
import org.borderpolice.federation.hitcheck.HitChecks;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.validation.ListSizes;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 比对 Hit/no-hit checks of identifiers against our alerts and every partner's. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "hit-checks", description = "比对 Hit/no-hit checks by keyed hashes")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.COMMANDER,
    BorderPrincipal.INTEGRATOR
})
public class HitCheckResource {

    @Inject
    HitChecks hitChecks;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/hit-checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "runHitCheck",
            summary = "比对 Hit/no-hit check",
            description = "Checks identifiers against the alerts here and, through keyed hashes (never the "
                    + "identifiers), against every partner's own alerts, including those never shared. What may hit "
                    + "follows the caller's roles: the handling codes they may read, and HIT_ONLY for every role that "
                    + "may check. A hit gives only the owning jurisdiction and unit, the alert reference and its "
                    + "severity. Recorded and audited at both ends; each user and each partner has a daily limit.")
    @APIResponse(responseCode = "200", description = "比对结果 Hits, partners asked and partners that did not answer")
    @APIResponse(
            responseCode = "429",
            description = "今日比对已达上限 The caller's daily limit of identifiers is reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HitCheckResult hitCheck(@Valid @ConvertGroup(to = ListSizes.First.class) @NotNull HitCheckRequest request) {
        return HitCheckResult.of(hitChecks.check(
                Requests.caller(identity),
                request.identifiers().stream()
                        .map(i -> new HitCheckable.Identifier(i.kind(), i.value()))
                        .toList()));
    }
}
