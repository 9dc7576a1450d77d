package org.borderpolice.cases.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.CaseDraft;
import org.borderpolice.cases.CaseFilter;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.config.CasesConfig;
import org.borderpolice.cases.repository.CaseRepository;
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
import org.borderpolice.federation.transfer.Transfers;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.Amounts;
import org.borderpolice.federation.validation.RecordIds;

/**
 * Filing, editing and moving our joint cases through their statuses, inviting and removing
 * participants; reading cases as the caller may see them. Every change is replicated to the
 * case's participants and put on its timeline in its own transaction.
 *
 * <p>Who: every suite role that investigates (investigator, analyst, commander) of the origin or
 * of a participant reads; only the origin's investigators and commanders change a case, and
 * only a commander closes or reopens one. Every change of a case first locks its row, so changes
 * of one case happen one after another and every version number is used once.
 */
@ApplicationScoped
public class CaseService {

    public static final String CASE_TYPE = CaseSharing.CASE_TYPE;
    /** Roles that read cases. */
    public static final String[] READERS = {
        BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER
    };
    /** Roles that change cases (the owner's) and contribute to them (a participant's). */
    public static final String[] WRITERS = {BorderPrincipal.INVESTIGATOR, BorderPrincipal.COMMANDER};

    /** What the audit says of a read of a case that does not exist or that the caller may not see. */
    public static final String NOT_FOUND = "not found or not visible";

    @Inject
    CaseRepository cases;

    @Inject
    CaseSharing sharing;

    @Inject
    Distributions distributions;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    CasesConfig config;

    @Inject
    Transfers transfers;

    /**
     * A filing's answer: the case, whether an earlier request with the same idempotency key filed
     * it ({@code replayed}), or whether it was filed earlier for the same escalated dispute
     * ({@code linkedEarlier}: nothing new stored).
     */
    public record Filed(JointCase value, boolean replayed, boolean linkedEarlier) {}

    /**
     * File a case (DRAFT, or OPEN at once); with an idempotency key, a repeat returns the case filed
     * first. A case that names an escalated dispute ({@code linkedDispute}) is filed once per
     * dispute, whoever files it and with whatever key: a filing naming a dispute that one of our
     * cases names already answers with that case (an escalation repeated by another user after a
     * lost answer, or after the dispute was edited, must not open a second case).
     */
    @Transactional
    public Filed file(BorderPrincipal caller, CaseDraft draft, boolean open, String idempotencyKey) {
        requireOwnerUser(caller, "file cases");
        String self = trustList.selfCode();
        if (draft.linkedDispute() != null) {
            // an escalated dispute (民转刑) is one of ours: its id names the jurisdiction that created it
            if (!RecordIds.creator(draft.linkedDispute()).equals(Optional.of(self))) {
                throw new InvalidProblem("linkedDispute: not a dispute of this jurisdiction (" + self + ")");
            }
            cases.lockLinkedDispute(draft.linkedDispute());
            Optional<JointCase> linked = cases.linkedTo(self, draft.linkedDispute());
            if (linked.isPresent()) {
                audit(caller, "case.filing-linked-earlier", linked.get());
                return new Filed(linked.get(), false, true);
            }
        }
        IdempotencyKeys.Created<JointCase> created = idempotencyKeys.once(
                caller,
                idempotencyKey,
                "POST /api/v1/cases",
                List.of(draft, open),
                () -> file(caller, draft, open),
                c -> c.id.toString(),
                id -> cases.held(UUID.fromString(id)));
        return new Filed(created.value(), created.replayed(), false);
    }

    private JointCase file(BorderPrincipal caller, CaseDraft draft, boolean open) {
        Set<String> invited = invitable(draft.participants() == null ? Set.of() : draft.participants(), 0);
        Instant now = CaseTimes.now();
        String self = trustList.selfCode();
        int year = now.atZone(config.numberTimeZone()).getYear();
        int sequence = cases.nextNumber(self, year)
                .orElseThrow(() -> new LimitReachedProblem("the case numbers of " + year + " are used up"));
        JointCase c = new JointCase();
        c.id = JointCase.newId(self);
        c.origin = self;
        c.number = new RecordNumber(self, year, sequence).toString();
        c.status = open ? CaseStatus.OPEN : CaseStatus.DRAFT;
        c.version = 1;
        c.createdAt = now;
        c.createdBy = caller.subject();
        c.statusChangedAt = now;
        c.linkedDispute = draft.linkedDispute();
        content(c, draft, caller, now);
        cases.persist(c);
        List<TimelineEntry> entries = new ArrayList<>();
        TimelineEntry created =
                sharing.entry(c, EntryKind.CREATED, self, caller.subject(), caller.unit(), c.number + " " + c.title);
        created.statusTo = c.status;
        entries.add(created);
        for (String partner : invited) {
            c.participants.add(invite(c, partner, caller, now));
            entries.add(sharing.participantEntry(
                    c, EntryKind.INVITED, partner, self, caller.subject(), caller.unit(), null));
        }
        sharing.share(c, Set.of(), entries);
        audit(caller, "case.filed", c);
        return c;
    }

    /** Replace the content of one of our cases (not its status or participants). */
    @Transactional
    public JointCase edit(BorderPrincipal caller, UUID id, CaseDraft draft) {
        requireOwnerUser(caller, "change cases");
        JointCase c = ownForChange(caller, id);
        requireChangeable(c);
        Set<String> before = c.sharedWith();
        String changed = changedFields(c, draft);
        Instant now = CaseTimes.now();
        content(c, draft, caller, now);
        c.version++;
        TimelineEntry entry =
                sharing.entry(c, EntryKind.EDITED, c.origin, caller.subject(), caller.unit(), "changed: " + changed);
        sharing.share(c, before, List.of(entry));
        audit(caller, "case.edited", c);
        return c;
    }

    /** Move one of our cases to another status, by the rules of {@link CaseStatus}. */
    @Transactional
    public JointCase transition(BorderPrincipal caller, UUID id, CaseStatus to, String reason) {
        requireOwnerUser(caller, "change cases");
        if (CaseStatus.needsCommander(to) && !caller.hasRole(BorderPrincipal.COMMANDER)) {
            throw new ForbiddenProblem("only a commander makes a case " + to);
        }
        JointCase c = ownForChange(caller, id);
        CaseStatus from = c.status;
        if (!from.mayBecome(to)) {
            throw new ConflictProblem("case " + c.number + " is " + from + ": it may become "
                    + (from.next().isEmpty() ? "nothing else" : from.next().toString()) + ", not " + to);
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (from.needsReason(to) && why == null) {
            throw new InvalidProblem("reason: required to make a case " + to + " from " + from);
        }
        Set<String> before = c.sharedWith();
        Instant now = CaseTimes.now();
        c.changeStatus(to, now);
        c.updatedAt = now;
        c.version++;
        TimelineEntry entry = sharing.statusEntry(c, from, to, caller.subject(), caller.unit(), why);
        sharing.share(c, before, List.of(entry));
        audit(caller, "case.status", c);
        return c;
    }

    /** Invite partners to one of our cases (those already invited or accepted are left as they are). */
    @Transactional
    public JointCase invite(BorderPrincipal caller, UUID id, Set<String> partners) {
        requireOwnerUser(caller, "invite partners");
        JointCase c = ownForChange(caller, id);
        requireChangeable(c);
        Set<String> codes = invitable(partners, 0);
        Set<String> before = c.sharedWith();
        Instant now = CaseTimes.now();
        List<TimelineEntry> entries = new ArrayList<>();
        long known = c.participants.size();
        for (String partner : codes) {
            CaseParticipant p = c.participant(partner);
            if (p != null && p.state.active()) {
                continue;
            }
            if (p == null) {
                if (++known > config.maxParticipants()) {
                    throw new ConflictProblem(
                            "a case has at most " + config.maxParticipants() + " participants over its life");
                }
                c.participants.add(invite(c, partner, caller, now));
            } else {
                // invited again after a decline or removal: the answer's version goes on counting
                p.state = ParticipantState.INVITED;
                p.invitedAt = now;
                p.invitedBy = caller.subject();
                p.answeredAt = null;
                p.answeredBy = null;
                p.answerUnit = null;
                p.reason = null;
            }
            entries.add(sharing.participantEntry(
                    c, EntryKind.INVITED, partner, c.origin, caller.subject(), caller.unit(), null));
        }
        if (entries.isEmpty()) {
            return c;
        }
        c.version++;
        c.updatedAt = now;
        sharing.share(c, before, entries);
        audit(caller, "case.invited", c);
        return c;
    }

    /** Remove a participant from one of our cases: it gets a tombstone and sees the case no more. */
    @Transactional
    public JointCase remove(BorderPrincipal caller, UUID id, String partner, String reason) {
        requireOwnerUser(caller, "remove participants");
        JointCase c = ownForChange(caller, id);
        requireChangeable(c);
        CaseParticipant p = c.participant(partner);
        if (p == null || !p.state.active()) {
            throw new NotFoundProblem("no participant " + partner + " in case " + c.number);
        }
        Set<String> before = c.sharedWith();
        Instant now = CaseTimes.now();
        p.state = ParticipantState.REMOVED;
        p.answeredAt = now;
        p.answeredBy = caller.subject();
        p.answerUnit = caller.unit();
        p.reason = reason == null || reason.isBlank() ? null : reason.strip();
        c.version++;
        c.updatedAt = now;
        TimelineEntry entry = sharing.participantEntry(
                c, EntryKind.REMOVED, partner, c.origin, caller.subject(), caller.unit(), p.reason);
        sharing.share(c, before, List.of(entry));
        audit(caller, "case.removed-participant", c);
        return c;
    }

    /** Read one case; audited, also when there is no such case the caller may see. */
    @Transactional
    public Optional<JointCase> find(BorderPrincipal caller, UUID id) {
        requireReader(caller);
        Optional<JointCase> c = cases.findVisible(id, caller.jurisdiction());
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.read",
                CASE_TYPE,
                id.toString(),
                c.isPresent() ? c.get().number + " version " + c.get().version : NOT_FOUND));
        return c;
    }

    /**
     * A page of at most {@code limit} cases the caller may see, newest filed first; audited, one
     * entry per page, naming what the caller receives.
     */
    @Transactional
    public KeysetPage<JointCase> list(BorderPrincipal caller, CaseFilter filter, KeysetCursor after, int limit) {
        requireReader(caller);
        KeysetPage<JointCase> page = KeysetPage.fetch(
                limit, n -> cases.listVisible(caller.jurisdiction(), filter, after, n), c -> c.createdAt, c -> c.id);
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                "case.list",
                CASE_TYPE,
                null,
                describe(filter) + (after == null ? "" : " after=" + after.encode()) + " "
                        + page.audited(JointCase::recordId)));
        return page;
    }

    static String describe(CaseFilter f) {
        StringBuilder d = new StringBuilder("list");
        if (f.status() != null) {
            d.append(" status=").append(f.status());
        }
        if (f.category() != null) {
            d.append(" category=").append(f.category());
        }
        if (f.origin() != null) {
            d.append(" origin=").append(f.origin());
        }
        if (f.participant() != null) {
            d.append(" participant=").append(f.participant());
        }
        if (f.linkedDispute() != null) {
            d.append(" linkedDispute=").append(f.linkedDispute());
        }
        if (f.overdue() != null) {
            d.append(" overdue=").append(f.overdue());
        }
        return d.toString();
    }

    /** A case the caller may see, for a read beside the case (timeline); 404 if none, audited by the caller. */
    // a 404 leaves the caller's transaction alive, so that it can audit the refused read
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = NotFoundProblem.class)
    public JointCase visible(BorderPrincipal caller, UUID id) {
        requireReader(caller);
        return cases.findVisible(id, caller.jurisdiction())
                .orElseThrow(() -> new NotFoundProblem("no visible case " + id));
    }

    /**
     * One of our cases the caller may see, locked for a change: 404 if it sees none, 403 if it
     * is a partner's (only its owner changes a case).
     */
    JointCase ownForChange(BorderPrincipal caller, UUID id) {
        // locked first, so that what is checked and changed is what the last change committed
        JointCase held = cases.lockHeld(id);
        if (held == null || cases.findVisible(id, caller.jurisdiction()).isEmpty()) {
            throw new NotFoundProblem("no visible case " + id);
        }
        if (!held.origin.equals(trustList.selfCode())) {
            throw new ForbiddenProblem(
                    "case " + held.number + " belongs to " + held.origin + ": only its owner changes it");
        }
        // frozen while offered to a partner, read-only once handed over (先受理后移交)
        transfers.requireChangeable(CASE_TYPE, held.recordId());
        return held;
    }

    private static void requireChangeable(JointCase c) {
        if (!c.status.changeable()) {
            throw new ConflictProblem("case " + c.number + " is " + c.status + ": reopen it first");
        }
    }

    private void requireOwnerUser(BorderPrincipal caller, String what) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " " + what + " here");
        }
        if (!caller.hasAnyRole(WRITERS)) {
            throw new ForbiddenProblem(what + " needs role investigator or commander");
        }
    }

    private static void requireReader(BorderPrincipal caller) {
        if (!caller.hasAnyRole(READERS)) {
            throw new ForbiddenProblem("reading cases needs role investigator, analyst or commander");
        }
    }

    /** The partners named, each one the agreement lets hold cases (400 naming the others). */
    private Set<String> invitable(Set<String> partners, int already) {
        Set<String> codes = distributions.resolve(CASE_TYPE, "cases", partners);
        if (codes.size() + already > config.maxParticipants()) {
            throw new InvalidProblem("participants: at most " + config.maxParticipants());
        }
        return codes;
    }

    private CaseParticipant invite(JointCase c, String partner, BorderPrincipal caller, Instant now) {
        CaseParticipant p = new CaseParticipant();
        p.caseId = c.id;
        p.jurisdiction = partner;
        p.state = ParticipantState.INVITED;
        p.invitedAt = now;
        p.invitedBy = caller.subject();
        p.persist();
        return p;
    }

    /** The draft's content onto the case (validated at the REST boundary). */
    private static void content(JointCase c, CaseDraft d, BorderPrincipal caller, Instant now) {
        c.category = d.category();
        c.title = d.title().strip();
        c.summary = d.summary().strip();
        c.occurredAt = d.occurredAt();
        c.township = blankToNull(d.township());
        c.countyCode = blankToNull(d.countyCode());
        c.leadUnit = d.leadUnit() != null && !d.leadUnit().isBlank()
                ? d.leadUnit().strip()
                : Optional.ofNullable(caller.unit()).orElse("");
        c.lossAmount = Amounts.normalise(d.lossAmount());
        c.recoveredAmount = Amounts.normalise(d.recoveredAmount());
        c.subjects.clear();
        if (d.subjects() != null) {
            c.subjects.addAll(d.subjects());
        }
        c.updatedAt = now;
        c.index();
    }

    /** The names of the fields an edit changes, for the timeline. */
    private static String changedFields(JointCase c, CaseDraft d) {
        List<String> changed = new ArrayList<>();
        if (c.category != d.category()) {
            changed.add("category");
        }
        if (!c.title.equals(d.title().strip())) {
            changed.add("title");
        }
        if (!c.summary.equals(d.summary().strip())) {
            changed.add("summary");
        }
        if (!Objects.equals(c.occurredAt, d.occurredAt())) {
            changed.add("occurredAt");
        }
        if (!Objects.equals(c.township, blankToNull(d.township()))
                || !Objects.equals(c.countyCode, blankToNull(d.countyCode()))) {
            changed.add("place");
        }
        if (d.leadUnit() != null && !c.leadUnit.equals(d.leadUnit().strip())) {
            changed.add("leadUnit");
        }
        if (c.lossAmount.compareTo(Amounts.normalise(d.lossAmount())) != 0) {
            changed.add("lossAmount");
        }
        if (c.recoveredAmount.compareTo(Amounts.normalise(d.recoveredAmount())) != 0) {
            changed.add("recoveredAmount");
        }
        if (!sameSubjects(c, d)) {
            changed.add("subjects");
        }
        return changed.isEmpty() ? "nothing" : String.join(", ", changed);
    }

    private static boolean sameSubjects(JointCase c, CaseDraft d) {
        var given = d.subjects() == null ? List.<org.borderpolice.cases.CaseSubject>of() : d.subjects();
        if (given.size() != c.subjects.size()) {
            return false;
        }
        for (int i = 0; i < given.size(); i++) {
            var a = given.get(i);
            var b = c.subjects.get(i);
            if (a.kind != b.kind || !a.value.equals(b.value) || !Objects.equals(a.label, b.label) || a.role != b.role) {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private void audit(BorderPrincipal caller, String action, JointCase c) {
        auditLog.append(new AuditEntry(
                caller.subject(),
                caller.jurisdiction(),
                action,
                CASE_TYPE,
                c.recordId(),
                c.number + " version " + c.version + ", " + c.status + ", shared with " + c.sharedWith()));
    }
}
