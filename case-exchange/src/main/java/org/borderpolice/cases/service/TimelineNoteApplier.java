package org.borderpolice.cases.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseNote;
import org.borderpolice.cases.CaseParticipant;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.ParticipantState;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.mapping.TimelineMessages;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.TypedApplier;

/**
 * Takes a participant's note on one of our cases: kept as the participant's record, and put on
 * the timeline as an entry of ours naming it, which every participant receives. Only from a
 * participant that accepted the case, while the case is not closed, under an id the participant
 * created; notes are never changed or withdrawn.
 */
@ApplicationScoped
public class TimelineNoteApplier extends TypedApplier<CaseProto.TimelineNote> {

    @Inject
    CaseRepository cases;

    @Inject
    FrozenCases frozen;

    @Inject
    PartnerContributions contributions;

    @Inject
    CaseSharing sharing;

    public TimelineNoteApplier() {
        super(CaseProto.TimelineNote.class);
    }

    @Override
    public String recordType() {
        return TimelineService.NOTE_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, CaseProto.TimelineNote m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        CaseNote held = CaseNote.findById(id);
        PartnerContributions.requireMadeBy(held == null ? null : held.authorJurisdiction, change.origin(), "note", id);
        if (change.tombstone() || change.version() != 1) {
            throw new UnreadablePayloadException("notes are not changed or withdrawn");
        }
        if (held != null) {
            return; // the same note again (the inbox takes it as not newer)
        }
        requireCreatedBy(id, change.origin());
        UUID caseId = PayloadProblems.uuid("case_id", m.getCaseId());
        new PayloadProblems("note")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getAuthorJurisdiction().equals(change.origin()), "author_jurisdiction", "is not the sender")
                .text("author", m.getAuthor(), CaseFields.OFFICER, true, false)
                .text("unit", m.getUnit(), CaseFields.UNIT, false, false)
                .text("text", m.getText(), CaseFields.NOTE, true, true)
                .timestamp("written_at", m.hasWrittenAt(), m.getWrittenAt())
                .throwIfAny();
        // locked before it is read: apply works on what this check saw, never on a stale copy
        JointCase c =
                contributions.requireOursSharedWith(cases.lockHeld(caseId), "case_id", "case", caseId, change.origin());
        // stored with the note (VARCHAR(6)) and shown with it: the case's, never the sender's word
        if (!m.getCaseOrigin().equals(c.origin)) {
            throw new UnreadablePayloadException("case_origin is not " + c.origin + ", the origin of case " + caseId);
        }
        frozen.requireOpenToContributions(c);
        CaseParticipant p = c.participant(change.origin());
        if (p.state != ParticipantState.ACCEPTED) {
            throw new UnreadablePayloadException(change.origin() + " has not accepted case " + caseId);
        }
        if (!c.status.changeable()) {
            throw new UnreadablePayloadException("case " + caseId + " is " + c.status);
        }
        if (TimelineService.notesOf(caseId, change.origin()) >= CaseFields.NOTES_PER_PARTICIPANT) {
            throw new UnreadablePayloadException(change.origin() + " has written " + CaseFields.NOTES_PER_PARTICIPANT
                    + " notes on case " + caseId + ", as many as a participant may");
        }
    }

    @Override
    protected void applyTyped(List<Typed<CaseProto.TimelineNote>> changes) {
        for (var typed : changes) {
            if (CaseNote.findById(UUID.fromString(typed.change().recordId())) != null) {
                continue;
            }
            CaseNote n = new CaseNote();
            TimelineMessages.copyReplica(typed.message(), n);
            n.persist();
            JointCase c = cases.lockHeld(n.caseId);
            if (TimelineService.notesOf(n.caseId, n.authorJurisdiction) > CaseFields.NOTES_PER_PARTICIPANT) {
                // the notes of one batch were checked against what was held before it: the inbox
                // then takes the batch one event at a time, and check refuses the excess
                throw new IllegalStateException("notes of " + n.authorJurisdiction + " past the cap in one batch");
            }
            TimelineEntry e = sharing.entry(c, EntryKind.NOTE, n.authorJurisdiction, n.author, n.unit, n.text);
            e.noteId = n.id;
            sharing.shareEntries(c, List.of(e));
        }
    }
}
