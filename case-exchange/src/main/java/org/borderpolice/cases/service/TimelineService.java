package org.borderpolice.cases.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseNote;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.CaseTimes;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.mapping.TimelineMessages;
import org.borderpolice.cases.repository.CaseRepository;
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
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.RecordIds;

import io.quarkus.panache.common.Parameters;

/**
 * A case's timeline (时间线): read by whoever sees the case, newest first; notes added by the
 * owner's investigators and commanders (an entry of the owner) and by those of an accepted
 * participant (the participant's own {@value #NOTE_TYPE} record, sent to the origin, which puts
 * it on the timeline every participant sees).
 */
@ApplicationScoped
public class TimelineService {

    public static final String NOTE_TYPE = "cases.timeline-note";

    @Inject
    CaseRepository cases;

    @Inject
    CaseService caseService;

    @Inject
    CaseSharing sharing;

    @Inject
    PartnerContributions contributions;

    @Inject
    TrustList trustList;

    @Inject
    AuditLog auditLog;

    @Inject
    FrozenCases frozen;

    @Inject
    IdempotencyKeys idempotencyKeys;

    /**
     * A page of at most {@code limit} entries of the timeline, newest first; audited with the
     * number returned, also when the case is not visible.
     */
    @Transactional(dontRollbackOn = NotFoundProblem.class)
    public KeysetPage<TimelineEntry> list(BorderPrincipal caller, UUID caseId, KeysetCursor after, int limit) {
        JointCase c;
        try {
            c = caseService.visible(caller, caseId);
        } catch (NotFoundProblem e) {
            audit(caller, "case.timeline.read", caseId, CaseService.NOT_FOUND);
            throw e;
        }
        KeysetPage<TimelineEntry> page =
                KeysetPage.fetch(limit, n -> entries(caseId, c.origin, after, n), e -> e.occurredAt, e -> e.id);
        audit(
                caller,
                "case.timeline.read",
                caseId,
                page.items().size() + " entries" + (after == null ? "" : " after " + after.encode()));
        return page;
    }

    /** Up to {@code limit} entries of the case after the cursor, newest first, with our notes in flight. */
    private List<TimelineEntry> entries(UUID caseId, String origin, KeysetCursor after, int limit) {
        // entries of the case's origin only (one that arrived before its case cannot claim it)
        StringBuilder query = new StringBuilder("caseId = :case and caseOrigin = :origin");
        Parameters params = Parameters.with("case", caseId).and("origin", origin);
        if (after != null) {
            query.append(" and (occurredAt < :at or (occurredAt = :at and id < :id))");
            params.and("at", after.at()).and("id", after.id());
        }
        List<TimelineEntry> page =
                new ArrayList<>(TimelineEntry.<TimelineEntry>find(query + " order by occurredAt desc, id desc", params)
                        .range(0, limit - 1)
                        .list());
        if (!origin.equals(trustList.selfCode())) {
            // our own notes the origin has not put on the timeline yet (a handful in flight)
            StringBuilder own = new StringBuilder(
                    "n.caseId = :case and n.authorJurisdiction = :me and not exists (select 1 from TimelineEntry e"
                            + " where e.noteId = n.id)");
            Parameters ownParams = Parameters.with("case", caseId).and("me", trustList.selfCode());
            if (after != null) {
                own.append(" and (n.writtenAt < :at or (n.writtenAt = :at and n.id < :id))");
                ownParams.and("at", after.at()).and("id", after.id());
            }
            CaseNote.<CaseNote>find("from CaseNote n where " + own, ownParams).list().stream()
                    .map(TimelineEntry::pendingNote)
                    .forEach(page::add);
            page.sort(Comparator.comparing((TimelineEntry e) -> e.occurredAt)
                    .thenComparing(e -> e.id)
                    .reversed());
            if (page.size() > limit) {
                page = new ArrayList<>(page.subList(0, limit));
            }
        }
        return page;
    }

    /**
     * Add a note: at the owner an entry of ours; at an accepted participant its own note, sent to
     * the owner. With an idempotency key, a repeat returns the note added first.
     */
    @Transactional
    public IdempotencyKeys.Created<TimelineEntry> note(
            BorderPrincipal caller, UUID caseId, String text, String idempotencyKey) {
        contributions.requireContributor(caller, "add notes", CaseService.WRITERS);
        // the case's rules are checked only for a first request: a client retrying after a lost
        // answer gets its note even if the case was closed meanwhile (while it still sees the case)
        return idempotencyKeys.once(
                caller,
                idempotencyKey,
                "POST /api/v1/cases/{id}/timeline",
                List.of(caseId, text),
                () -> note(caller, caseId, text),
                e -> e.id.toString(),
                id -> added(caller, caseId, UUID.fromString(id)));
    }

    /** The notes a participant has written on a case (the case is locked by the caller). */
    static long notesOf(UUID caseId, String participant) {
        return CaseNote.count("caseId = ?1 and authorJurisdiction = ?2", caseId, participant);
    }

    private TimelineEntry note(BorderPrincipal caller, UUID caseId, String text) {
        JointCase c = cases.lockHeld(caseId);
        if (c == null || cases.findVisible(caseId, caller.jurisdiction()).isEmpty()) {
            throw new NotFoundProblem("no visible case " + caseId);
        }
        if (!c.status.changeable()) {
            throw new ConflictProblem("case " + c.number + " is " + c.status + ": its timeline takes no notes");
        }
        frozen.requireOpen(c);
        String self = trustList.selfCode();
        if (c.origin.equals(self)) {
            TimelineEntry e = sharing.entry(c, EntryKind.NOTE, self, caller.subject(), caller.unit(), text.strip());
            sharing.shareEntries(c, List.of(e));
            audit(caller, "case.note", caseId, "entry " + e.id);
            return e;
        }
        CaseParticipant me = c.participant(self);
        if (me == null || me.state != ParticipantState.ACCEPTED) {
            throw new ForbiddenProblem("only participants that accepted the case add notes to it");
        }
        if (notesOf(c.id, self) >= CaseFields.NOTES_PER_PARTICIPANT) {
            throw new ConflictProblem(self + " has written " + CaseFields.NOTES_PER_PARTICIPANT + " notes on case "
                    + c.number + ", as many as a participant may");
        }
        CaseNote n = new CaseNote();
        n.id = RecordIds.create(self);
        n.caseId = c.id;
        n.caseOrigin = c.origin;
        n.authorJurisdiction = self;
        n.author = caller.subject();
        n.unit = caller.unit();
        n.text = text.strip();
        n.writtenAt = CaseTimes.now();
        n.persist();
        // notes do not change once written: always version 1
        contributions.send(NOTE_TYPE, n.id.toString(), 1, c, TimelineMessages.toMessage(n));
        audit(caller, "case.note", caseId, "note " + n.id + " sent to " + c.origin);
        return TimelineEntry.pendingNote(n);
    }

    /** The note a repeated request added first: our entry (at the owner) or our own note (at a participant). */
    private TimelineEntry added(BorderPrincipal caller, UUID caseId, UUID id) {
        if (cases.findVisible(caseId, caller.jurisdiction()).isEmpty()) {
            throw new NotFoundProblem("no visible case " + caseId);
        }
        TimelineEntry e = TimelineEntry.findById(id);
        if (e == null) {
            CaseNote n = CaseNote.findById(id);
            if (n == null) {
                // the note the key made is gone (its case's data removed): nothing to answer with
                throw new NotFoundProblem("the note of this Idempotency-Key is no longer held");
            }
            e = TimelineEntry.pendingNote(n);
            e.pending = TimelineEntry.count("noteId", id) == 0;
        }
        audit(caller, "case.note", caseId, "repeated request: " + id);
        return e;
    }

    private void audit(BorderPrincipal caller, String action, UUID caseId, String detail) {
        auditLog.append(new AuditEntry(
                caller.subject(), caller.jurisdiction(), action, CaseService.CASE_TYPE, caseId.toString(), detail));
    }
}
