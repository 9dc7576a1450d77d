package org.borderpolice.federation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.audit.AuditLog;
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
    AuditLog auditLog;

    @Inject
    TrustList trustList;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/verify")
    @RolesAllowed({ BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR })
    @Operation(summary = "校验审计链 Verify the audit chain",
            description = "Recomputes every link of the hash chain; reports the first broken one, if any.")
    @APIResponse(responseCode = "200", description = "校验结果 Verification result",
            content = @Content(schema = @Schema(implementation = AuditLog.Verification.class)))
    @APIResponse(responseCode = "401", description = "No or untrusted token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Missing role or another jurisdiction",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditLog.Verification verify() {
        BorderPrincipal.requireOf(identity, trustList.selfCode());
        return auditLog.verify();
    }
}
