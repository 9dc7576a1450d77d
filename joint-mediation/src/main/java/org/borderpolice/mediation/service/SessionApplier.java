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
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.SessionMode;
import org.borderpolice.mediation.SessionOutcome;
import org.borderpolice.mediation.SessionPlan;
import org.borderpolice.mediation.SessionStatus;
import org.borderpolice.mediation.mapping.TeamMessages;
import org.borderpolice.mediation.repository.DisputeRepository;
import org.borderpolice.mediation.repository.TeamRepository;
import org.jboss.logging.Logger;

/**
 * Keeps our replicas of partners' sessions. A session belongs to its dispute's origin: from
 * anyone else it is refused, as is a plan or result our own users' input could not have made.
 */
@ApplicationScoped
public class SessionApplier extends TypedApplier<TeamProto.Session> {

    /** Sessions one dispute may have: far beyond any real mediation, short of filling our mediators' calendars. */
    public static final int MAX_SESSIONS_PER_DISPUTE = 200;

    private static final Logger LOG = Logger.getLogger(SessionApplier.class);

    @Inject
    TrustList trustList;

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
        // a dispute held here must be the sender's and involve us; one not held yet may come in the
        // same batch (checks run before any is applied), so applyTyped looks again
        if (dispute != null
                && (!dispute.origin.equals(change.origin()) || !dispute.involved.contains(trustList.selfCode()))) {
            throw new UnreadablePayloadException(
                    "session: dispute " + disputeId + " is not one of " + change.origin() + "'s shared with us");
        }
        if (held == null && teams.sessions(disputeId).size() >= MAX_SESSIONS_PER_DISPUTE) {
            throw new UnreadablePayloadException(
                    "session: dispute " + disputeId + " has " + MAX_SESSIONS_PER_DISPUTE + " sessions already");
        }
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
                // as our users' place is taken: at most PLACE characters as sent (@Size), no control characters
                .text("place", m.getPlace(), SessionPlan.PLACE, false, false)
                .timestamp("starts_at", m.hasStartsAt(), m.getStartsAt())
                .timestamp("ends_at", m.hasEndsAt(), m.getEndsAt())
                .timestamp("updated_at", m.hasUpdatedAt(), m.getUpdatedAt());
        Set<UUID> mediators = new HashSet<>();
        for (String mediator : m.getMediatorIdsList()) {
            mediators.add(PayloadProblems.uuid("mediator_ids", mediator));
        }
        problems.throwIfAny();
        try {
            plan(m, mediators);
        } catch (ProblemException e) {
            throw new UnreadablePayloadException("session: " + e.getMessage());
        }
    }

    /** The session's plan as our users' would be checked and kept (its place stripped, a blank one none). */
    private static SessionPlan plan(TeamProto.Session m, Set<UUID> mediators) {
        return SessionPlan.of(
                ProtoTime.instant(m.getStartsAt()),
                ProtoTime.instant(m.getEndsAt()),
                TeamMessages.mode(m.getMode()),
                m.getPlace().isEmpty() ? null : m.getPlace(),
                mediators);
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
            if (!bookable(
                    held, UUID.fromString(m.getDisputeId()), typed.change().origin(), m)) {
                // not a session our users could see: it must not take our mediators' time
                LOG.warnf(
                        "session %s from %s not kept: its dispute is not held here or a mediator is not on its team",
                        id, typed.change().origin());
                continue;
            }
            if (held == null) {
                // counted under the dispute's lock (batches of one partner may be applied at once);
                // check() counted what was held before this batch: the inbox then takes the batch
                // one event at a time, and check refuses the excess
                UUID disputeId = UUID.fromString(m.getDisputeId());
                disputes.lockHeld(disputeId);
                if (teams.sessions(disputeId).size() >= MAX_SESSIONS_PER_DISPUTE) {
                    throw new IllegalStateException("sessions of dispute " + disputeId + " past the cap in one batch");
                }
            }
            MediationSession s = held != null ? held : new MediationSession();
            s.id = id;
            s.disputeId = UUID.fromString(m.getDisputeId());
            s.disputeOrigin = typed.change().origin();
            s.startsAt = ProtoTime.instant(m.getStartsAt());
            s.endsAt = ProtoTime.instant(m.getEndsAt());
            s.mode = TeamMessages.mode(m.getMode());
            s.mediatorIds = m.getMediatorIdsList().stream()
                    .map(UUID::fromString)
                    .sorted()
                    .distinct()
                    .toArray(UUID[]::new);
            // the place as check() took it (stripped), not as sent
            s.place = plan(m, Set.of(s.mediatorIds)).place();
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

    /**
     * Whether a partner's session may be kept (looked at after the batch's disputes and teams are
     * applied): its dispute is held here from the sender and involves us, and every mediator is on
     * the dispute's team as held here (or on the session already, for a change after the team did).
     */
    private boolean bookable(MediationSession held, UUID disputeId, String sender, TeamProto.Session m) {
        Dispute dispute = disputes.held(disputeId);
        if (dispute == null || !dispute.origin.equals(sender) || !dispute.involved.contains(trustList.selfCode())) {
            return false;
        }
        Set<UUID> team = new HashSet<>();
        teams.members(disputeId).forEach(t -> team.add(t.mediatorId));
        if (held != null) {
            team.addAll(held.mediators());
        }
        return m.getMediatorIdsList().stream().map(UUID::fromString).allMatch(team::contains);
    }
}
