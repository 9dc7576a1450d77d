package org.borderpolice.cases.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.cases.service.CaseHandovers;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 移交情况 A case's transfers: what it continues, what continues it, the offers made of it. */
@Path("/api/v1/cases/{id}/handover")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "case reports", description = "接报与移交 Reports taken here and offered to the competent jurisdiction (先受理后移交)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER})
public class HandoverResource {

    @Inject
    CaseHandovers handovers;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            operationId = "getCaseHandover",
            summary = "移交情况 Where a case stands in transfers",
            description = "The case it continues and the case that continues it (移交后重新受理: number and status of "
                    + "the successor when the caller sees it here, so the first bureau follows the outcome), each link "
                    + "confirmed when both cases name each other; the accepted transfers with the time to acceptance; "
                    + "for the owner's users, the offers made of the case with their answers (a decline's reason). "
                    + "Whoever sees the case; 404 otherwise. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "移交情况 The case's transfers",
            content = @Content(schema = @Schema(implementation = HandoverView.class)))
    public HandoverView get(@Parameter(description = Requests.CASE_ID) @PathParam("id") UUID id) {
        return HandoverView.of(handovers.of(Requests.caller(identity), id));
    }
}
