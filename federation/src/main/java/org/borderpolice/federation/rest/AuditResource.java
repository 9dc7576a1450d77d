package org.borderpolice.federation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.audit.AuditVerifier;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.trust.TrustList;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 审计 The audit log of this service. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "审计 Hash-chained audit log of reads, exports, checks and replication")
@SecurityRequirement(name = "bearer")
public class AuditResource {

    @Inject
    AuditVerifier verifier;

    @Inject
    FederationConfig config;

    @Inject
    TrustList trustList;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/verify")
    @RolesAllowed({ BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR })
    @Operation(summary = "校验审计链 Verify the audit chain",
            description = "Checks at most `limit` links of the hash chain, continuing after the last intact "
                    + "verification (or from the first link with restart=true), and says where the next call "
                    + "continues (`complete` false: call again). Also checks that the heads of our chain which "
                    + "the partners hold (signed anchors) are still in it, and that no entry stays unlinked "
                    + "too long. One verification at a time; each is itself audited.")
    @APIResponse(responseCode = "200", description = "校验结果 Verification result (intact, or the first problem found)",
            content = @Content(schema = @Schema(implementation = AuditVerifier.Verification.class)))
    @APIResponse(responseCode = "401", description = "No or untrusted token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Missing role or another jurisdiction",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "正在校验 Another verification is running; try again after it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditVerifier.Verification verify(
            @QueryParam("limit") @jakarta.validation.constraints.Positive Integer limit,
            @QueryParam("restart") @jakarta.ws.rs.DefaultValue("false") boolean restart) {
        BorderPrincipal principal = BorderPrincipal.requireOf(identity, trustList.selfCode());
        int page = Math.min(limit == null ? config.audit().verifyPageSize() : limit, config.audit().verifyMaxPageSize());
        String by = principal.subject() == null ? identity.getPrincipal().getName() : principal.subject();
        return verifier.verify(by, restart, page);
    }
}
