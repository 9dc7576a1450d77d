package org.borderpolice.federation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.audit.AuditVerifier;
import org.borderpolice.federation.audit.PartnerHeads;
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

    @Inject
    PartnerHeads partnerHeads;

    @GET
    @Path("/verify")
    @RolesAllowed({BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR})
    @Operation(
            operationId = "verifyAuditChain",
            summary = "校验审计链 Verify the audit chain",
            description = "Checks at most `limit` links of the hash chain, continuing after the last intact "
                    + "verification (or from the first link with restart=true), and says where the next call "
                    + "continues (`complete` false: call again). Also checks that the heads of our chain which "
                    + "the partners hold (signed anchors) are still in it, and that no entry stays unlinked "
                    + "too long. One verification at a time; each is itself audited.")
    @APIResponse(
            responseCode = "200",
            description = "校验结果 Verification result (intact, or the first problem found)",
            content = @Content(schema = @Schema(implementation = AuditVerifier.Verification.class)))
    @APIResponse(
            responseCode = "409",
            description = "正在校验 Another verification is running; try again after it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditVerifier.Verification verify(
            @QueryParam("limit") @jakarta.validation.constraints.Positive Integer limit,
            @QueryParam("restart") @jakarta.ws.rs.DefaultValue("false") boolean restart) {
        BorderPrincipal principal = BorderPrincipal.requireOf(identity, trustList.selfCode());
        int page = Math.min(
                limit == null ? config.audit().verifyPageSize() : limit,
                config.audit().verifyMaxPageSize());
        String by = principal.subject() == null ? identity.getPrincipal().getName() : principal.subject();
        return verifier.verify(by, restart, page);
    }

    /** Why a partner's audit chain is re-baselined. */
    public record RebaselineRequest(
            @Schema(description = "理由 Why: the partner's notice of its restore, its date and reference")
            @NotBlank
            @Size(max = 2000)
            String reason) {}

    @POST
    @Path("/anchors/{partner}/rebaseline")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(BorderPrincipal.COMMANDER)
    @Operation(
            operationId = "rebaselinePartnerAnchors",
            summary = "重置伙伴审计锚点 Re-baseline a partner's audit anchors",
            description = "After a partner restored its audit log from a backup and told us so out of band: the heads, "
                    + "checkpoints and recorded mismatches of its chain we hold stop counting (all are kept), and its "
                    + "next head is taken as the first. Commanders of this jurisdiction only; audited.")
    @APIResponse(
            responseCode = "200",
            description = "已重置 Re-baselined",
            content = @Content(schema = @Schema(implementation = PartnerHeads.Rebaseline.class)))
    @APIResponse(
            responseCode = "404",
            description = "无此伙伴 Not a partner of the agreement",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PartnerHeads.Rebaseline rebaseline(
            @PathParam("partner") String partner, @Valid @NotNull RebaselineRequest request) {
        BorderPrincipal principal = BorderPrincipal.requireOf(identity, trustList.selfCode());
        if (trustList.partner(partner).isEmpty()) {
            throw new NotFoundException("no partner " + partner);
        }
        String by = principal.subject() == null ? identity.getPrincipal().getName() : principal.subject();
        return partnerHeads.rebaseline(partner, by, request.reason());
    }
}
