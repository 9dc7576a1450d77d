package org.borderpolice.cases.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.CaseJoinRequest;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.JoinDraft;
import org.borderpolice.cases.JoinFilter;
import org.borderpolice.cases.JoinRules;
import org.borderpolice.cases.JoinState;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.config.CasesConfig;
import org.borderpolice.cases.mapping.JoinMessages;
import org.borderpolice.cases.repository.JoinRequestRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.numbering.RecordNumber;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.LimitReachedProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;

/**
 * Requests to join a case (申请加入案件), the follow-up of a hit over a case's subjects.
 *
 * <p>At the requester: its investigators and commanders ask, at home, naming the case by its
 * number (whose prefix is the owner); the request ({@value #REQUEST_TYPE}) goes to the owner
 * alone. At the owner ({@link JoinRequestApplier} takes it in): its commanders approve (the
 * requester becomes an ACCEPTED participant, as an invited partner that accepted, and receives
 * the case with its whole timeline; an entry JOINED goes on the timeline) or deny with a reason;
 * the decision ({@value #DECISION_TYPE}) goes to the requester alone. Letting a further
 * jurisdiction see a whole case is the commander's call (as closing and reopening are), not an
 * investigator's; investigators and analysts of either side read the requests.
 */
@ApplicationScoped
public class CaseJoins {

    public static final String REQUEST_TYPE = "cases.join-request";
    public static final String DECISION_TYPE = "cases.join-decision";

    @Inject
    JoinRequestRepository requests;

    @Inject
    CaseService caseService;

    @Inject
    CaseSharing sharing;

    @Inject
    PartnerContributions contributions;

    @Inject
    Distributions distributions;

    @Inject
    RecordPublisher publisher;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    CasesConfig config;

    /** Ask to join a partner's case; with an idempotency key, a repeat returns the request filed first. */
    @Transactional
    public IdempotencyKeys.Created<CaseJoinRequest> file(BorderPrincipal caller, JoinDraft draft, String key) {
        contributions.requireContributor(caller, "ask to join cases", CaseService.WRITERS);
        return idempotencyKeys.once(
                caller,
                key,
                "POST /api/v1/case-join-requests",
                draft,
                () -> file(caller, draft),
                r -> r.id.toString(),
                id -> requests.findById(UUID.fromString(id)));
    }

    private CaseJoinRequest file(BorderPrincipal caller, JoinDraft draft) {
        String self = trustList.selfCode();
        RecordNumber number = RecordNumber.parse(draft.caseNumber());
        if (number == null) {
            throw new InvalidProblem("caseNumber: must be <origin>-<year>-<6 digits>");
        }
        String owner = number.origin();
        if (owner.equals(self)) {
            throw new InvalidProblem("caseNumber: " + number + " is a case of " + self + ": it is ours already");
        }
        if (!distributions.mayHold(owner, REQUEST_TYPE)) {
            throw new InvalidProblem(
                    "caseNumber: the agreement does not let " + self + " exchange cases with " + owner);
        }
        // we hold it already: invited (answer the invitation) or accepted
        if (requests.heldCase(owner, number.toString()).isPresent()) {
            throw new ConflictProblem(self + " already takes part in case " + number
                    + ": answer its invitation instead (POST /api/v1/cases/{id}/participation)");
        }
        requests.pending(self, number.toString()).ifPresent(p -> {
            throw new ConflictProblem("a request of " + self + " to join case " + number + " is pending: " + p.id);
        });
        // the owner refuses requests beyond the quota at receipt; say so before sending one
        int max = config.joinRequests().maxPending();
        if (requests.pendingCount(self, owner) >= max) {
            throw new LimitReachedProblem("at most " + max + " requests of " + self + " to join cases of " + owner
                    + " may be pending at a time: wait for decisions or withdraw one");
        }
        // a request follows a hit of ours on that case (the owner checks the same on its side)
        UUID hitCheck = requests.hitCheck(owner, number.toString())
                .orElseThrow(() -> new ConflictProblem("no hit check of " + self + " hit case " + number
                        + ": a request to join follows a hit (POST /api/v1/cases/hit-checks)"));
        CaseJoinRequest r = new CaseJoinRequest();
        r.id = RecordIds.create(self);
        r.requester = self;
        r.caseOrigin = owner;
        r.caseNumber = number.toString();
        r.reason = draft.reason().strip();
        r.hitReference = draft.hitReference() == null || draft.hitReference().isBlank()
                ? "比对 " + hitCheck
                : draft.hitReference().strip();
        r.requestedBy = caller.subject();
        r.requestedUnit = caller.unit();
        r.requestedAt = CaseTimes.now();
        r.state = JoinState.PENDING;
        requests.persist(r);
        publisher.upsert(REQUEST_TYPE, r.id.toString(), 1, owner, JoinMessages.toMessage(r));
        audit(caller, "case.join.requested", r);
        return r;
    }

    /**
     * Withdraw one of our pending requests (撤回申请), by an investigator or commander of ours, at
     * home: final here; the owner gets a tombstone and marks it withdrawn, unless it decided
     * before the withdrawal arrived (then its decision comes and stands).
     */
    @Transactional
    public CaseJoinRequest withdraw(BorderPrincipal caller, UUID id, String reason) {
        contributions.requireContributor(caller, "withdraw requests to join cases", CaseService.WRITERS);
        String self = trustList.selfCode();
        CaseJoinRequest r = requests.lock(id);
        if (r == null || requests.findVisible(id, self).isEmpty()) {
            throw new NotFoundProblem("no visible request to join " + id);
        }
        if (!r.requester.equals(self)) {
            throw new ForbiddenProblem("request " + id + " was filed by " + r.requester + ": only it withdraws it");
        }
        if (r.state != JoinState.PENDING) {
            throw new ConflictProblem(
                    "request " + id + " is " + r.state + " already: only a pending request is withdrawn");
        }
        r.withdraw(caller.subject(), caller.unit(), reason, CaseTimes.now());
        publisher.tombstones(REQUEST_TYPE, r.id.toString(), 2, List.of(r.caseOrigin));
        audit(caller, "case.join.withdrawn", r);
        return r;
    }

    /** Approve a request to join one of our cases: the requester becomes an accepted participant. */
    @Transactional
    public CaseJoinRequest approve(BorderPrincipal caller, UUID id, String note) {
        CaseJoinRequest r = toDecide(caller, id);
        // locks the case, 409 while it is offered or once handed over
        JointCase c = caseService.ownForChange(caller, r.caseId);
        JoinRules.Refusal refusal = JoinRules.refusal(c, r.requester, false);
        if (refusal != null) {
            throw new ConflictProblem("case " + c.number + " cannot be joined by " + r.requester + ": " + refusal.why
                    + "; deny the request");
        }
        if (!distributions.mayHold(r.requester, CaseSharing.CASE_TYPE)) {
            throw new ConflictProblem("the agreement no longer lets " + r.requester + " hold cases; deny the request");
        }
        CaseParticipant known = c.participant(r.requester);
        if (known == null && c.participants.size() >= config.maxParticipants()) {
            throw new ConflictProblem("a case has at most " + config.maxParticipants() + " participants over its life");
        }
        var before = c.sharedWith();
        Instant now = CaseTimes.now();
        CaseParticipant p = JoinRules.join(c, r, caller.subject(), now);
        if (known == null) {
            p.persist();
        }
        c.version++;
        c.updatedAt = now;
        r.decide(true, caller.subject(), caller.unit(), note, now);
        TimelineEntry entry = sharing.participantEntry(
                c, EntryKind.JOINED, r.requester, c.origin, caller.subject(), caller.unit(), r.reason);
        sharing.share(c, before, List.of(entry));
        sendDecision(r);
        audit(caller, "case.join.approved", r);
        return r;
    }

    /** Deny a request to join one of our cases, with the reason the requester sees. */
    @Transactional
    public CaseJoinRequest deny(BorderPrincipal caller, UUID id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidProblem("reason: required to deny");
        }
        CaseJoinRequest r = toDecide(caller, id);
        r.decide(false, caller.subject(), caller.unit(), reason, CaseTimes.now());
        sendDecision(r);
        audit(caller, "case.join.denied", r);
        return r;
    }

    /** Read one request; audited, also when there is none the caller may see. */
    @Transactional
    public Optional<CaseJoinRequest> find(BorderPrincipal caller, UUID id) {
        requireReader(caller);
        Optional<CaseJoinRequest> r = requests.findVisible(id, caller.jurisdiction());
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.join.read",
                REQUEST_TYPE,
                id.toString(),
                r.map(CaseJoins::describe).orElse(CaseService.NOT_FOUND)));
        return r;
    }

    /**
     * A page of at most {@code limit} requests the caller may see, newest first; audited, one entry
     * per page, naming what the caller receives.
     */
    @Transactional
    public KeysetPage<CaseJoinRequest> list(BorderPrincipal caller, JoinFilter filter, KeysetCursor after, int limit) {
        requireReader(caller);
        KeysetPage<CaseJoinRequest> page = KeysetPage.fetch(
                limit,
                n -> requests.listVisible(caller.jurisdiction(), filter, after, n),
                r -> r.requestedAt,
                r -> r.id);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.join.list",
                REQUEST_TYPE,
                null,
                "list" + (filter.direction() == null ? "" : " direction=" + filter.direction())
                        + (filter.state() == null ? "" : " state=" + filter.state())
                        + (filter.caseNumber() == null ? "" : " case=" + filter.caseNumber())
                        + (after == null ? "" : " after=" + after.encode()) + " "
                        + page.audited(r -> r.id.toString())));
        return page;
    }

    /** The decision to the requester alone (version 1: decisions are final). */
    void sendDecision(CaseJoinRequest r) {
        publisher.upsert(
                DECISION_TYPE,
                CaseJoinRequest.decisionRecordId(r.id, r.caseOrigin),
                1,
                r.requester,
                JoinMessages.decision(r));
    }

    /** A pending request to join one of our cases, locked, for one of our commanders to decide. */
    private CaseJoinRequest toDecide(BorderPrincipal caller, UUID id) {
        String self = trustList.selfCode();
        if (!caller.jurisdiction().equals(self)) {
            throw new ForbiddenProblem("only users of " + self + " decide requests to join its cases here");
        }
        if (!caller.hasRole(BorderPrincipal.COMMANDER)) {
            throw new ForbiddenProblem("deciding requests to join a case needs role commander");
        }
        CaseJoinRequest r = requests.lock(id);
        if (r == null || requests.findVisible(id, self).isEmpty()) {
            throw new NotFoundProblem("no visible request to join " + id);
        }
        if (!r.caseOrigin.equals(self)) {
            throw new ForbiddenProblem(
                    "request " + id + " asks " + r.caseOrigin + ": only the case's owner decides it");
        }
        if (r.state != JoinState.PENDING) {
            throw new ConflictProblem("request " + id + " is " + r.state + " already: decisions are final");
        }
        return r;
    }

    private static void requireReader(BorderPrincipal caller) {
        if (!caller.hasAnyRole(CaseService.READERS)) {
            throw new ForbiddenProblem("reading requests to join cases needs role investigator, analyst or commander");
        }
    }

    static String describe(CaseJoinRequest r) {
        return r.caseNumber + " of " + r.caseOrigin + " asked by " + r.requester + ", " + r.state
                + (r.refusal == null ? "" : " (" + r.refusal + ")");
    }

    void audit(BorderPrincipal caller, String action, CaseJoinRequest r) {
        auditLog.append(new AuditEntry(
                caller.subject(), caller.jurisdiction(), action, REQUEST_TYPE, r.id.toString(), describe(r)));
    }
}
