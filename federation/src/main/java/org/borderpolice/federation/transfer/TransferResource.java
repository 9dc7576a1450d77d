package org.borderpolice.federation.transfer;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.problem.ProblemException;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.DivisionCode;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Handing records to other jurisdictions (先受理后移交): offers, answers, and the links between a
 * closed record and the one that continues it. Only this jurisdiction's users; offering,
 * answering and withdrawing need a commander (or integrator), reading any role. Every call is
 * audited.
 */
@Path("/api/v1/federation/transfers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "transfers", description = "移交 Handing a record to another jurisdiction (先受理后移交)")
@SecurityRequirement(name = "bearer")
@APIResponse(
        responseCode = "401",
        description = "No or untrusted token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Missing role or another jurisdiction's user",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class TransferResource {

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String RECORD_ID_PATTERN = "[A-Za-z0-9._:@-]{1,64}";
    static final String RECORD_TYPE_PATTERN = "[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+";

    @Inject
    Transfers transfers;

    @Inject
    TrustList trustList;

    @Inject
    SecurityIdentity identity;

    @Inject
    AuditLog auditLog;

    @Schema(description = "移交请求 Offer one of our records to a partner in its distribution")
    public record Offer(
            @Schema(description = "记录类型 Record type", examples = "case.case")
            @NotNull
            @Size(max = 100)
            @Pattern(regexp = RECORD_TYPE_PATTERN)
            String recordType,

            @Schema(description = "记录编号 Id of our record") @NotNull @Pattern(regexp = RECORD_ID_PATTERN)
            String recordId,

            @Schema(description = "接收辖区 The partner to hand it to", examples = "350722") @NotNull @DivisionCode
            String to,

            @Schema(description = "移交理由 Why", examples = "案发地属浦城县管辖")
            @NotNull
            @Size(min = 1, max = OfferRules.MAX_REASON)
            String reason) {}

    @Schema(description = "答复 Accept or decline an offer made to us")
    public record Answer(
            @Schema(description = "理由 Why (optional)") @Size(max = OfferRules.MAX_REASON)
            String reason) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR})
    @Operation(
            operationId = "offerTransfer",
            summary = "提出移交 Offer a record to a partner",
            description = "Offers one of our records to a partner in its distribution. Until the offer is answered or "
                    + "withdrawn the record does not change; on acceptance the partner continues it as a record of its "
                    + "own and ours is closed, read-only.")
    @APIResponse(
            responseCode = "200",
            description = "The offer",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @APIResponse(
            responseCode = "400",
            description = "Invalid request or record type not transferable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "We own no such record",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "Partner not in the distribution, record under an open offer or " + "handed over already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TransferView offer(@NotNull @Valid Offer offer) {
        String actor = actor();
        return audited(
                actor,
                "transfer.offer",
                offer.recordType(),
                offer.recordId(),
                () -> transfers.offer(actor, offer.recordType(), offer.recordId(), offer.to(), offer.reason()));
    }

    @GET
    @RolesAllowed({
        BorderPrincipal.INVESTIGATOR,
        BorderPrincipal.ANALYST,
        BorderPrincipal.MEDIATOR,
        BorderPrincipal.COMMANDER,
        BorderPrincipal.INTEGRATOR
    })
    @Operation(
            operationId = "listTransfers",
            summary = "移交列表 Offers made here and to us, newest first",
            description = "The offers this jurisdiction made and those made to it, with their state and answer; "
                    + "audited as a read.")
    @APIResponse(
            responseCode = "200",
            description = "Offers",
            content =
                    @Content(
                            schema =
                                    @Schema(
                                            implementation = TransferView.class,
                                            type =
                                                    org.eclipse.microprofile.openapi.annotations.enums.SchemaType
                                                            .ARRAY)))
    @APIResponse(
            responseCode = "400",
            description = "Invalid limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<TransferView> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return transfers.list(actor(), limit);
    }

    @GET
    @Path("/{origin}/{offerId}")
    @RolesAllowed({
        BorderPrincipal.INVESTIGATOR,
        BorderPrincipal.ANALYST,
        BorderPrincipal.MEDIATOR,
        BorderPrincipal.COMMANDER,
        BorderPrincipal.INTEGRATOR
    })
    @Operation(
            operationId = "getTransfer",
            summary = "移交详情 One offer, by the jurisdiction that made it and its id",
            description = "An offer made here or to us; an offer between two other jurisdictions is never held "
                    + "here (404). Audited, also when there is no such offer.")
    @APIResponse(
            responseCode = "200",
            description = "The offer",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed code or id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such offer here",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TransferView get(
            @PathParam("origin") @DivisionCode String origin,
            @PathParam("offerId") @Pattern(regexp = UUID_PATTERN) String offerId) {
        String actor = actor();
        return audited(
                actor,
                "transfer.read",
                null,
                null,
                () -> transfers
                        .get(actor, origin, UUID.fromString(offerId))
                        .orElseThrow(() -> new NotFoundProblem("no offer " + offerId + " of " + origin + " here")));
    }

    @POST
    @Path("/{origin}/{offerId}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR})
    @Operation(
            operationId = "acceptTransfer",
            summary = "接受移交 Accept an offer made to us",
            description = "Creates our record continuing the offered one (from our copy, which must be at the offered "
                    + "version) and answers the owner, who then closes its record.")
    @APIResponse(
            responseCode = "200",
            description = "The offer, accepted, with our record's id as successorId",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed code, id or body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such offer here",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description =
                    "Not addressed to us, answered already, withdrawn, or the offered " + "version not received yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TransferView accept(
            @PathParam("origin") @DivisionCode String origin,
            @PathParam("offerId") @Pattern(regexp = UUID_PATTERN) String offerId,
            @Valid Answer answer) {
        String actor = actor();
        return audited(
                actor,
                "transfer.accept",
                null,
                null,
                () -> transfers.accept(actor, origin, UUID.fromString(offerId), reason(answer)));
    }

    @POST
    @Path("/{origin}/{offerId}/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR})
    @Operation(
            operationId = "declineTransfer",
            summary = "拒绝移交 Decline an offer made to us",
            description = "Answers the owner that we do not take the record; it stays the owner's and may be "
                    + "offered again. Only the addressee answers, once.")
    @APIResponse(
            responseCode = "200",
            description = "The offer, declined",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed code, id or body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such offer here",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "Not addressed to us, answered already, or withdrawn",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TransferView decline(
            @PathParam("origin") @DivisionCode String origin,
            @PathParam("offerId") @Pattern(regexp = UUID_PATTERN) String offerId,
            @Valid Answer answer) {
        String actor = actor();
        return audited(
                actor,
                "transfer.decline",
                null,
                null,
                () -> transfers.decline(actor, origin, UUID.fromString(offerId), reason(answer)));
    }

    @POST
    @Path("/{origin}/{offerId}/withdraw")
    @RolesAllowed({BorderPrincipal.COMMANDER, BorderPrincipal.INTEGRATOR})
    @Operation(
            operationId = "withdrawTransfer",
            summary = "撤回移交 Withdraw our unanswered offer",
            description = "Only the jurisdiction that made the offer withdraws it, before it is answered; the "
                    + "record can change again. A withdrawal is final.")
    @APIResponse(
            responseCode = "200",
            description = "The offer, withdrawn",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed code or id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such offer here",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "Not ours, answered already, or withdrawn already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TransferView withdraw(
            @PathParam("origin") @DivisionCode String origin,
            @PathParam("offerId") @Pattern(regexp = UUID_PATTERN) String offerId) {
        String actor = actor();
        return audited(actor, "transfer.withdraw", null, null, () -> {
            if (!origin.equals(trustList.selfCode())) {
                throw new ConflictProblem("only the jurisdiction that made the offer withdraws it");
            }
            return transfers.withdraw(actor, UUID.fromString(offerId));
        });
    }

    @GET
    @Path("/links/{recordType}/{origin}/{recordId}")
    @RolesAllowed({
        BorderPrincipal.INVESTIGATOR,
        BorderPrincipal.ANALYST,
        BorderPrincipal.MEDIATOR,
        BorderPrincipal.COMMANDER,
        BorderPrincipal.INTEGRATOR
    })
    @Operation(
            operationId = "getTransferLinks",
            summary = "移交链 A record's successor and predecessor",
            description = "As known here; a link is confirmed when both records name each other.")
    @APIResponse(
            responseCode = "200",
            description = "The links",
            content = @Content(schema = @Schema(implementation = RecordLinks.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed type, code or id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RecordLinks links(
            @PathParam("recordType") @Size(max = 100) @Pattern(regexp = RECORD_TYPE_PATTERN) String recordType,
            @PathParam("origin") @DivisionCode String origin,
            @PathParam("recordId") @Pattern(regexp = RECORD_ID_PATTERN) String recordId) {
        return transfers.links(actor(), recordType, origin, recordId);
    }

    private static String reason(Answer answer) {
        return answer == null || answer.reason() == null ? "" : answer.reason();
    }

    private String actor() {
        BorderPrincipal principal = BorderPrincipal.requireOf(identity, trustList.selfCode());
        return principal.subject() != null
                ? principal.subject()
                : identity.getPrincipal().getName();
    }

    /**
     * The call, and when it is refused, an audit entry of the refusal ("&lt;action&gt;.refused", the
     * reason) that commits although the call's own transaction rolls back: every attempt at a
     * hand-over is on record, refused ones included.
     */
    private <T> T audited(String actor, String action, String recordType, String recordId, Supplier<T> call) {
        try {
            return call.get();
        } catch (ProblemException e) {
            QuarkusTransaction.requiringNew()
                    .run(() -> auditLog.append(new AuditEntry(
                            actor, trustList.selfCode(), action + ".refused", recordType, recordId, e.getMessage())));
            throw e;
        }
    }
}
