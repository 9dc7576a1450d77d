package org.borderpolice.mediation.service;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.SessionAttendance;
import org.borderpolice.mediation.SessionStatus;
import org.borderpolice.mediation.TeamMember;
import org.borderpolice.mediation.mapping.TeamMessages;
import org.borderpolice.mediation.repository.DisputeRepository;
import org.borderpolice.mediation.repository.TeamRepository;

/**
 * 出席情况: the dispute's origin records who attended a session (its mediators and parties); a
 * partner involved records its own mediators' attendance at home, its own record, which goes to
 * the origin ({@link PartnerContributions}). Whoever sees the dispute reads the attendance held
 * here.
 */
@ApplicationScoped
public class AttendanceService {

    public static final String ATTENDANCE_TYPE = "mediation.attendance";

    /** One line of attendance as a user gives it. */
    public record Entry(SessionAttendance.Kind kind, String attendee, boolean present, String remark) {}

    @Inject
    DisputeRepository disputes;

    @Inject
    TeamRepository teams;

    @Inject
    TeamService teamService;

    @Inject
    PartnerContributions contributions;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Transactional
    public List<SessionAttendance> record(BorderPrincipal caller, UUID disputeId, UUID sessionId, List<Entry> entries) {
        contributions.requireContributor(caller, "record attendance", TeamService.COMPOSERS);
        String self = trustList.selfCode();
        Dispute d = disputes.findVisible(disputeId, self).orElse(null);
        MediationSession s = d == null ? null : teams.lockSession(sessionId);
        if (s == null || !s.disputeId.equals(disputeId) || !s.disputeOrigin.equals(d.origin)) {
            throw new NotFoundProblem("no visible session " + sessionId + " of dispute " + disputeId);
        }
        if (s.status == SessionStatus.CANCELLED) {
            throw new ConflictProblem("session " + sessionId + " was cancelled: nobody attended");
        }
        boolean ours = d.origin.equals(self);
        List<SessionAttendance> out = new ArrayList<>();
        for (Entry e : entries) {
            String attendee = attendee(d, s, e, ours);
            SessionAttendance a = teams.attendance(s.id, attendee);
            if (a != null && !a.jurisdiction.equals(self)) {
                throw new ConflictProblem("the attendance of " + attendee + " is recorded by " + a.jurisdiction);
            }
            boolean created = a == null;
            if (created) {
                a = new SessionAttendance();
                a.sessionId = s.id;
                a.attendee = attendee;
                a.disputeId = d.id;
                a.disputeOrigin = d.origin;
                a.jurisdiction = self;
                a.attendeeKind = e.kind();
                a.version = 0;
            }
            a.present = e.present();
            a.remark = e.remark() == null || e.remark().isBlank()
                    ? null
                    : e.remark().strip();
            a.recordedBy = caller.subject();
            a.recordedAt = MediatorDirectory.now();
            a.version++;
            if (created) {
                a.persist();
            }
            if (!ours) {
                // our record about the origin's session: to the origin only
                contributions.send(ATTENDANCE_TYPE, a.recordId(), a.version, d, TeamMessages.toMessage(a));
            }
            out.add(a);
        }
        audit(
                caller,
                "session.attendance",
                sessionId,
                out.size() + " recorded" + (ours ? "" : ", sent to " + d.origin));
        return out;
    }

    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public List<SessionAttendance> list(BorderPrincipal caller, UUID disputeId, UUID sessionId) {
        TeamService.requireRole(caller, "read attendance", TeamService.READERS);
        Dispute d = disputes.findVisible(disputeId, caller.jurisdiction()).orElse(null);
        MediationSession s = d == null ? null : teams.session(sessionId);
        if (s == null || !s.disputeId.equals(disputeId)) {
            audit(caller, "session.attendance.read", sessionId, "not found");
            throw new NotFoundProblem("no visible session " + sessionId + " of dispute " + disputeId);
        }
        List<SessionAttendance> list = teams.attendance(sessionId);
        audit(caller, "session.attendance.read", sessionId, list.size() + " entries");
        return list;
    }

    /** The attendee's key, if this jurisdiction may record them: the origin anyone of the session, a partner its own mediators. */
    private String attendee(Dispute d, MediationSession s, Entry e, boolean ours) {
        if (e.kind() == SessionAttendance.Kind.PARTY) {
            if (!ours) {
                throw new ForbiddenProblem("parties' attendance is recorded by the dispute's origin " + d.origin);
            }
            int position;
            try {
                position = Integer.parseInt(e.attendee());
            } catch (NumberFormatException x) {
                throw new InvalidProblem("attendee: a party's position (0, 1, ...), not " + e.attendee());
            }
            if (d.parties.stream().noneMatch(p -> p.position == position)) {
                throw new InvalidProblem("attendee: dispute " + d.id + " has no party at position " + position);
            }
            return SessionAttendance.party(position);
        }
        UUID mediator;
        try {
            mediator = UUID.fromString(e.attendee());
        } catch (IllegalArgumentException x) {
            throw new InvalidProblem("attendee: a mediator's id (UUID), not " + e.attendee());
        }
        if (!s.mediators().contains(mediator)) {
            throw new InvalidProblem("attendee: mediator " + mediator + " is not booked for session " + s.id);
        }
        TeamMember member = teams.member(d.id, mediator);
        if (!ours && (member == null || !member.mediatorOrigin.equals(trustList.selfCode()))) {
            throw new ForbiddenProblem("a partner records the attendance of its own mediators only");
        }
        return mediator.toString();
    }

    private void audit(BorderPrincipal caller, String action, UUID sessionId, String detail) {
        auditLog.append(new AuditEntry(
                caller.subject(), caller.jurisdiction(), action, ATTENDANCE_TYPE, sessionId.toString(), detail));
    }
}
