package org.borderpolice.intel.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.intel.Acknowledgement;
import org.borderpolice.intel.mapping.Times;
import org.borderpolice.intel.service.AcknowledgementService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 签收 Acknowledgements: a partner acknowledges our alert; we follow who did and who is overdue. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "acknowledgements", description = "签收 Receipts of alerts and their deadlines")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.COMMANDER,
    BorderPrincipal.INTEGRATOR
})
public class AcknowledgementResource {

    @Inject
    AcknowledgementService acknowledgements;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/{id}/acknowledgement")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "acknowledgeAlert",
            summary = "签收预警 Acknowledge a partner's alert",
            description = "Records that this jurisdiction received the alert and sends the receipt to the alert's "
                    + "origin. RED and ORANGE alerts must be acknowledged within their deadline. Idempotent.")
    @APIResponse(
            responseCode = "200",
            description = "签收记录 The acknowledgement",
            content = @Content(schema = @Schema(implementation = AcknowledgementView.class)))
    @APIResponse(
            responseCode = "409",
            description = "本辖区预警无需签收 Own alerts are not acknowledged",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AcknowledgementView acknowledge(@PathParam("id") UUID id, @Valid AcknowledgeRequest request) {
        Acknowledgement ack =
                acknowledgements.acknowledge(Requests.caller(identity), id, request == null ? null : request.note());
        return new AcknowledgementView(
                ack.alertId,
                ack.alertOrigin,
                ack.partner,
                ack.unit,
                ack.acknowledgedBy,
                Times.time(ack.acknowledgedAt),
                ack.note);
    }

    @GET
    @Path("/{id}/acknowledgements")
    @Operation(
            operationId = "listAlertReceipts",
            summary = "签收情况 Who acknowledged one of our alerts",
            description = "For each partner in the alert's distribution: whether acknowledgement is required, the "
                    + "deadline, when and by whom it was acknowledged, and whether it is overdue.")
    @APIResponse(responseCode = "200", description = "每个伙伴的签收情况 Receipt per partner")
    @APIResponse(
            responseCode = "404",
            description = "无此预警 Not one of our alerts, or not visible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<AcknowledgementService.PartnerReceipt> receipts(@PathParam("id") UUID id) {
        return acknowledgements.receipts(Requests.caller(identity), id);
    }

    @GET
    @Path("/overdue")
    @Operation(
            operationId = "listOverdueAlerts",
            summary = "逾期未签收 Alerts to escalate",
            description = "Our active RED and ORANGE alerts that some partner has not acknowledged by the deadline.")
    @APIResponse(responseCode = "200", description = "待升级的预警 Alerts with overdue partners")
    public List<AcknowledgementService.Overdue> overdue() {
        return acknowledgements.overdue(Requests.caller(identity));
    }
}
