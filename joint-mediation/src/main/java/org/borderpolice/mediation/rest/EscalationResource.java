package org.borderpolice.mediation.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.mediation.service.AgreementService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 待升级 Disputes with an overdue instalment, to be escalated. */
@Path("/api/v1/disputes/escalations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agreements")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.MEDIATOR, BorderPrincipal.INVESTIGATOR, BorderPrincipal.COMMANDER})
public class EscalationResource {

    @Inject
    AgreementService service;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            operationId = "listEscalations",
            summary = "待升级纠纷 Disputes with an overdue instalment",
            description = "Unpaid instalments past their due date and the grace days, of agreements in force of "
                    + "disputes the caller's jurisdiction is involved in, longest overdue first, each with its "
                    + "dispute's 民转刑 risk (raised by the overdue instalment at the dispute's origin). Audited.")
    @APIResponse(
            responseCode = "200",
            description = "逾期分期 Overdue instalments",
            content = @Content(schema = @Schema(implementation = EscalationView.class)))
    public List<EscalationView> list(
            @Parameter(description = "条数 At most this many") @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500)
                    int limit) {
        return service.escalations(Requests.caller(identity), limit).stream()
                .map(EscalationView::of)
                .toList();
    }
}
