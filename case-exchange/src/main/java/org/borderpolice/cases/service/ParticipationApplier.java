package org.borderpolice.cases.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;

/**
 * Takes a partner's answer to our invitation into the case: the partner becomes ACCEPTED or
 * DECLINED, the case gets a new version and a timeline entry, and a partner that declined gets a
 * tombstone. The answer must come from the partner it names, about one of our cases that partner
 * holds (invited, or accepted and now leaving); anything else is refused for good. Answers are
 * never withdrawn (a tombstone is refused).
 */
@ApplicationScoped
public class ParticipationApplier extends TypedApplier<CaseProto.ParticipationAnswer> {

    @Inject
    CaseRepository cases;

    @Inject
    FrozenCases frozen;

    @Inject
    PartnerContributions contributions;

    @Inject
    CaseSharing sharing;

    @Inject
    AuditLog auditLog;

    public ParticipationApplier() {
        super(CaseProto.ParticipationAnswer.class);
    }

    @Override
    public String recordType() {
        return ParticipationService.ANSWER_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, CaseProto.ParticipationAnswer m) throws UnreadablePayloadException {
        if (change.tombstone()) {
            throw new UnreadablePayloadException("answers to invitations are not withdrawn");
        }
        UUID caseId = PayloadProblems.uuid("case_id", m.getCaseId());
        new PayloadProblems("participation answer")
                .require(
                        change.recordId().equals(CaseParticipant.answerRecordId(caseId, change.origin())),
                        "record_id",
                        "is not <case id>:<sender>")
                .require(m.getPartner().equals(change.origin()), "partner", "is not the sender")
                .require(
                        m.getDecision() == CaseProto.Decision.ACCEPT || m.getDecision() == CaseProto.Decision.DECLINE,
                        "decision",
                        "must be ACCEPT or DECLINE")
                .text("reason", m.getReason(), CaseFields.REASON, m.getDecision() == CaseProto.Decision.DECLINE, true)
                .text("answered_by", m.getAnsweredBy(), CaseFields.OFFICER, true, false)
                .text("unit", m.getUnit(), CaseFields.UNIT, false, false)
                .timestamp("answered_at", m.hasAnsweredAt(), m.getAnsweredAt())
                .throwIfAny();
        // locked before it is read: apply works on what this check saw, never on a stale copy
        JointCase c =
                contributions.requireOursSharedWith(cases.lockHeld(caseId), "case_id", "case", caseId, change.origin());
        frozen.requireOpenToContributions(c);
        String problem = c.participant(change.origin()).answerProblem(m.getDecision() == CaseProto.Decision.ACCEPT);
        if (problem != null) {
            throw new UnreadablePayloadException(change.origin() + " " + problem + " to case " + caseId);
        }
    }

    @Override
    protected void applyTyped(List<Typed<CaseProto.ParticipationAnswer>> changes) {
        for (var typed : changes) {
            CaseProto.ParticipationAnswer m = typed.message();
            String partner = typed.change().origin();
            JointCase c = cases.lockHeld(UUID.fromString(m.getCaseId()));
            CaseParticipant p = c.participant(partner);
            Set<String> before = c.sharedWith();
            boolean accept = m.getDecision() == CaseProto.Decision.ACCEPT;
            Instant now = CaseTimes.now();
            p.state = accept ? ParticipantState.ACCEPTED : ParticipantState.DECLINED;
            // the time we took the answer in, not the partner's clock
            p.answeredAt = now;
            p.answeredBy = m.getAnsweredBy();
            p.answerUnit = m.getUnit().isEmpty() ? null : m.getUnit();
            p.reason = m.getReason().isBlank() ? null : m.getReason().strip();
            p.answerVersion = typed.change().version();
            c.version++;
            c.updatedAt = now;
            TimelineEntry entry = sharing.participantEntry(
                    c,
                    accept ? EntryKind.ACCEPTED : EntryKind.DECLINED,
                    partner,
                    partner,
                    p.answeredBy,
                    p.answerUnit,
                    p.reason);
            entry.occurredAt = now;
            sharing.share(c, before, List.of(entry));
            auditLog.append(new AuditEntry(
                    p.answeredBy,
                    partner,
                    accept ? "case.accepted" : "case.declined",
                    CaseService.CASE_TYPE,
                    c.recordId(),
                    c.number + " answer version " + p.answerVersion + " (" + ProtoTime.instant(m.getAnsweredAt())
                            + " at " + partner + ")"));
        }
    }
}
