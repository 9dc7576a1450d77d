package org.borderpolice.mediation.service;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.mediation.Dispute;
import org.borderpolice.mediation.MediationSession;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.ScheduledSession;
import org.borderpolice.mediation.SessionNote;
import org.borderpolice.mediation.SessionOutcome;
import org.borderpolice.mediation.SessionPeriod;
import org.borderpolice.mediation.SessionPlan;
import org.borderpolice.mediation.SessionRules;
import org.borderpolice.mediation.SessionStatus;
import org.borderpolice.mediation.TeamMember;
import org.borderpolice.mediation.config.StatisticsConfig;
import org.borderpolice.mediation.mapping.TeamMessages;
import org.borderpolice.mediation.repository.DisputeRepository;
import org.borderpolice.mediation.repository.TeamRepository;

/**
 * 调解会: the dispute's origin schedules sessions with mediators of the team (none booked twice at
 * once: {@link SessionPlan} here, the database's exclusion constraint under concurrent
 * bookings), and records that a session was held (with its outcome) or cancelled. Sessions go to
 * every jurisdiction involved. Each mediator of the team writes notes of their own (a record of
 * their jurisdiction, sent to the team's other jurisdictions), read by the team's mediators only.
 */
@ApplicationScoped
public class SessionService {

    public static final String SESSION_TYPE = "mediation.session";
    public static final String NOTE_TYPE = "mediation.session-note";

    @Inject
    DisputeRepository disputes;

    @Inject
    TeamRepository teams;

    @Inject
    TeamService teamService;

    @Inject
    DisputeSharing disputeSharing;

    @Inject
    PartnerContributions contributions;

    @Inject
    RecordPublisher publisher;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    EntityManager em;

    @Inject
    StatisticsConfig calendar;

    @Transactional
    public IdempotencyKeys.Created<MediationSession> schedule(
            BorderPrincipal caller, UUID disputeId, SessionPlan plan, String key) {
        contributions.requireContributor(caller, "schedule sessions", TeamService.COMPOSERS);
        return idempotencyKeys.once(
                caller,
                key,
                "POST /api/v1/disputes/" + disputeId + "/sessions",
                plan,
                () -> schedule(caller, disputeId, plan),
                s -> s.id.toString(),
                id -> teams.session(UUID.fromString(id)));
    }

    private MediationSession schedule(BorderPrincipal caller, UUID disputeId, SessionPlan plan) {
        Dispute d = ownDispute(caller, disputeId);
        // as many as partners take (SessionApplier): one more would be refused by every partner
        if (teams.sessions(disputeId).size() >= SessionApplier.MAX_SESSIONS_PER_DISPUTE) {
            throw new ConflictProblem("dispute " + d.number + " has " + SessionApplier.MAX_SESSIONS_PER_DISPUTE
                    + " sessions already, as many as a dispute may");
        }
        plan.requireOnTeam(teamIds(disputeId));
        plan.requireNoDoubleBooking(teams.bookings(plan.mediators(), plan.startsAt(), plan.endsAt()), null);
        MediationSession s = new MediationSession();
        s.id = RecordIds.create(trustList.selfCode());
        s.disputeId = disputeId;
        s.disputeOrigin = d.origin;
        s.plan(plan);
        s.status = SessionStatus.SCHEDULED;
        s.version = 1;
        s.createdAt = MediatorDirectory.now();
        s.createdBy = caller.subject();
        s.updatedAt = s.createdAt;
        s.persist();
        book(s);
        share(d, s);
        audit(caller, "session.scheduled", s.id, disputeId + " " + s.startsAt + " " + plan.mediators());
        return s;
    }

    /** Move a scheduled session or change its mediators. */
    @Transactional
    public MediationSession reschedule(BorderPrincipal caller, UUID disputeId, UUID sessionId, SessionPlan plan) {
        contributions.requireContributor(caller, "schedule sessions", TeamService.COMPOSERS);
        Dispute d = ownDispute(caller, disputeId);
        MediationSession s = ownSession(d, sessionId);
        SessionRules.requireScheduled(s.status);
        plan.requireOnTeam(teamIds(disputeId));
        plan.requireNoDoubleBooking(teams.bookings(plan.mediators(), plan.startsAt(), plan.endsAt()), s.id);
        s.plan(plan);
        s.version++;
        s.updatedAt = MediatorDirectory.now();
        book(s);
        share(d, s);
        audit(caller, "session.rescheduled", s.id, s.startsAt + " " + plan.mediators());
        return s;
    }

    /** HELD with its outcome, or CANCELLED with a reason (the mediators' time is given back). */
    @Transactional
    public MediationSession transition(
            BorderPrincipal caller,
            UUID disputeId,
            UUID sessionId,
            SessionStatus to,
            SessionOutcome outcome,
            String outcomeText,
            String reason) {
        contributions.requireContributor(caller, "record sessions", TeamService.COMPOSERS);
        Dispute d = ownDispute(caller, disputeId);
        MediationSession s = ownSession(d, sessionId);
        SessionRules.requireChange(s.status, to, outcome, reason);
        s.status = to;
        s.outcome = outcome;
        s.outcomeText = outcomeText == null || outcomeText.isBlank() ? null : outcomeText.strip();
        s.reason = reason == null || reason.isBlank() ? null : reason.strip();
        s.version++;
        s.updatedAt = MediatorDirectory.now();
        if (!to.booksMediators()) {
            teams.unbook(s.id);
        }
        share(d, s);
        audit(
                caller,
                "session." + to.name().toLowerCase(java.util.Locale.ROOT),
                s.id,
                outcome == null ? reason : outcome.name());
        return s;
    }

    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public List<MediationSession> list(BorderPrincipal caller, UUID disputeId) {
        TeamService.requireRole(caller, "read sessions", TeamService.READERS);
        if (disputes.findVisible(disputeId, caller.jurisdiction()).isEmpty()) {
            audit(caller, "session.list", disputeId, "dispute not found");
            throw new NotFoundProblem("no visible dispute " + disputeId);
        }
        List<MediationSession> sessions = teams.sessions(disputeId);
        audit(
                caller,
                "session.list",
                disputeId,
                "dispute: " + sessions.stream().map(s -> s.id.toString()).toList());
        return sessions;
    }

    /**
     * 调解日程 The sessions starting in the period of every dispute the caller may see (the dispute
     * list's rule), earliest first, at most {@code limit} after the cursor; audited, one entry per
     * page naming what the caller receives, also when empty.
     */
    @Transactional
    public KeysetPage<ScheduledSession> calendar(
            BorderPrincipal caller, String from, String to, KeysetCursor after, int limit) {
        DisputeService.requireReader(caller);
        SessionPeriod period = SessionPeriod.of(from, to, calendar.timeZone());
        KeysetPage<ScheduledSession> page = KeysetPage.fetch(
                limit,
                n -> teams.scheduledVisible(caller.jurisdiction(), period.from(), period.to(), after, n),
                x -> x.session().startsAt,
                x -> x.session().id);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "session.calendar",
                SESSION_TYPE,
                null,
                "from=" + period.from() + " to=" + period.to() + (after == null ? "" : " after=" + after.encode()) + " "
                        + page.audited(x -> x.dispute().recordId() + "/" + x.session().id)));
        return page;
    }

    // --- notes

    /**
     * A note of the calling mediator, on the team, at home: our record, sent to the team's other
     * jurisdictions. Once per idempotency key: a repeat (an answer lost) gets the note written first.
     */
    @Transactional
    public IdempotencyKeys.Created<SessionNote> note(
            BorderPrincipal caller, UUID disputeId, UUID sessionId, String text, String key) {
        contributions.requireContributor(caller, "write session notes", BorderPrincipal.MEDIATOR);
        // a note needs only the dispute's origin, not the dispute with its parties (same visibility rule)
        String origin = disputes.visibleOrigin(disputeId, caller.jurisdiction()).orElse(null);
        MediationSession s = origin == null ? null : teams.session(sessionId);
        if (s == null || !s.disputeId.equals(disputeId) || !s.disputeOrigin.equals(origin)) {
            throw new NotFoundProblem("no visible session " + sessionId + " of dispute " + disputeId);
        }
        Mediator me = teamMediator(caller, disputeId)
                .orElseThrow(() -> new ForbiddenProblem("only the team's mediators write notes on its sessions"));
        record NoteRequest(UUID session, String text) {}
        return idempotencyKeys.once(
                caller,
                key,
                "POST /api/v1/disputes/" + disputeId + "/sessions/" + sessionId + "/notes",
                new NoteRequest(sessionId, text),
                () -> note(caller, s, me, origin, text),
                n -> n.id.toString(),
                id -> {
                    SessionNote n = teams.note(UUID.fromString(id));
                    if (n == null) {
                        throw new NotFoundProblem("the note of this Idempotency-Key is no longer held");
                    }
                    audit(caller, "session.note", s.id, "repeated request: note " + n.id);
                    return n;
                });
    }

    private SessionNote note(BorderPrincipal caller, MediationSession s, Mediator me, String origin, String text) {
        UUID disputeId = s.disputeId;
        if (s.status == SessionStatus.CANCELLED) {
            throw new ConflictProblem("session " + s.id + " was cancelled: it takes no notes");
        }
        SessionNote n = new SessionNote();
        n.id = RecordIds.create(trustList.selfCode());
        n.sessionId = s.id;
        n.disputeId = disputeId;
        n.disputeOrigin = origin;
        n.authorJurisdiction = trustList.selfCode();
        n.mediatorId = me.id;
        n.author = caller.subject();
        n.text = text.strip();
        n.writtenAt = MediatorDirectory.now();
        n.persist();
        // notes never change: version 1, to every other jurisdiction of the team (and the origin)
        Set<String> to = noteReceivers(disputeId, origin);
        var message = TeamMessages.toMessage(n);
        publisher.publish(NOTE_TYPE, n.id.toString(), 1, to, Set.of(), p -> message);
        audit(caller, "session.note", s.id, "note " + n.id + " to " + to);
        return n;
    }

    /** The notes on a session: for the team's mediators only (404 to anyone else, revealing nothing). */
    @Transactional(dontRollbackOn = {NotFoundProblem.class, ForbiddenProblem.class})
    public List<SessionNote> notes(BorderPrincipal caller, UUID disputeId, UUID sessionId) {
        return notes(caller, disputeId, sessionId, null, 0);
    }

    /**
     * As {@link #notes(BorderPrincipal, UUID, UUID)}; with {@code after}, only the notes that
     * arrived here since (a poll), in arrival order, at most {@code limit}.
     */
    @Transactional(dontRollbackOn = {NotFoundProblem.class, ForbiddenProblem.class})
    public List<SessionNote> notes(
            BorderPrincipal caller, UUID disputeId, UUID sessionId, KeysetCursor after, int limit) {
        contributions.requireContributor(caller, "read session notes", BorderPrincipal.MEDIATOR);
        // the write's checks (visible dispute, its session, the caller on the team) in one query
        String username = username();
        Boolean onTeam = teams.noteReader(
                        disputeId,
                        sessionId,
                        caller.jurisdiction(),
                        caller.subject(),
                        username == null ? caller.subject() : username)
                .orElse(null);
        if (onTeam == null) {
            audit(caller, "session.notes.read", sessionId, "not found");
            throw new NotFoundProblem("no visible session " + sessionId + " of dispute " + disputeId);
        }
        if (!onTeam) {
            audit(caller, "session.notes.read", sessionId, "refused: not on the team");
            throw new ForbiddenProblem("only the team's mediators read its notes");
        }
        List<SessionNote> notes = after == null ? teams.notes(sessionId) : teams.notesAfter(sessionId, after, limit);
        audit(
                caller,
                "session.notes.read",
                sessionId,
                notes.size() + " notes" + (after == null ? "" : " after " + after.encode()));
        return notes;
    }

    /**
     * Every jurisdiction of the dispute's team that holds the dispute, and its origin, but us: a
     * member's code the dispute is not shared with (a partner's team may name one we cannot check)
     * gets no note.
     */
    public Set<String> noteReceivers(UUID disputeId, String origin) {
        Set<String> to = new TreeSet<>(teams.memberJurisdictions(disputeId));
        Dispute d = disputes.held(disputeId);
        to.retainAll(d == null ? Set.of() : d.involved);
        to.add(origin);
        to.remove(trustList.selfCode());
        return to;
    }

    /**
     * The caller as a mediator on the dispute's team (their directory record names their account):
     * by the token's subject, or else by its {@code preferred_username}. Keycloak's subject is an
     * opaque UUID that nobody types into the directory; its username is unique in the realm and not
     * editable by the user (the realm files set {@code editUsernameAllowed: false}), and the realm is
     * the jurisdiction's own identity provider, the issuer the caller's jurisdiction comes from.
     */
    java.util.Optional<Mediator> teamMediator(BorderPrincipal caller, UUID disputeId) {
        String username = username();
        // only the caller's jurisdiction's team members named by the subject or the username: one query
        List<Mediator> candidates = teams.membersWithAccount(
                disputeId, caller.jurisdiction(), caller.subject(), username == null ? caller.subject() : username);
        java.util.Optional<Mediator> bySubject = candidates.stream()
                .filter(m -> m.isUser(caller.jurisdiction(), caller.subject()))
                .findFirst();
        if (bySubject.isPresent() || username == null) {
            return bySubject;
        }
        return candidates.stream()
                .filter(m -> m.isUser(caller.jurisdiction(), username))
                .findFirst();
    }

    /** The request's token's preferred_username (Keycloak's login name), or null. */
    String username() {
        if (!token.isResolvable()) {
            return null;
        }
        Object name;
        try {
            name = token.get().getClaim(USERNAME_CLAIM);
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            return null; // no request: no token
        }
        String text = name == null ? null : name.toString();
        return text == null || text.isBlank() || text.length() > 200 ? null : text;
    }

    static final String USERNAME_CLAIM = "preferred_username";

    @Inject
    jakarta.enterprise.inject.Instance<org.eclipse.microprofile.jwt.JsonWebToken> token;

    Set<UUID> teamIds(UUID disputeId) {
        Set<UUID> ids = new TreeSet<>();
        teams.members(disputeId).stream().map((TeamMember m) -> m.mediatorId).forEach(ids::add);
        return ids;
    }

    private Dispute ownDispute(BorderPrincipal caller, UUID disputeId) {
        Dispute d = disputes.lockOwn(disputeId, trustList.selfCode());
        if (d == null) {
            if (disputes.findVisible(disputeId, caller.jurisdiction()).isPresent()) {
                throw new ForbiddenProblem("sessions of dispute " + disputeId + " are scheduled by its origin only");
            }
            throw new NotFoundProblem("no visible dispute " + disputeId);
        }
        if (d.status.isFinal()) {
            throw new ConflictProblem("dispute " + disputeId + " is " + d.status + ": no more sessions");
        }
        return d;
    }

    private MediationSession ownSession(Dispute d, UUID sessionId) {
        MediationSession s = teams.lockSession(sessionId);
        if (s == null || !s.disputeId.equals(d.id)) {
            throw new NotFoundProblem("no session " + sessionId + " of dispute " + d.id);
        }
        return s;
    }

    /** Book in the database; an overlap committed meanwhile by another scheduler is a 409, not a 500. */
    private void book(MediationSession s) {
        try {
            teams.book(s);
            em.flush();
        } catch (PersistenceException e) {
            if (isExclusionViolation(e)) {
                throw new ConflictProblem("mediators already booked at that time (调解员时间冲突)");
            }
            throw e;
        }
    }

    static boolean isExclusionViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23P01".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private void share(Dispute d, MediationSession s) {
        var message = TeamMessages.toMessage(s);
        // where the dispute goes, no further (DisputeSharing.holders)
        publisher.publish(SESSION_TYPE, s.id.toString(), s.version, disputeSharing.holders(d), Set.of(), p -> message);
    }

    private void audit(BorderPrincipal caller, String action, UUID id, String detail) {
        auditLog.append(
                new AuditEntry(caller.subject(), caller.jurisdiction(), action, SESSION_TYPE, id.toString(), detail));
    }
}
