package org.borderpolice.mediation.service;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.mediation.v1.AgreementProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.mediation.Agreement;
import org.borderpolice.mediation.AgreementStatus;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.FollowUpVisit;
import org.borderpolice.mediation.mapping.AgreementMessages;
import org.borderpolice.mediation.repository.AgreementRepository;
import org.borderpolice.mediation.repository.DisputeRepository;

/**
 * Keeps our replicas of partners' agreements. An agreement belongs to its dispute's origin: one
 * from another sender, about a dispute we do not hold under the sender's name, or with content our
 * own users' input could not have made is refused. A tombstone drops it (the dispute's own
 * tombstone drops it as well).
 */
@ApplicationScoped
public class AgreementApplier extends TypedApplier<AgreementProto.Agreement> {

    /** A printed agreement is some hundred KB; this bounds what a partner may make us store. */
    static final int MAX_DOCUMENT = 2 * 1024 * 1024;

    /** Who recorded a signature or payment, who drafted: a token's subject, as its column holds. */
    static final int RECORDED_BY = 200;

    @Inject
    AgreementRepository agreements;

    @Inject
    DisputeRepository disputes;

    @Inject
    TrustList trustList;

    public AgreementApplier() {
        super(AgreementProto.Agreement.class);
    }

    @Override
    public String recordType() {
        return AgreementService.AGREEMENT_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, AgreementProto.Agreement m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        Agreement held = agreements.findById(id);
        PartnerContributions.requireMadeBy(held == null ? null : held.origin, change.origin(), "agreement", id);
        if (change.tombstone()) {
            return;
        }
        if (held == null) {
            requireCreatedBy(id, change.origin());
        }
        UUID disputeId = PayloadProblems.uuid("dispute_id", m.getDisputeId());
        Dispute d = disputes.findById(disputeId);
        if (d == null || !d.origin.equals(change.origin())) {
            throw new UnreadablePayloadException("dispute_id names no dispute of " + change.origin() + " held here");
        }
        if (held != null && !held.disputeId.equals(disputeId)) {
            throw new UnreadablePayloadException("agreement " + id + " is about dispute " + held.disputeId);
        }
        AgreementStatus status = AgreementMessages.status(m.getStatus());
        PayloadProblems problems = new PayloadProblems("agreement")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(status != null, "status", "is not a known status")
                .text("terms", m.getTerms(), AgreementService.MAX_TERMS, true, true)
                .require(Amounts.parse(m.getTotalAmount()) != null, "total_amount", "is not an amount of yuan")
                .require(AgreementMessages.date(m.getAgreedOn()) != null, "agreed_on", "is not a date")
                .require(
                        (status == AgreementStatus.DRAFT) == m.getEffectiveOn().isEmpty()
                                && (m.getEffectiveOn().isEmpty() || AgreementMessages.date(m.getEffectiveOn()) != null),
                        "effective_on",
                        "is a date exactly when every party signed")
                .require(
                        m.getDocument().size() > 0 && m.getDocument().size() <= MAX_DOCUMENT,
                        "document",
                        "is empty or too large")
                .require(
                        AgreementDocuments.sha256(m.getDocument().toByteArray()).equals(m.getDocumentSha256()),
                        "document_sha256",
                        "is not the SHA-256 of the document")
                .require(
                        AgreementMessages.confirmation(m.getConfirmation().getStatus()) != null,
                        "confirmation.status",
                        "is not a known status")
                .text("confirmation.court", m.getConfirmation().getCourt(), AgreementService.MAX_NAME, false, false)
                .text(
                        "confirmation.reference",
                        m.getConfirmation().getReference(),
                        AgreementService.MAX_NAME,
                        false,
                        false)
                .text("created_by", m.getCreatedBy(), RECORDED_BY, false, false)
                .timestamp("created_at", m.hasCreatedAt(), m.getCreatedAt())
                .timestamp("updated_at", m.hasUpdatedAt(), m.getUpdatedAt())
                .require(
                        m.getInstalmentsCount() <= org.borderpolice.mediation.AgreementRules.MAX_INSTALMENTS,
                        "instalments",
                        "too many")
                .require(
                        m.getFollowUpsCount() <= org.borderpolice.mediation.AgreementRules.MAX_FOLLOW_UPS,
                        "follow_ups",
                        "too many");
        Set<Integer> numbers = new HashSet<>();
        for (AgreementProto.Instalment i : m.getInstalmentsList()) {
            var amount = Amounts.parse(i.getAmount());
            var paid = Amounts.parse(i.getPaid());
            problems.require(
                            numbers.add(i.getNumber())
                                    && i.getNumber() > 0
                                    && i.getNumber() <= org.borderpolice.mediation.AgreementRules.MAX_INSTALMENTS,
                            "instalments.number",
                            "is repeated or not 1 to " + org.borderpolice.mediation.AgreementRules.MAX_INSTALMENTS)
                    .require(AgreementMessages.date(i.getDueOn()) != null, "instalments.due_on", "is not a date")
                    .require(amount != null && amount.signum() > 0, "instalments.amount", "is not an amount of yuan")
                    .require(
                            paid != null && amount != null && paid.compareTo(amount) <= 0,
                            "instalments.paid",
                            "is not an amount up to the instalment's")
                    .require(i.getPaymentsCount() <= 1000, "instalments.payments", "too many");
            for (AgreementProto.Payment p : i.getPaymentsList()) {
                problems.require(uuid(p.getId()), "payments.id", "is not a UUID")
                        .require(
                                Amounts.parse(p.getAmount()) != null
                                        && Amounts.parse(p.getAmount()).signum() > 0,
                                "payments.amount",
                                "is not an amount of yuan")
                        .text("payments.recorded_by", p.getRecordedBy(), RECORDED_BY, false, false)
                        .require(AgreementMessages.date(p.getPaidOn()) != null, "payments.paid_on", "is not a date")
                        .timestamp("payments.recorded_at", p.hasRecordedAt(), p.getRecordedAt());
            }
        }
        Set<Integer> positions = new HashSet<>();
        for (AgreementProto.Signature s : m.getSignaturesList()) {
            problems.require(
                            positions.add(s.getPartyPosition())
                                    && s.getPartyPosition() >= 0
                                    && s.getPartyPosition() < org.borderpolice.mediation.DisputeFields.PARTIES_HELD,
                            "signatures.party_position",
                            "is repeated or out of range")
                    .text("signatures.recorded_by", s.getRecordedBy(), RECORDED_BY, false, false)
                    .require(
                            AgreementMessages.signatureMethod(s.getMethod()) != null,
                            "signatures.method",
                            "is not known")
                    .timestamp("signatures.signed_at", s.hasSignedAt(), s.getSignedAt())
                    .require(
                            s.getDocumentSha256().matches("[0-9a-f]{64}"),
                            "signatures.document_sha256",
                            "is not a SHA-256");
        }
        for (AgreementProto.FollowUp v : m.getFollowUpsList()) {
            FollowUpApplier.problems(problems, v, null);
            problems.require(
                    v.getDisputeId().equals(m.getDisputeId()), "follow_ups.dispute_id", "is another dispute's");
            if (FollowUpApplier.isUuid(v.getId())) {
                // a copied visit is kept in its author's name: the origin may not make one up for
                // another jurisdiction, nor for us (ours come back as we sent them, already held)
                UUID visit = UUID.fromString(v.getId());
                problems.require(
                        RecordIds.createdBy(visit, v.getAuthorJurisdiction()),
                        "follow_ups.id",
                        "was not created by its author_jurisdiction");
                problems.require(
                        !v.getAuthorJurisdiction().equals(trustList.selfCode())
                                || FollowUpVisit.findById(visit) != null,
                        "follow_ups.author_jurisdiction",
                        "names us for a visit we did not make");
            }
        }
        problems.throwIfAny();
    }

    private static boolean uuid(String s) {
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    protected void applyTyped(List<Typed<AgreementProto.Agreement>> changes) {
        for (var typed : changes) {
            UUID id = UUID.fromString(typed.change().recordId());
            Agreement a = agreements.findById(id);
            if (typed.tombstone()) {
                if (a != null) {
                    a.delete();
                }
                continue;
            }
            AgreementProto.Agreement m = typed.message();
            boolean created = a == null;
            if (created) {
                a = new Agreement();
            }
            AgreementMessages.copyReplica(m, a, typed.change().origin());
            a.version = typed.change().version();
            if (created) {
                a.persist();
            }
            agreements.getEntityManager().flush();
            agreements.replaceChildren(a, AgreementMessages.instalments(m), AgreementMessages.signatures(m));
            for (AgreementProto.FollowUp v : m.getFollowUpsList()) {
                // ours come back as they are; the origin's and other partners' are copies kept as sent
                if (FollowUpVisit.findById(UUID.fromString(v.getId())) == null) {
                    AgreementMessages.followUp(v).persist();
                }
            }
        }
    }

    static LocalDate date(String s) {
        return AgreementMessages.date(s);
    }
}
