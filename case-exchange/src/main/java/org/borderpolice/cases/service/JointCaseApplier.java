package org.borderpolice.cases.service;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.FilePart;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.config.CasesConfig;
import org.borderpolice.cases.mapping.CaseMessages;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.cases.repository.JoinRequestRepository;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.proto.replication.v1.RecordRef;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.transfer.Transfers;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.DivisionCodes;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.federation.validation.SubjectKind;

/**
 * Keeps our replicas of partners' cases. A case belongs to its origin: a change or tombstone of
 * a case held under another origin's name is refused, as is a case new to us whose id its origin
 * did not create, or a payload our own users' input could not have made. A tombstone (we
 * declined, or were removed) drops the case with its participants, subjects and timeline.
 */
@ApplicationScoped
public class JointCaseApplier extends TypedApplier<CaseProto.JointCase> {

    @Inject
    CaseRepository cases;

    @Inject
    CaseFiles files;

    @Inject
    JoinRequestRepository joinRequests;

    @Inject
    TrustList trustList;

    @Inject
    FederationConfig federation;

    @Inject
    CasesConfig casesConfig;

    @Inject
    CaseHitCheckable hitIndex;

    @Inject
    Transfers transfers;

    @Inject
    CaseTransfers caseTransfers;

    public JointCaseApplier() {
        super(CaseProto.JointCase.class);
    }

    @Override
    public String recordType() {
        return CaseSharing.CASE_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, CaseProto.JointCase m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        JointCase held = cases.findById(id);
        PartnerContributions.requireMadeBy(held == null ? null : held.origin, change.origin(), "case", id);
        if (change.tombstone()) {
            return;
        }
        if (held == null) {
            requireCreatedBy(id, change.origin());
        }
        if (change.predecessor() != null) {
            // the case it claims to continue is looked up by id: never an id that is not one
            PayloadProblems.uuid("predecessor.record_id", change.predecessor().getRecordId());
        }
        PayloadProblems problems = new PayloadProblems("case")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getOrigin().equals(change.origin()), "origin", "is not the sender")
                .add("number", RecordNumber.problem(m.getNumber(), change.origin()))
                .require(CaseMessages.category(m.getCategory()) != null, "category", "is not a known category");
        CaseStatus status = CaseMessages.status(m.getStatus());
        problems.require(status != null && status.shared(), "status", "must be a known status other than DRAFT")
                .text("title", m.getTitle(), CaseFields.TITLE, true, false)
                .text("summary", m.getSummary(), CaseFields.SUMMARY, true, true)
                .text("township", m.getTownship(), CaseFields.TOWNSHIP, false, false)
                .require(
                        m.getCountyCode().isEmpty() || DivisionCodes.isValid(m.getCountyCode()),
                        "county_code",
                        "is not a GB/T 2260 code")
                .text("lead_unit", m.getLeadUnit(), CaseFields.UNIT, true, false)
                .require(
                        m.getLinkedDispute().isEmpty()
                                || RecordIds.creator(PayloadProblems.uuid("linked_dispute", m.getLinkedDispute()))
                                        .equals(Optional.of(change.origin())),
                        "linked_dispute",
                        "is not a dispute id of the origin")
                .require(
                        m.getLinkedDispute().isEmpty()
                                || !RecordIds.createdBy(
                                        PayloadProblems.uuid("linked_dispute", m.getLinkedDispute()), change.origin())
                                || cases.linkedTo(change.origin(), UUID.fromString(m.getLinkedDispute()))
                                        .map(other -> other.id.equals(id))
                                        .orElse(true),
                        "linked_dispute",
                        "is named by another case of the origin (one case per escalated dispute)")
                .require(Amounts.parse(m.getLossAmount()) != null, "loss_amount", "is not an amount of yuan")
                .require(Amounts.parse(m.getRecoveredAmount()) != null, "recovered_amount", "is not an amount of yuan")
                .timestamp("created_at", m.hasCreatedAt(), m.getCreatedAt())
                .timestamp("updated_at", m.hasUpdatedAt(), m.getUpdatedAt())
                .timestamp("status_changed_at", m.hasStatusChangedAt(), m.getStatusChangedAt())
                .require(m.getSubjectsCount() <= CaseFields.SUBJECTS, "subjects", "too many")
                .require(m.getParticipantsCount() <= CaseFields.PARTICIPANTS_HELD, "participants", "too many");
        if (m.hasOccurredAt()) {
            problems.timestamp("occurred_at", true, m.getOccurredAt());
        }
        if (m.hasSolvedAt()) {
            problems.timestamp("solved_at", true, m.getSolvedAt());
        }
        if (m.hasClosedAt()) {
            problems.timestamp("closed_at", true, m.getClosedAt());
        }
        for (CaseProto.CaseSubject s : m.getSubjectsList()) {
            SubjectKind kind = SubjectKind.fromProto(s.getSubject().getKind());
            String value = s.getSubject().getValue();
            problems.require(kind != null, "subjects.kind", "is not a known kind");
            if (kind != null) {
                String problem = kind.problem(value);
                problems.add("subjects.value", problem);
                problems.require(
                        problem != null || kind.normalise(value).equals(value), "subjects.value", "is not normalised");
            }
            problems.text("subjects.label", s.getSubject().getLabel(), CaseFields.LABEL, false, false)
                    .require(CaseMessages.role(s.getRole()) != null, "subjects.role", "is not a known role");
        }
        Set<String> seen = new HashSet<>();
        boolean weTakePart = false;
        for (CaseProto.Participant p : m.getParticipantsList()) {
            problems.require(
                            DivisionCodes.isValid(p.getJurisdiction())
                                    && !p.getJurisdiction().equals(change.origin()),
                            "participants.jurisdiction",
                            "is not a partner's GB/T 2260 code")
                    .require(seen.add(p.getJurisdiction()), "participants.jurisdiction", "is repeated")
                    .require(CaseMessages.state(p.getState()) != null, "participants.state", "is not a known state")
                    .timestamp("participants.invited_at", p.hasInvitedAt(), p.getInvitedAt())
                    .text("participants.answered_by", p.getAnsweredBy(), CaseFields.OFFICER, false, false)
                    .text("participants.answer_unit", p.getAnswerUnit(), CaseFields.UNIT, false, false)
                    .text("participants.reason", p.getReason(), CaseFields.REASON, false, true)
                    // our next answer is our row's version plus one (ParticipationService); a
                    // partner's row echoes that partner's own answer event, whatever its version
                    .require(
                            p.getAnswerVersion() >= 0
                                    && (!p.getJurisdiction().equals(trustList.selfCode())
                                            || p.getAnswerVersion() < CaseFields.ANSWER_VERSIONS),
                            "participants.answer_version",
                            p.getJurisdiction().equals(trustList.selfCode())
                                    ? "of ours is not between 0 and " + (CaseFields.ANSWER_VERSIONS - 1)
                                    : "is negative");
            if (p.hasAnsweredAt()) {
                problems.timestamp("participants.answered_at", true, p.getAnsweredAt());
            }
            var state = CaseMessages.state(p.getState());
            if (p.getJurisdiction().equals(trustList.selfCode()) && state != null && state.active()) {
                weTakePart = true;
            }
        }
        problems.require(weTakePart, "participants", "do not invite " + trustList.selfCode());
        problems.throwIfAny();
        files.check(change.origin(), FilePart.CASE, id, null, m.getFilesList());
    }

    /**
     * Whether the origin's row for us states what we answered: INVITED and REMOVED are the
     * origin's acts; ACCEPTED or DECLINED only as our own answer echoed (same state, same answer
     * version), or as the approval of our request to join it, or, on a case continuing one we took part in or owned, the acceptance a transfer
     * carries over (docs/ownership-transfer.md).
     */
    private boolean answerIsOurs(CaseParticipant sent, CaseParticipant row, ReplicaChange change, String number) {
        if (sent.state != ParticipantState.ACCEPTED && sent.state != ParticipantState.DECLINED) {
            return true;
        }
        if (row != null && row.state == sent.state && row.answerVersion == sent.answerVersion) {
            return true;
        }
        if (sent.state == ParticipantState.ACCEPTED
                && (row == null || row.state != ParticipantState.ACCEPTED)
                && joinRequests.askedToJoin(
                        change.origin(),
                        number,
                        UUID.fromString(change.recordId()),
                        sent.answeredAt,
                        federation.peerStream().expiryGrace(),
                        CaseTimes.now(),
                        casesConfig.joinRequests().maxDeliveryDelay())) {
            return true; // we asked to join: the owner's approval (its decision may come after the case)
        }
        if (sent.state == ParticipantState.ACCEPTED
                && change.predecessor() != null
                && (row == null || CaseTransfers.unanswered(row))
                && continuesOneWeAccepted(change)) {
            return true; // a transfer carries our acceptance over
        }
        return false;
    }

    /**
     * Whether the case continues one we own or accepted, by a link both ends confirm: the
     * predecessor alone is the sender's claim (docs/ownership-transfer.md), and any case id a
     * partner takes part in could be named. Ours: our offer to the sender closed with this very
     * case (one that comes before the answer is accepted when the answer comes). A partner's:
     * its origin's final event named this case as its successor. An unconfirmed link leaves us
     * invited; a later version of the case carries the acceptance over once the link is confirmed.
     */
    private boolean continuesOneWeAccepted(ReplicaChange change) {
        RecordRef link = change.predecessor();
        // locked: the predecessor's closing event, applied at the same time from its origin's
        // stream, either commits first (and is seen here) or waits and then carries the acceptance
        // over to this case itself (CaseTransfers.acceptOnSuccessor); where this case is held already the two may
        // deadlock instead, a passing failure the sender retries (Inbox)
        JointCase before = cases.lockHeld(UUID.fromString(link.getRecordId()));
        if (before == null || !before.origin.equals(link.getOrigin())) {
            return false;
        }
        String self = trustList.selfCode();
        if (before.origin.equals(self)) {
            return caseTransfers.handedOverTo(before.id, change.origin(), change.recordId());
        }
        CaseParticipant ours = before.participant(self);
        return ours != null
                && ours.state == ParticipantState.ACCEPTED
                && transfers
                        .successor(CaseSharing.CASE_TYPE, before.origin, before.recordId())
                        .filter(next -> next.getOrigin().equals(change.origin())
                                && next.getRecordId().equals(change.recordId()))
                        .isPresent();
    }

    @Override
    protected void applyTyped(List<Typed<CaseProto.JointCase>> changes) {
        String self = trustList.selfCode();
        for (var change : changes) {
            UUID id = UUID.fromString(change.change().recordId());
            JointCase held = cases.lockHeld(id);
            if (held != null && !held.origin.equals(change.change().origin())) {
                throw new IllegalStateException("case " + id + " belongs to " + held.origin);
            }
            if (change.tombstone()) {
                if (held != null) {
                    // our own notes stay ours (case_note); the case, its timeline and participants go
                    TimelineEntry.delete("caseId", id);
                    files.forgetCase(held.origin, id);
                    CaseParticipant.delete("caseId", id);
                    held.delete();
                    hitIndex.remove(id);
                }
                continue;
            }
            CaseProto.JointCase m = change.message();
            JointCase c = held != null ? held : new JointCase();
            List<CaseParticipant> sent = CaseMessages.copyReplica(m, c);
            c.version = change.change().version();
            if (held == null) {
                c.persist();
            }
            CaseParticipant ours = null;
            for (CaseParticipant p : sent) {
                CaseParticipant row = held == null ? null : held.participant(p.jurisdiction);
                if (p.jurisdiction.equals(self)) {
                    ours = row == null ? p : row;
                }
                if (p.jurisdiction.equals(self) && !answerIsOurs(p, row, change.change(), m.getNumber())) {
                    // the origin may invite or remove us, never answer for us
                    if (row == null) {
                        p.state = ParticipantState.INVITED;
                        p.answeredAt = null;
                        p.answeredBy = null;
                        p.answerUnit = null;
                        p.reason = null;
                        p.answerVersion = 0;
                        p.persist();
                    }
                    continue;
                }
                if (row == null) {
                    p.persist();
                    continue;
                }
                if (p.jurisdiction.equals(self) && row.answerVersion > p.answerVersion) {
                    continue; // our answer is newer than what the origin has taken in yet
                }
                var proto = m.getParticipantsList().stream()
                        .filter(x -> x.getJurisdiction().equals(p.jurisdiction))
                        .findFirst()
                        .orElseThrow();
                CaseMessages.copyParticipant(proto, row);
            }
            if (held != null) {
                Set<String> kept = new HashSet<>();
                sent.forEach(p -> kept.add(p.jurisdiction));
                for (CaseParticipant row : held.participants) {
                    if (!kept.contains(row.jurisdiction)) {
                        row.delete();
                    }
                }
            }
            if (change.change().successor() != null && ours != null && ours.state == ParticipantState.ACCEPTED) {
                // the closing event confirms the link from a successor that came first and left us invited
                caseTransfers.acceptOnSuccessor(
                        c, change.change().successor(), ours.answeredAt, ours.answeredBy, ours.answerUnit);
            }
            // occurred_at of the event says nothing of the case; times are the origin's
            c.updatedAt = ProtoTime.instant(m.getUpdatedAt());
            hitIndex.index(c);
            files.replicate(change.change().origin(), FilePart.CASE, id, null, m.getFilesList());
        }
    }
}
