package org.borderpolice.mediation.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.mediation.DisputeTeam;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.ScheduledSession;
import org.borderpolice.mediation.SessionAttendance;
import org.borderpolice.mediation.SessionNote;
import org.borderpolice.mediation.SessionPlan;
import org.borderpolice.mediation.SessionStatus;
import org.borderpolice.mediation.TeamMember;

/** Teams, sessions, bookings and notes as held here. */
@ApplicationScoped
public class TeamRepository {

    @Inject
    EntityManager em;

    @Inject
    DisputeRepository disputes;

    public DisputeTeam lockTeam(UUID disputeId) {
        return DisputeTeam.findById(disputeId, LockModeType.PESSIMISTIC_WRITE);
    }

    public DisputeTeam team(UUID disputeId) {
        return DisputeTeam.findById(disputeId);
    }

    public List<TeamMember> members(UUID disputeId) {
        return TeamMember.list("disputeId = ?1 order by addedAt, mediatorId", disputeId);
    }

    /** The jurisdictions whose mediators sit on the dispute's team. */
    public Set<String> memberJurisdictions(UUID disputeId) {
        return new TreeSet<>(em.createQuery(
                        "select distinct t.mediatorOrigin from TeamMember t where t.disputeId = :d", String.class)
                .setParameter("d", disputeId)
                .getResultList());
    }

    /**
     * The mediators on the dispute's team who are {@code origin}'s and whose account is
     * {@code account} or {@code otherAccount}, in team order: one query, for who may write and read
     * notes (loading the whole team and then its directory records cost a note more than its own
     * work, bench/README.md).
     */
    public List<Mediator> membersWithAccount(UUID disputeId, String origin, String account, String otherAccount) {
        return em.createQuery(
                        "select m from TeamMember t, Mediator m where t.disputeId = :d and m.id = t.mediatorId"
                                + " and m.origin = :origin and m.account in (:account, :other)"
                                + " order by t.addedAt, t.mediatorId",
                        Mediator.class)
                .setParameter("d", disputeId)
                .setParameter("origin", origin)
                .setParameter("account", account)
                .setParameter("other", otherAccount)
                .getResultList();
    }

    /**
     * Who may read a session's notes, in one query (a reader polls them): empty when the session is
     * not one of this dispute or the dispute is not visible to {@code me} ({@link
     * DisputeRepository#VISIBLE}); otherwise whether one of {@code me}'s mediators on the team has
     * the account {@code account} or {@code otherAccount} (the rule of {@link #membersWithAccount}).
     * Loads no entity: the checks of a poll cost more than its notes (bench/README.md).
     */
    public java.util.Optional<Boolean> noteReader(
            UUID disputeId, UUID sessionId, String me, String account, String otherAccount) {
        if (disputes.seesNone(me)) {
            return java.util.Optional.empty();
        }
        return disputes.bindVisible(
                        em.createQuery(
                                "select case when exists (select 1 from TeamMember t, Mediator m"
                                        + " where t.disputeId = d.id and m.id = t.mediatorId and m.origin = :me"
                                        + " and m.account in (:account, :other)) then true else false end"
                                        + " from MediationSession s, Dispute d where s.id = :s and s.disputeId = :d"
                                        + " and d.id = :d and " + DisputeRepository.VISIBLE,
                                Boolean.class),
                        me)
                .setParameter("s", sessionId)
                .setParameter("d", disputeId)
                .setParameter("account", account)
                .setParameter("other", otherAccount)
                .getResultStream()
                .findFirst();
    }

    /**
     * Replace the team's members with these, row by row (members read before are managed
     * entities); each one removed is remembered as a past member until {@code changedAt}.
     */
    public void replaceMembers(UUID disputeId, List<TeamMember> members, Instant changedAt) {
        java.util.Map<UUID, TeamMember> wanted = new java.util.HashMap<>();
        members.forEach(m -> wanted.put(m.mediatorId, m));
        for (TeamMember held : members(disputeId)) {
            TeamMember w = wanted.remove(held.mediatorId);
            if (w == null) {
                em.createNativeQuery("""
                                INSERT INTO team_member_past (dispute_id, mediator_id, mediator_origin, added_at, removed_at)
                                VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING""")
                        .setParameter(1, disputeId)
                        .setParameter(2, held.mediatorId)
                        .setParameter(3, held.mediatorOrigin)
                        .setParameter(4, held.addedAt)
                        .setParameter(5, changedAt.isBefore(held.addedAt) ? held.addedAt : changedAt)
                        .executeUpdate();
                held.delete();
            } else {
                held.mediatorOrigin = w.mediatorOrigin;
                held.addedAt = w.addedAt;
            }
        }
        wanted.values().forEach(m -> m.persist());
    }

    /**
     * Was this mediator of {@code origin} on the dispute's team at {@code at} (on it now, or
     * removed since; review 24 S8)?
     */
    public boolean wasMember(UUID disputeId, UUID mediatorId, String origin, Instant at) {
        TeamMember now = member(disputeId, mediatorId);
        if (now != null && now.mediatorOrigin.equals(origin)) {
            return true;
        }
        return ((Number) em.createNativeQuery("""
                                SELECT count(*) FROM team_member_past WHERE dispute_id = ?1 AND mediator_id = ?2
                                AND mediator_origin = ?3 AND added_at <= ?4 AND removed_at > ?4""")
                                .setParameter(1, disputeId)
                                .setParameter(2, mediatorId)
                                .setParameter(3, origin)
                                .setParameter(4, at)
                                .getSingleResult())
                        .longValue()
                > 0;
    }

    public MediationSession session(UUID id) {
        return MediationSession.findById(id);
    }

    public MediationSession lockSession(UUID id) {
        return MediationSession.findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public List<MediationSession> sessions(UUID disputeId) {
        return MediationSession.list("disputeId = ?1 order by startsAt, id", disputeId);
    }

    /**
     * The sessions starting in [from, to) of every dispute the caller ({@code me}) sees, with their
     * disputes, earliest first (then by id), after the cursor, {@code limit} rows: one query, the
     * disputes' visibility the dispute list's ({@link DisputeRepository#VISIBLE}).
     */
    public List<ScheduledSession> scheduledVisible(String me, Instant from, Instant to, KeysetCursor after, int limit) {
        if (disputes.seesNone(me)) {
            return List.of();
        }
        String hql = "select s, d from MediationSession s, Dispute d where s.disputeId = d.id"
                + " and s.startsAt >= :from and s.startsAt < :to"
                + (after == null
                        ? ""
                        : " and (s.startsAt > :afterTime or (s.startsAt = :afterTime and s.id > :afterId))")
                + " and " + DisputeRepository.VISIBLE
                + " order by s.startsAt, s.id";
        var query = disputes.bindVisible(em.createQuery(hql, ScheduledSession.class), me)
                .setParameter("from", from)
                .setParameter("to", to);
        if (after != null) {
            query.setParameter("afterTime", after.at()).setParameter("afterId", after.id());
        }
        return query.setMaxResults(limit).getResultList();
    }

    /**
     * Sessions held here (ours and replicas) that book any of these mediators and overlap the
     * time, for the double-booking rule. A replica session counts only for a dispute held here: a
     * partner's session for a dispute we do not hold cannot take our mediators' time.
     */
    public List<SessionPlan.Booking> bookings(Collection<UUID> mediators, Instant from, Instant until) {
        List<SessionPlan.Booking> out = new ArrayList<>();
        for (MediationSession s : MediationSession.<MediationSession>list(
                "status <> ?1 and startsAt < ?2 and endsAt > ?3" + " and disputeId in (select d.id from Dispute d)",
                SessionStatus.CANCELLED,
                until,
                from)) {
            s.bookings().stream()
                    .filter(b -> mediators.contains(b.mediatorId()))
                    .forEach(out::add);
        }
        return out;
    }

    /** Hold the session's mediators' time (the exclusion constraint refuses an overlap). */
    public void book(MediationSession s) {
        unbook(s.id);
        for (UUID m : s.mediators()) {
            em.createNativeQuery("INSERT INTO session_booking (session_id, mediator_id, during)"
                            + " VALUES (?1, ?2, tstzrange(?3, ?4, '[)'))")
                    .setParameter(1, s.id)
                    .setParameter(2, m)
                    .setParameter(3, s.startsAt)
                    .setParameter(4, s.endsAt)
                    .executeUpdate();
        }
    }

    public void unbook(UUID sessionId) {
        em.createNativeQuery("DELETE FROM session_booking WHERE session_id = ?1")
                .setParameter(1, sessionId)
                .executeUpdate();
    }

    public List<SessionNote> notes(UUID sessionId) {
        return SessionNote.list("sessionId = ?1 order by writtenAt, id", sessionId);
    }

    /**
     * The notes that arrived on a session after {@code after} (arrival here, in commit order: a
     * partner's note that arrives late is still after the cursor), at most {@code limit}.
     */
    public List<SessionNote> notesAfter(UUID sessionId, KeysetCursor after, int limit) {
        return SessionNote.find(
                        "sessionId = ?1 and (receivedAt > ?2 or (receivedAt = ?2 and id > ?3)) order by receivedAt, id",
                        sessionId,
                        after.at(),
                        after.id())
                .page(0, limit)
                .list();
    }

    public SessionNote note(UUID id) {
        return SessionNote.findById(id);
    }

    /** The mediator's place on the dispute's team, or null if not on it. */
    public TeamMember member(UUID disputeId, UUID mediatorId) {
        return TeamMember.findById(new TeamMember.Key(disputeId, mediatorId));
    }

    /** A session's attendance as held here, by attendee. */
    public List<SessionAttendance> attendance(UUID sessionId) {
        return SessionAttendance.list("sessionId = ?1 order by attendee", sessionId);
    }

    /** One attendee's record of a session, or null. */
    public SessionAttendance attendance(UUID sessionId, String attendee) {
        return SessionAttendance.findById(new SessionAttendance.Key(sessionId, attendee));
    }

    /**
     * A partner's team withdrawn: its members, and what we held of the dispute's sessions (the
     * origin's sessions, and notes other than {@code self}'s own, which stay ours).
     */
    public void dropTeamReplica(UUID disputeId, String origin, String self) {
        TeamMember.delete("disputeId", disputeId);
        em.createNativeQuery("DELETE FROM team_member_past WHERE dispute_id = ?1")
                .setParameter(1, disputeId)
                .executeUpdate();
        SessionNote.delete("disputeId = ?1 and authorJurisdiction <> ?2", disputeId, self);
        MediationSession.delete("disputeId = ?1 and disputeOrigin = ?2", disputeId, origin);
    }
}
