package org.borderpolice.federation.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.outbox.OutboxBacklog;
import org.borderpolice.federation.outbox.PartnerBacklog;
import org.borderpolice.federation.trust.TrustList;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** Delivery backlog per partner (the partners themselves: TrustListResource). */
@Path("/api/v1/federation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "federation", description = "联谊 Federation: partners of the agreement and replication state")
@SecurityRequirement(name = "bearer")
public class FederationResource {

    @Inject
    OutboxBacklog backlog;

    @Inject
    TrustList trustList;

    @Inject
    SecurityIdentity identity;

    @Inject
    AuditLog auditLog;

    @GET
    @Path("/outbox")
    @RolesAllowed({BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR})
    @Operation(
            operationId = "listOutboxBacklog",
            summary = "投递积压 Outbox backlog per partner",
            description = "Events waiting for each partner, refused events, failures and the next attempt. "
                    + "Only commanders and integrators of this jurisdiction.")
    @APIResponse(
            responseCode = "200",
            description = "Backlog per partner",
            content =
                    @Content(
                            schema =
                                    @Schema(
                                            implementation = PartnerBacklog.class,
                                            type =
                                                    org.eclipse.microprofile.openapi.annotations.enums.SchemaType
                                                            .ARRAY)))
    public List<PartnerBacklog> outbox() {
        BorderPrincipal principal = BorderPrincipal.requireOf(identity, trustList.selfCode());
        List<PartnerBacklog> partners = backlog.perPartner();
        // what is waiting for whom, and why partners refused it, is read like any record: audited
        auditLog.append(new AuditEntry(
                principal.subject() == null ? identity.getPrincipal().getName() : principal.subject(),
                principal.jurisdiction(),
                "federation.outbox.read",
                "federation.outbox",
                null,
                partners.size() + " partner(s)"));
        return partners;
    }
}
