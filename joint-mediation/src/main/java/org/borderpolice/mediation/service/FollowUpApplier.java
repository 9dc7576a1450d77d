package org.borderpolice.mediation.service;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.mediation.v1.AgreementProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.mediation.Agreement;
import org.borderpolice.mediation.AgreementRules;
import org.borderpolice.mediation.AgreementStatus;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.FollowUpVisit;
import org.borderpolice.mediation.mapping.AgreementMessages;
import org.borderpolice.mediation.repository.AgreementRepository;
import org.borderpolice.mediation.repository.DisputeRepository;

/**
 * Takes a partner's follow-up visit (回访) on one of our disputes: kept as the partner's record and
 * put into the agreement, which every jurisdiction involved then receives. Only from a jurisdiction
 * the dispute is shared with, about its agreement in force, under an id the partner created;
 * visits are never changed or withdrawn.
 */
@ApplicationScoped
public class FollowUpApplier extends TypedApplier<AgreementProto.FollowUp> {

    @Inject
    DisputeRepository disputes;

    @Inject
    AgreementRepository agreements;

    @Inject
    PartnerContributions contributions;

    @Inject
    AgreementService service;

    public FollowUpApplier() {
        super(AgreementProto.FollowUp.class);
    }

    @Override
    public String recordType() {
        return AgreementService.FOLLOW_UP_TYPE;
    }

    /** The checks of a visit's content, for this applier and the agreement's (sender null: any). */
    static PayloadProblems problems(PayloadProblems problems, AgreementProto.FollowUp m, String sender) {
        problems.require(isUuid(m.getId()), "follow_up.id", "is not a UUID")
                .require(isUuid(m.getAgreementId()), "follow_up.agreement_id", "is not a UUID")
                .require(isUuid(m.getDisputeId()), "follow_up.dispute_id", "is not a UUID")
                .require(
                        m.getAuthorJurisdiction().matches("[0-9]{6}")
                                && (sender == null || m.getAuthorJurisdiction().equals(sender)),
                        "follow_up.author_jurisdiction",
                        "is not the sender")
                .text("follow_up.visitor", m.getVisitor(), AgreementService.MAX_NAME * 2, true, false)
                .text("follow_up.unit", m.getUnit(), AgreementService.MAX_NAME, false, false)
                .require(AgreementMessages.date(m.getVisitedOn()) != null, "follow_up.visited_on", "is not a date")
                .require(AgreementMessages.followUpMethod(m.getMethod()) != null, "follow_up.method", "is not known")
                .text("follow_up.note", m.getNote(), AgreementService.MAX_NOTE, false, true)
                .timestamp("follow_up.written_at", m.hasWrittenAt(), m.getWrittenAt());
        return problems;
    }

    /** A UUID in canonical form only (as PayloadProblems.uuid): another spelling would be stored as a different text. */
    static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    protected void check(ReplicaChange change, AgreementProto.FollowUp m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        FollowUpVisit held = FollowUpVisit.findById(id);
        PartnerContributions.requireMadeBy(held == null ? null : held.authorJurisdiction, change.origin(), "visit", id);
        if (change.tombstone() || change.version() != 1) {
            throw new UnreadablePayloadException("follow-up visits are not changed or withdrawn");
        }
        if (held != null) {
            return;
        }
        requireCreatedBy(id, change.origin());
        problems(new PayloadProblems("follow-up"), m, change.origin())
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .throwIfAny();
        UUID disputeId = PayloadProblems.uuid("dispute_id", m.getDisputeId());
        Dispute d = contributions.requireOursSharedWith(
                disputes.lockHeld(disputeId), "dispute_id", "dispute", disputeId, change.origin());
        Agreement a = agreements.forDispute(d.id);
        if (a == null || !a.id.toString().equals(m.getAgreementId())) {
            throw new UnreadablePayloadException("agreement_id names no agreement of dispute " + disputeId);
        }
        if (a.status == AgreementStatus.DRAFT) {
            throw new UnreadablePayloadException("the agreement of dispute " + disputeId + " is not in force");
        }
        // the rule our own users' visits keep (AgreementRules.requireFollowUp): not in the future, not
        // before the agreement took effect
        LocalDate visitedOn = AgreementMessages.date(m.getVisitedOn());
        if (visitedOn.isAfter(AgreementRules.today())) {
            throw new UnreadablePayloadException("visited_on " + visitedOn + " is in the future");
        }
        if (a.effectiveOn != null && visitedOn.isBefore(a.effectiveOn)) {
            throw new UnreadablePayloadException(
                    "visited_on " + visitedOn + " is before the agreement took effect (" + a.effectiveOn + ")");
        }
        // a quota per author: the sender's visits never use up the origin's or another partner's
        String full = AgreementRules.followUpRefusal(
                a.followUps.stream().map(v -> v.authorJurisdiction).toList(), change.origin(), d.origin);
        if (full != null) {
            throw new UnreadablePayloadException(full + " (dispute " + disputeId + ")");
        }
    }

    @Override
    protected void applyTyped(List<Typed<AgreementProto.FollowUp>> changes) {
        for (var typed : changes) {
            if (FollowUpVisit.findById(UUID.fromString(typed.change().recordId())) != null) {
                continue;
            }
            FollowUpVisit v = AgreementMessages.followUp(typed.message());
            v.persist();
            Dispute d = disputes.lockHeld(v.disputeId);
            Agreement a = agreements.lockForDispute(v.disputeId);
            a.followUps.removeIf(x -> x.id.equals(v.id));
            if (AgreementRules.followUpRefusal(
                            a.followUps.stream().map(x -> x.authorJurisdiction).toList(),
                            v.authorJurisdiction,
                            d.origin)
                    != null) {
                // visits of one batch were checked against what was held before it: the inbox
                // then takes the batch one event at a time, and check refuses those beyond the quota
                throw new IllegalStateException(
                        "follow-up quota of " + v.authorJurisdiction + " exceeded in one batch");
            }
            service.followedUp(d, a, v);
        }
    }
}
