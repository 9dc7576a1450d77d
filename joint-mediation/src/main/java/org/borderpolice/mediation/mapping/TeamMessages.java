package org.borderpolice.mediation.mapping;

import java.util.List;
import java.util.UUID;

import org.borderpolice.federation.proto.mediation.v1.TeamProto;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.mediation.DisputeTeam;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.SessionAttendance;
import org.borderpolice.mediation.SessionMode;
import org.borderpolice.mediation.SessionNote;
import org.borderpolice.mediation.SessionOutcome;
import org.borderpolice.mediation.SessionStatus;
import org.borderpolice.mediation.TeamMember;

/** Teams, sessions and notes to and from {@code border.mediation.v1}. */
public final class TeamMessages {

    private TeamMessages() {}

    public static TeamProto.Team toMessage(DisputeTeam t, List<TeamMember> members) {
        TeamProto.Team.Builder b = TeamProto.Team.newBuilder()
                .setDisputeId(t.disputeId.toString())
                .setDisputeOrigin(t.disputeOrigin)
                .setUpdatedAt(ProtoTime.timestamp(t.updatedAt));
        for (TeamMember m : members) {
            b.addMembers(TeamProto.TeamMember.newBuilder()
                    .setMediatorId(m.mediatorId.toString())
                    .setMediatorOrigin(m.mediatorOrigin)
                    .setAddedAt(ProtoTime.timestamp(m.addedAt)));
        }
        return b.build();
    }

    public static TeamProto.Session toMessage(MediationSession s) {
        TeamProto.Session.Builder b = TeamProto.Session.newBuilder()
                .setId(s.id.toString())
                .setDisputeId(s.disputeId.toString())
                .setDisputeOrigin(s.disputeOrigin)
                .setStartsAt(ProtoTime.timestamp(s.startsAt))
                .setEndsAt(ProtoTime.timestamp(s.endsAt))
                .setMode(TeamProto.SessionMode.valueOf(s.mode.name()))
                .setPlace(s.place == null ? "" : s.place)
                .setStatus(TeamProto.SessionStatus.valueOf(s.status.name()))
                .setOutcomeText(s.outcomeText == null ? "" : s.outcomeText)
                .setReason(s.reason == null ? "" : s.reason)
                .setUpdatedAt(ProtoTime.timestamp(s.updatedAt));
        for (UUID m : s.mediators()) {
            b.addMediatorIds(m.toString());
        }
        if (s.outcome != null) {
            b.setOutcome(TeamProto.SessionOutcome.valueOf(s.outcome.name()));
        }
        return b.build();
    }

    public static TeamProto.SessionNote toMessage(SessionNote n) {
        return TeamProto.SessionNote.newBuilder()
                .setId(n.id.toString())
                .setSessionId(n.sessionId.toString())
                .setDisputeId(n.disputeId.toString())
                .setDisputeOrigin(n.disputeOrigin)
                .setAuthorJurisdiction(n.authorJurisdiction)
                .setMediatorId(n.mediatorId.toString())
                .setAuthor(n.author)
                .setText(n.text)
                .setWrittenAt(ProtoTime.timestamp(n.writtenAt))
                .build();
    }

    /** The note as received (the check has verified it). */
    public static SessionNote fromMessage(TeamProto.SessionNote m) {
        SessionNote n = new SessionNote();
        n.id = UUID.fromString(m.getId());
        n.sessionId = UUID.fromString(m.getSessionId());
        n.disputeId = UUID.fromString(m.getDisputeId());
        n.disputeOrigin = m.getDisputeOrigin();
        n.authorJurisdiction = m.getAuthorJurisdiction();
        n.mediatorId = UUID.fromString(m.getMediatorId());
        n.author = m.getAuthor();
        n.text = m.getText();
        n.writtenAt = ProtoTime.instant(m.getWrittenAt());
        return n;
    }

    public static TeamProto.Attendance toMessage(SessionAttendance a) {
        return TeamProto.Attendance.newBuilder()
                .setSessionId(a.sessionId.toString())
                .setDisputeId(a.disputeId.toString())
                .setDisputeOrigin(a.disputeOrigin)
                .setJurisdiction(a.jurisdiction)
                .setAttendeeKind(TeamProto.AttendeeKind.valueOf(a.attendeeKind.name()))
                .setAttendee(a.attendee)
                .setPresent(a.present)
                .setRemark(a.remark == null ? "" : a.remark)
                .setRecordedBy(a.recordedBy == null ? "" : a.recordedBy)
                .setRecordedAt(ProtoTime.timestamp(a.recordedAt))
                .build();
    }

    public static SessionMode mode(TeamProto.SessionMode m) {
        return switch (m) {
            case OFFLINE -> SessionMode.OFFLINE;
            case ONLINE -> SessionMode.ONLINE;
            default -> null;
        };
    }

    public static SessionStatus status(TeamProto.SessionStatus s) {
        return switch (s) {
            case SCHEDULED -> SessionStatus.SCHEDULED;
            case HELD -> SessionStatus.HELD;
            case CANCELLED -> SessionStatus.CANCELLED;
            default -> null;
        };
    }

    /** The outcome, null for none (or one we do not know: the check refuses it). */
    public static SessionOutcome outcome(TeamProto.SessionOutcome o) {
        return switch (o) {
            case AGREEMENT -> SessionOutcome.AGREEMENT;
            case PARTIAL_AGREEMENT -> SessionOutcome.PARTIAL_AGREEMENT;
            case NO_AGREEMENT -> SessionOutcome.NO_AGREEMENT;
            case ADJOURNED -> SessionOutcome.ADJOURNED;
            default -> null;
        };
    }
}
