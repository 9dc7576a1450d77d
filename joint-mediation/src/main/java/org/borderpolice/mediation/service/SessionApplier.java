package org.borderpolice.mediation.service;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.problem.ProblemException;
import org.borderpolice.federation.proto.mediation.v1.TeamProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.SessionMode;
import org.borderpolice.mediation.SessionOutcome;
import org.borderpolice.mediation.SessionPlan;
import org.borderpolice.mediation.SessionStatus;
import org.borderpolice.mediation.mapping.TeamMessages;
import org.borderpolice.mediation.repository.DisputeRepository;
import org.borderpolice.mediation.repository.TeamRepository;

/**
 * Keeps our replicas of partners' sessions. A session belongs to its dispute's origin: from
 * anyone else it is refused, as is a plan or result our own users' input could not have made.
 */
@ApplicationScoped
public class SessionApplier extends TypedApplier<TeamProto.Session> {

    @Inject
    TeamRepository teams;

    @Inject
    DisputeRepository disputes;

    public SessionApplier() {
        super(TeamProto.Session.class);
    }

    @Override
    public String recordType() {
        return SessionService.SESSION_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, TeamProto.Session m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        MediationSession held = teams.session(id);
        PartnerContributions.requireMadeBy(held == null ? null : held.disputeOrigin, change.origin(), "session", id);
        if (change.tombstone()) {
            return;
        }
        if (held == null) {
            requireCreatedBy(id, change.origin());
        }
        UUID disputeId = PayloadProblems.uuid("dispute_id", m.getDisputeId());
        Dispute dispute = disputes.held(disputeId);
        PartnerContributions.requireMadeBy(
                dispute == null ? null : dispute.origin, change.origin(), "dispute", disputeId);
        SessionMode mode = TeamMessages.mode(m.getMode());
        SessionStatus status = TeamMessages.status(m.getStatus());
        SessionOutcome outcome = TeamMessages.outcome(m.getOutcome());
        PayloadProblems problems = new PayloadProblems("session")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getDisputeOrigin().equals(change.origin()), "dispute_origin", "is not the sender")
                .require(held == null || held.disputeId.equals(disputeId), "dispute_id", "differs from the session's")
                .require(mode != null, "mode", "is not a known mode")
                .require(status != null, "status", "is not a known status")
                .require(
                        (status == SessionStatus.HELD) == (outcome != null),
                        "outcome",
                        "is given exactly when the session was held")
                .text("outcome_text", m.getOutcomeText(), 4000, false, true)
                .text("reason", m.getReason(), 2000, false, true)
                .timestamp("starts_at", m.hasStartsAt(), m.getStartsAt())
                .timestamp("ends_at", m.hasEndsAt(), m.getEndsAt())
                .timestamp("updated_at", m.hasUpdatedAt(), m.getUpdatedAt());
        Set<UUID> mediators = new HashSet<>();
        for (String mediator : m.getMediatorIdsList()) {
            mediators.add(PayloadProblems.uuid("mediator_ids", mediator));
        }
        problems.throwIfAny();
        try {
            SessionPlan.of(
                    ProtoTime.instant(m.getStartsAt()),
                    ProtoTime.instant(m.getEndsAt()),
                    mode,
                    m.getPlace().isEmpty() ? null : m.getPlace(),
                    mediators);
        } catch (ProblemException e) {
            throw new UnreadablePayloadException("session: " + e.getMessage());
        }
    }

    @Override
    protected void applyTyped(List<Typed<TeamProto.Session>> changes) {
        for (var typed : changes) {
            UUID id = UUID.fromString(typed.change().recordId());
            MediationSession held = teams.lockSession(id);
            if (typed.tombstone()) {
                if (held != null) {
                    held.delete();
                }
                continue;
            }
            TeamProto.Session m = typed.message();
            MediationSession s = held != null ? held : new MediationSession();
            s.id = id;
            s.disputeId = UUID.fromString(m.getDisputeId());
            s.disputeOrigin = typed.change().origin();
            s.startsAt = ProtoTime.instant(m.getStartsAt());
            s.endsAt = ProtoTime.instant(m.getEndsAt());
            s.mode = TeamMessages.mode(m.getMode());
            s.place = m.getPlace().isEmpty() ? null : m.getPlace();
            s.mediatorIds = m.getMediatorIdsList().stream()
                    .map(UUID::fromString)
                    .sorted()
                    .distinct()
                    .toArray(UUID[]::new);
            s.status = TeamMessages.status(m.getStatus());
            s.outcome = TeamMessages.outcome(m.getOutcome());
            s.outcomeText = m.getOutcomeText().isEmpty() ? null : m.getOutcomeText();
            s.reason = m.getReason().isEmpty() ? null : m.getReason();
            s.version = typed.change().version();
            s.updatedAt = ProtoTime.instant(m.getUpdatedAt());
            if (held == null) {
                s.createdAt = s.updatedAt;
                s.persist();
            }
        }
    }
}
