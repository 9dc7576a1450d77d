package org.borderpolice.mediation.rest;

import java.util.HexFormat;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.mediation.Agreement;
import org.borderpolice.mediation.FollowUpVisit;
import org.borderpolice.mediation.config.AgreementConfig;
import org.borderpolice.mediation.rest.AgreementInputs.AgreementRequest;
import org.borderpolice.mediation.rest.AgreementInputs.ConfirmationRequest;
import org.borderpolice.mediation.rest.AgreementInputs.ConfirmationResultRequest;
import org.borderpolice.mediation.rest.AgreementInputs.FollowUpRequest;
import org.borderpolice.mediation.rest.AgreementInputs.PaymentRequest;
import org.borderpolice.mediation.rest.AgreementInputs.SignatureRequest;
import org.borderpolice.mediation.service.AgreementDocuments;
import org.borderpolice.mediation.service.AgreementService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** 调解协议 A dispute's agreement: draft and print, sign, pay, 司法确认, 回访. */
@Path("/api/v1/disputes/{id}/agreement")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "agreements",
        description = "调解协议 Mediation agreements: terms, instalments (分期履行), signatures, the printed document, "
                + "judicial confirmation (司法确认) and follow-up visits (回访)")
@SecurityRequirement(name = "bearer")
@RolesAllowed({BorderPrincipal.MEDIATOR, BorderPrincipal.INVESTIGATOR, BorderPrincipal.COMMANDER})
public class AgreementResource {

    static final String DISPUTE_ID = Requests.DISPUTE_ID;

    @Inject
    AgreementService service;

    @Inject
    AgreementConfig config;

    @Inject
    TrustList trustList;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            operationId = "getAgreement",
            summary = "查看调解协议 Read a dispute's agreement",
            description = "For users of the jurisdictions involved in the dispute; otherwise 404, revealing nothing. "
                    + "Audited, also when not found.")
    @APIResponse(
            responseCode = "200",
            description = "调解协议 The agreement",
            content = @Content(schema = @Schema(implementation = AgreementView.class)))
    @APIResponse(
            responseCode = "404",
            description = "无协议或不可见 No agreement, or not visible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AgreementView get(@Parameter(description = DISPUTE_ID) @PathParam("id") UUID id) {
        return view(service.find(caller(), id));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "draftAgreement",
            summary = "拟定调解协议 Write or rewrite the draft agreement",
            description = "Terms, the total in yuan and its instalments (adding up to the total exactly, on later and "
                    + "later dates); prints the agreement (人民调解协议书, PDF) and records its SHA-256, which the parties "
                    + "then sign. The dispute origin's mediators and commanders; not once a party has signed (409).")
    @APIResponse(
            responseCode = "200",
            description = "协议草稿 The draft, printed",
            content = @Content(schema = @Schema(implementation = AgreementView.class)))
    @APIResponse(
            responseCode = "409",
            description = "已签署 A party has signed: the terms are fixed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AgreementView draft(
            @Parameter(description = DISPUTE_ID) @PathParam("id") UUID id, @Valid @NotNull AgreementRequest request) {
        return view(service.draft(caller(), id, request.toDraft()));
    }

    @GET
    @Path("/document")
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    @Operation(
            operationId = "printAgreement",
            summary = "打印调解协议书 The printed agreement (PDF)",
            description =
                    "The document the parties sign, Chinese fonts embedded; header Repr-Digest carries its SHA-256 "
                            + "(as recorded in the agreement). Audited.")
    @APIResponse(responseCode = "200", description = "人民调解协议书 PDF", content = @Content(mediaType = "application/pdf"))
    public Response document(@Parameter(description = DISPUTE_ID) @PathParam("id") UUID id) {
        AgreementDocuments.Printed a = service.document(caller(), id);
        String base64 =
                java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(a.sha256()));
        return Response.ok(a.pdf(), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"agreement-" + id + ".pdf\"")
                .header("Repr-Digest", "sha-256=:" + base64 + ":")
                .header("ETag", "\"" + a.sha256() + "\"")
                .build();
    }

    @POST
    @Path("/signatures")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "signAgreement",
            summary = "当事人签名 Record a party's signature",
            description = "A party of the dispute signed the printed document with this SHA-256 (the current one; an "
                    + "older print: 409), once. When every party has signed the agreement takes effect (已生效) and the "
                    + "dispute is AGREED (达成协议). The dispute origin's mediators and commanders.")
    @APIResponse(
            responseCode = "200",
            description = "调解协议 The agreement with the signature",
            content = @Content(schema = @Schema(implementation = AgreementView.class)))
    public AgreementView sign(
            @Parameter(description = DISPUTE_ID) @PathParam("id") UUID id, @Valid @NotNull SignatureRequest request) {
        return view(service.sign(
                caller(),
                id,
                request.partyPosition(),
                request.method(),
                request.signedAt(),
                request.documentSha256().toLowerCase(java.util.Locale.ROOT)));
    }

    @POST
    @Path("/instalments/{number}/payments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "payInstalment",
            summary = "登记履行 Record a payment towards an instalment",
            description = "Not more than is still owed on the instalment, on a day since the agreement took effect. "
                    + "The last payment fulfils the agreement (履行完毕) and resolves the dispute (已化解). The dispute "
                    + "origin's mediators and commanders.")
    @APIResponse(
            responseCode = "201",
            description = "已登记 Recorded",
            content = @Content(schema = @Schema(implementation = AgreementView.class)))
    public Response pay(
            @Parameter(description = DISPUTE_ID) @PathParam("id") UUID id,
            @Parameter(description = "期数 The instalment's number (from 1)") @PathParam("number") int number,
            @Valid @NotNull PaymentRequest request,
            @Parameter(
                            description = "幂等键 Idempotency key: a repeat of the same payment with the same key (same "
                                    + "caller, within 24 h) is recorded once, with header Idempotent-Replayed: true")
                    @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey) {
        var paid = service.pay(caller(), id, number, request.amount(), request.paidOn(), idempotencyKey);
        Response.ResponseBuilder r = Response.status(Response.Status.CREATED).entity(view(paid.value()));
        return (paid.replayed() ? r.header(IdempotencyKeys.REPLAYED_HEADER, "true") : r).build();
    }

    @POST
    @Path("/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "requestJudicialConfirmation",
            summary = "申请司法确认 The parties applied for judicial confirmation",
            description = "To a named court, within 30 days of the agreement taking effect (人民调解法 第三十三条), once. "
                    + "The dispute origin's mediators and commanders.")
    @APIResponse(
            responseCode = "200",
            description = "调解协议 The agreement",
            content = @Content(schema = @Schema(implementation = AgreementView.class)))
    public AgreementView requestConfirmation(
            @Parameter(description = DISPUTE_ID) @PathParam("id") UUID id,
            @Valid @NotNull ConfirmationRequest request) {
        return view(service.requestConfirmation(caller(), id, request.court(), request.requestedOn()));
    }

    @PUT
    @Path("/confirmation/result")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "recordJudicialConfirmation",
            summary = "司法确认结果 The court's decision",
            description = "CONFIRMED (确认有效) or REJECTED (驳回申请) on a pending application, once. The dispute "
                    + "origin's mediators and commanders.")
    @APIResponse(
            responseCode = "200",
            description = "调解协议 The agreement",
            content = @Content(schema = @Schema(implementation = AgreementView.class)))
    public AgreementView confirmationResult(
            @Parameter(description = DISPUTE_ID) @PathParam("id") UUID id,
            @Valid @NotNull ConfirmationResultRequest request) {
        return view(
                service.confirmationResult(caller(), id, request.result(), request.decidedOn(), request.reference()));
    }

    @POST
    @Path("/follow-ups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "reportFollowUp",
            summary = "回访 Report a follow-up visit",
            description =
                    "Mediators and commanders of any jurisdiction involved in the dispute, after the agreement took "
                            + "effect: the visit is their jurisdiction's own record, and reaches every jurisdiction involved "
                            + "through the origin. A visit that finds the dispute flared up (recurred) raises its 民转刑 risk. "
                            + "With an Idempotency-Key a repeat (the answer lost) gets the visit reported first.")
    @APIResponse(
            responseCode = "201",
            description = "回访记录 The visit",
            content = @Content(schema = @Schema(implementation = AgreementView.FollowUpView.class)))
    public Response followUp(
            @Parameter(description = DISPUTE_ID) @PathParam("id") UUID id,
            @Valid @NotNull FollowUpRequest request,
            @Parameter(
                            description = "幂等键 Idempotency key: a repeat of the same visit with the same key (same "
                                    + "caller, within 24 h) is recorded once, with header Idempotent-Replayed: true")
                    @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey) {
        IdempotencyKeys.Created<FollowUpVisit> v = service.followUp(
                caller(),
                id,
                new AgreementService.FollowUpReport(
                        request.visitedOn(), request.method(), request.satisfied(), request.recurred(), request.note()),
                idempotencyKey);
        Response.ResponseBuilder r =
                Response.status(Response.Status.CREATED).entity(AgreementView.FollowUpView.of(v.value()));
        return (v.replayed() ? r.header(IdempotencyKeys.REPLAYED_HEADER, "true") : r).build();
    }

    private AgreementView view(Agreement a) {
        return AgreementView.of(a, config.graceDays(), trustList.selfCode());
    }

    private BorderPrincipal caller() {
        return Requests.caller(identity);
    }
}
