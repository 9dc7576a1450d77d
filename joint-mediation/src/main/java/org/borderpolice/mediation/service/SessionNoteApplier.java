package org.borderpolice.mediation.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.mediation.v1.TeamProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.SessionNote;
import org.borderpolice.mediation.mapping.TeamMessages;
import org.borderpolice.mediation.repository.MediatorRepository;
import org.borderpolice.mediation.repository.TeamRepository;

/**
 * Takes a team mediator's note from their jurisdiction (its own record): only about a session
 * we hold, by a mediator of the sender who was on the dispute's team when the note was written
 * (still on it, or removed since: a note delivered late is not lost), under an id the sender
 * created; notes are never changed or withdrawn.
 */
@ApplicationScoped
public class SessionNoteApplier extends TypedApplier<TeamProto.SessionNote> {

    @Inject
    TeamRepository teams;

    @Inject
    MediatorRepository mediators;

    public SessionNoteApplier() {
        super(TeamProto.SessionNote.class);
    }

    @Override
    public String recordType() {
        return SessionService.NOTE_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, TeamProto.SessionNote m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        SessionNote held = teams.note(id);
        PartnerContributions.requireMadeBy(held == null ? null : held.authorJurisdiction, change.origin(), "note", id);
        if (change.tombstone() || change.version() != 1) {
            throw new UnreadablePayloadException("session notes are not changed or withdrawn");
        }
        if (held != null) {
            return; // the same note again
        }
        requireCreatedBy(id, change.origin());
        UUID sessionId = PayloadProblems.uuid("session_id", m.getSessionId());
        UUID mediatorId = PayloadProblems.uuid("mediator_id", m.getMediatorId());
        new PayloadProblems("note")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getAuthorJurisdiction().equals(change.origin()), "author_jurisdiction", "is not the sender")
                .text("author", m.getAuthor(), 200, true, false)
                .text("text", m.getText(), SessionNote.TEXT, true, true)
                .timestamp("written_at", m.hasWrittenAt(), m.getWrittenAt())
                .throwIfAny();
        // the sender writes for its own mediators only, whatever a team held here says (one held
        // from before the team check named our mediator under a partner's code)
        Mediator known = mediators.find(mediatorId);
        if ((known != null && !known.origin.equals(change.origin()))
                || RecordIds.creator(mediatorId)
                        .filter(c -> !c.equals(change.origin()))
                        .isPresent()) {
            throw new UnreadablePayloadException(
                    "mediator_id " + mediatorId + " is not a mediator of " + change.origin());
        }
        MediationSession s = teams.session(sessionId);
        if (s == null
                || !s.disputeId.toString().equals(m.getDisputeId())
                || !s.disputeOrigin.equals(m.getDisputeOrigin())) {
            throw new UnreadablePayloadException(
                    "session_id names no session of dispute " + m.getDisputeId() + " here");
        }
        // on the team when the note was written: a note sent during an outage still counts after the
        // mediator left the team (review 24 S8); the sender's claimed time is bounded by the stint
        if (!teams.wasMember(s.disputeId, mediatorId, change.origin(), ProtoTime.instant(m.getWrittenAt()))) {
            throw new UnreadablePayloadException("mediator " + mediatorId + " of " + change.origin()
                    + " was not on the team of dispute " + s.disputeId + " at " + ProtoTime.instant(m.getWrittenAt()));
        }
    }

    @Override
    protected void applyTyped(List<Typed<TeamProto.SessionNote>> changes) {
        for (var typed : changes) {
            if (teams.note(UUID.fromString(typed.change().recordId())) != null) {
                continue;
            }
            TeamMessages.fromMessage(typed.message()).persist();
        }
    }
}
