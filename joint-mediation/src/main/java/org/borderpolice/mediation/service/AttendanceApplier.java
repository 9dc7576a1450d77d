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
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.SessionAttendance;
import org.borderpolice.mediation.TeamMember;
import org.borderpolice.mediation.repository.DisputeRepository;
import org.borderpolice.mediation.repository.TeamRepository;

/**
 * Takes a partner's record of its own mediators' attendance at one of our sessions: only for a
 * dispute of ours shared with the partner, a mediator of the partner booked for the session; a
 * later record of the same attendee is a higher version; never withdrawn.
 */
@ApplicationScoped
public class AttendanceApplier extends TypedApplier<TeamProto.Attendance> {

    @Inject
    TeamRepository teams;

    @Inject
    DisputeRepository disputes;

    @Inject
    PartnerContributions contributions;

    public AttendanceApplier() {
        super(TeamProto.Attendance.class);
    }

    @Override
    public String recordType() {
        return AttendanceService.ATTENDANCE_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, TeamProto.Attendance m) throws UnreadablePayloadException {
        if (change.tombstone()) {
            throw new UnreadablePayloadException("attendance is not withdrawn");
        }
        UUID sessionId = PayloadProblems.uuid("session_id", m.getSessionId());
        UUID mediator = PayloadProblems.uuid("attendee", m.getAttendee());
        SessionAttendance held = teams.attendance(sessionId, m.getAttendee());
        PartnerContributions.requireMadeBy(
                held == null ? null : held.jurisdiction, change.origin(), "attendance", change.recordId());
        new PayloadProblems("attendance")
                .require(
                        SessionAttendance.recordId(sessionId, m.getAttendee()).equals(change.recordId()),
                        "record_id",
                        "is not the id of the session's attendee")
                .require(m.getJurisdiction().equals(change.origin()), "jurisdiction", "is not the sender")
                .require(
                        m.getAttendeeKind() == TeamProto.AttendeeKind.MEDIATOR,
                        "attendee_kind",
                        "a partner records its mediators only")
                .text("remark", m.getRemark(), SessionAttendance.REMARK, false, true)
                .text("recorded_by", m.getRecordedBy(), 200, false, false)
                .timestamp("recorded_at", m.hasRecordedAt(), m.getRecordedAt())
                .throwIfAny();
        UUID disputeId = PayloadProblems.uuid("dispute_id", m.getDisputeId());
        Dispute d = contributions.requireOursSharedWith(
                disputes.held(disputeId), "dispute_id", "dispute", disputeId, change.origin());
        if (!m.getDisputeOrigin().equals(d.origin)) {
            // stored with the record: a wrong origin would file the attendance under another dispute owner
            throw new UnreadablePayloadException("dispute_origin is not the origin of dispute " + disputeId);
        }
        MediationSession s = teams.session(sessionId);
        if (s == null || !s.disputeId.equals(d.id)) {
            throw new UnreadablePayloadException("session_id names no session of dispute " + disputeId);
        }
        TeamMember member = teams.member(d.id, mediator);
        if (!s.mediators().contains(mediator) || member == null || !member.mediatorOrigin.equals(change.origin())) {
            throw new UnreadablePayloadException(
                    "mediator " + mediator + " of " + change.origin() + " is not booked for session " + sessionId);
        }
    }

    @Override
    protected void applyTyped(List<Typed<TeamProto.Attendance>> changes) {
        for (var typed : changes) {
            TeamProto.Attendance m = typed.message();
            UUID sessionId = UUID.fromString(m.getSessionId());
            SessionAttendance a = teams.attendance(sessionId, m.getAttendee());
            boolean created = a == null;
            if (created) {
                a = new SessionAttendance();
                a.sessionId = sessionId;
                a.attendee = m.getAttendee();
                a.disputeId = UUID.fromString(m.getDisputeId());
                a.disputeOrigin = m.getDisputeOrigin();
                a.jurisdiction = typed.change().origin();
                a.attendeeKind = SessionAttendance.Kind.MEDIATOR;
            }
            a.present = m.getPresent();
            a.remark = m.getRemark().isEmpty() ? null : m.getRemark();
            a.recordedBy = m.getRecordedBy().isEmpty() ? null : m.getRecordedBy();
            a.recordedAt = ProtoTime.instant(m.getRecordedAt());
            a.version = typed.change().version();
            if (created) {
                a.persist();
            }
        }
    }
}
