package org.borderpolice.cases.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.AssistanceDraft;
import org.borderpolice.cases.AssistanceFilter;
import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.AssistanceRules;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.ResponderState;
import org.borderpolice.cases.repository.AssistanceRepository;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.paging.KeysetPage;
import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.NotFoundProblem;
import org.borderpolice.federation.replication.Distributions;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.RecordPublisher;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;

/**
 * Assistance requests (协查请求): sent by a participant of a joint case to another, accepted with
 * a named officer, declined or answered by the addressee, withdrawn by the requester; read by
 * both sides; overdue ones listed for commanders (超期督办).
 *
 * <p>Who: investigators and commanders of the requesting jurisdiction send and withdraw, at
 * home; those of the addressee accept, decline and answer, at home (a partner answers only the
 * requests addressed to it, and changes only its own part); investigators, analysts and
 * commanders of either side read; commanders read the escalation list. The requester and the
 * addressee must each be the case's owner or a participant that has accepted it.
 */
@ApplicationScoped
public class AssistanceService {

    public static final String REQUEST_TYPE = "cases.assistance-request";
    public static final String RESPONSE_TYPE = "cases.assistance-response";
    public static final String NOT_FOUND = "not found or not visible";

    @Inject
    AssistanceRepository requests;

    @Inject
    AssistanceNotifications assistanceNotifications;

    @Inject
    CaseRepository cases;

    @Inject
    RecordPublisher publisher;

    @Inject
    PartnerContributions contributions;

    @Inject
    Distributions distributions;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    AssistanceRules rules;

    @Inject
    CaseFiles files;

    @Inject
    FrozenCases frozen;

    public AssistanceRules rules() {
        return rules;
    }

    /** 发起协查; with an idempotency key, a repeat returns the request sent first. */
    @Transactional
    public IdempotencyKeys.Created<AssistanceRequest> send(
            BorderPrincipal caller, AssistanceDraft draft, String idempotencyKey) {
        contributions.requireContributor(caller, "send assistance requests", CaseService.WRITERS);
        return idempotencyKeys.once(
                caller,
                idempotencyKey,
                "POST /api/v1/assistance-requests",
                draft,
                () -> send(caller, draft),
                AssistanceRequest::recordId,
                id -> requests.findById(UUID.fromString(id)));
    }

    private AssistanceRequest send(BorderPrincipal caller, AssistanceDraft draft) {
        String self = trustList.selfCode();
        JointCase c = cases.findVisible(draft.caseId(), self)
                .orElseThrow(() -> new NotFoundProblem("no visible case " + draft.caseId()));
        if (!c.status.shared() || !c.status.changeable()) {
            throw new ConflictProblem("case " + c.number + " is " + c.status + ": no assistance requests on it");
        }
        // a request changes the case's work: not while it is offered, nor once it was handed over
        frozen.requireOpen(c);
        if (!takesPart(c, self)) {
            throw new ConflictProblem(
                    self + " has not accepted case " + c.number + ": accept the invitation before asking for help");
        }
        String addressee = draft.addressee();
        if (addressee.equals(self)) {
            throw new InvalidProblem("addressee: a request goes to a partner, not to " + self);
        }
        if (!takesPart(c, addressee)) {
            throw new InvalidProblem("addressee: " + addressee
                    + " is neither the owner nor an accepted participant of case " + c.number);
        }
        if (!distributions.mayHold(addressee, REQUEST_TYPE)) {
            throw new InvalidProblem("addressee: the agreement does not let " + addressee + " receive cases");
        }
        long[] open = requests.openBetween(self, addressee, c.id);
        String tooMany = rules.openRequestsProblem(open[0], open[1]);
        if (tooMany != null) {
            throw new ConflictProblem(tooMany);
        }
        Instant now = CaseTimes.now();
        Instant due = draft.dueAt() == null
                ? rules.dueAt(draft.priority(), now)
                : draft.dueAt().truncatedTo(ChronoUnit.MICROS);
        String dueProblem = AssistanceRules.deadlineProblem(now, due);
        if (dueProblem != null) {
            throw new InvalidProblem("dueAt: " + dueProblem);
        }
        AssistanceRequest r = new AssistanceRequest();
        r.id = RecordIds.create(self);
        r.caseId = c.id;
        r.caseOrigin = c.origin;
        r.requester = self;
        r.addressee = addressee;
        r.kind = draft.kind();
        r.priority = draft.priority();
        r.details = draft.details().strip();
        if (draft.subjects() != null) {
            r.subjects.addAll(draft.subjects());
        }
        r.requestedBy = caller.subject();
        r.requesterUnit = caller.unit();
        r.sentAt = now;
        r.dueAt = due;
        r.requestVersion = 1;
        requests.persist(r);
        publish(r);
        audit(caller, "assistance.sent", r);
        return r;
    }

    /** 受理/指定民警: the addressee assigns a named officer (again: another officer). */
    @Transactional
    public AssistanceRequest accept(BorderPrincipal caller, UUID id, String officerName, String officerId) {
        return accept(caller, id, officerName, officerId, null);
    }

    /**
     * 受理/指定民警, and when {@code officerAccount} names the officer's account here, a live
     * notification for them (协查请求已指派给您), in the same transaction.
     */
    @Transactional
    public AssistanceRequest accept(
            BorderPrincipal caller, UUID id, String officerName, String officerId, String officerAccount) {
        AssistanceRequest r = addressedToUs(caller, id, "accept assistance requests");
        change(r, ResponderState.ACCEPTED);
        r.accept(officerName.strip(), blankToNull(officerId), caller.subject(), caller.unit(), CaseTimes.now());
        respond(caller, r, "assistance.accepted");
        String account = blankToNull(officerAccount);
        if (account != null) {
            assistanceNotifications.assigned(r, account.strip());
        }
        return r;
    }

    /** 不予协查, with a reason. */
    @Transactional
    public AssistanceRequest decline(BorderPrincipal caller, UUID id, String reason) {
        AssistanceRequest r = addressedToUs(caller, id, "decline assistance requests");
        change(r, ResponderState.DECLINED);
        r.decline(reason.strip(), caller.subject(), caller.unit(), CaseTimes.now());
        respond(caller, r, "assistance.declined");
        return r;
    }

    /** 反馈协查结果. */
    @Transactional
    public AssistanceRequest answer(BorderPrincipal caller, UUID id, String findings) {
        AssistanceRequest r = addressedToUs(caller, id, "answer assistance requests");
        change(r, ResponderState.ANSWERED);
        r.answer(findings.strip(), caller.subject(), caller.unit(), CaseTimes.now());
        respond(caller, r, "assistance.answered");
        return r;
    }

    /** 撤回, by the requester, while the request is open. */
    @Transactional
    public AssistanceRequest withdraw(BorderPrincipal caller, UUID id, String reason) {
        contributions.requireContributor(caller, "withdraw assistance requests", CaseService.WRITERS);
        AssistanceRequest r = visibleLocked(caller, id);
        if (!r.requester.equals(trustList.selfCode())) {
            throw new ForbiddenProblem("request " + id + " was sent by " + r.requester + ": only it withdraws it");
        }
        String problem = r.withdrawalProblem();
        if (problem != null) {
            throw new ConflictProblem("request " + id + " " + problem);
        }
        r.withdraw(caller.subject(), blankToNull(reason), CaseTimes.now());
        r.requestVersion++;
        publish(r);
        audit(caller, "assistance.withdrawn", r);
        return r;
    }

    /** Read one request; audited, also when there is none the caller may see. */
    @Transactional
    public Optional<AssistanceRequest> find(BorderPrincipal caller, UUID id) {
        requireReader(caller);
        Optional<AssistanceRequest> r = requests.findVisible(id, caller.jurisdiction());
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "assistance.read",
                REQUEST_TYPE,
                id.toString(),
                r.map(AssistanceService::describe).orElse(NOT_FOUND)));
        return r;
    }

    /**
     * A page of at most {@code limit} requests the caller may see, newest sent first; audited, one
     * entry per page, naming what the caller receives.
     */
    @Transactional
    public KeysetPage<AssistanceRequest> list(
            BorderPrincipal caller, AssistanceFilter filter, KeysetCursor after, int limit) {
        requireReader(caller);
        Instant now = CaseTimes.now();
        KeysetPage<AssistanceRequest> page = KeysetPage.fetch(
                limit,
                n -> requests.listVisible(caller.jurisdiction(), filter, after, n, now),
                r -> r.sentAt,
                r -> r.id);
        auditPage(caller, "assistance.list", filter + (after == null ? "" : " after=" + after.encode()), page);
        return page;
    }

    /** 超期督办: at most {@code limit} overdue requests of either direction, for commanders; audited as returned. */
    @Transactional
    public KeysetPage<AssistanceRequest> escalations(BorderPrincipal caller, KeysetCursor after, int limit) {
        if (!caller.hasRole(BorderPrincipal.COMMANDER)) {
            throw new ForbiddenProblem("the escalation list needs role commander");
        }
        Instant now = CaseTimes.now();
        // the longest overdue first: the cursor is the deadline
        KeysetPage<AssistanceRequest> page = KeysetPage.fetch(
                limit, n -> requests.overdue(caller.jurisdiction(), now, after, n), r -> r.dueAt, r -> r.id);
        auditPage(
                caller, "assistance.escalations", "overdue" + (after == null ? "" : " after=" + after.encode()), page);
        return page;
    }

    /** Is {@code code} the case's owner or a participant that has accepted it (as held here)? */
    static boolean takesPart(JointCase c, String code) {
        if (c.origin.equals(code)) {
            return true;
        }
        CaseParticipant p = c.participant(code);
        return p != null && p.state == ParticipantState.ACCEPTED;
    }

    private AssistanceRequest addressedToUs(BorderPrincipal caller, UUID id, String what) {
        contributions.requireContributor(caller, what, CaseService.WRITERS);
        AssistanceRequest r = visibleLocked(caller, id);
        if (!r.addressee.equals(trustList.selfCode())) {
            throw new ForbiddenProblem(
                    "request " + id + " is addressed to " + r.addressee + ": only the addressee answers it");
        }
        return r;
    }

    private AssistanceRequest visibleLocked(BorderPrincipal caller, UUID id) {
        // locked first, so that what is checked is what the last change committed
        AssistanceRequest r = requests.lock(id);
        if (r == null || requests.findVisible(id, caller.jurisdiction()).isEmpty()) {
            throw new NotFoundProblem("no visible assistance request " + id);
        }
        return r;
    }

    private static void change(AssistanceRequest r, ResponderState to) {
        String problem = r.responseProblem(to);
        if (problem != null) {
            throw new ConflictProblem("request " + r.id + " " + problem);
        }
    }

    /** Our part as the addressee, to the requester. */
    private void respond(BorderPrincipal caller, AssistanceRequest r, String action) {
        r.responseVersion++;
        contributions.send(RESPONSE_TYPE, r.responseRecordId(), r.responseVersion, r, files.responseMessage(r));
        audit(caller, action, r);
    }

    /** Our part as the requester, to the addressee (its only receiver: the distribution never changes). */
    private void publish(AssistanceRequest r) {
        publisher.upsert(REQUEST_TYPE, r.recordId(), r.requestVersion, r.addressee, files.requestMessage(r));
    }

    private static void requireReader(BorderPrincipal caller) {
        if (!caller.hasAnyRole(CaseService.READERS)) {
            throw new ForbiddenProblem("reading assistance requests needs role investigator, analyst or commander");
        }
    }

    static String describe(AssistanceRequest r) {
        return r.requester + "→" + r.addressee + " case " + r.caseId + " " + r.kind + " " + r.priority + " "
                + r.state() + " due " + r.dueAt + " (request version " + r.requestVersion + ", response version "
                + r.responseVersion + ")";
    }

    private void audit(BorderPrincipal caller, String action, AssistanceRequest r) {
        auditLog.append(new AuditEntry(
                caller.subject(), caller.jurisdiction(), action, REQUEST_TYPE, r.recordId(), describe(r)));
    }

    private void auditPage(BorderPrincipal caller, String action, String what, KeysetPage<AssistanceRequest> page) {
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                action,
                REQUEST_TYPE,
                null,
                what + " " + page.audited(AssistanceRequest::recordId)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
