package org.borderpolice.cases.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseNote;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.JointCase;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.cases.mapping.CaseMessages;
import org.borderpolice.cases.mapping.TimelineMessages;
import org.borderpolice.cases.repository.CaseRepository;
import org.borderpolice.federation.inbox.ReplicaChange;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.replication.PartnerContributions;
import org.borderpolice.federation.replication.PayloadProblems;
import org.borderpolice.federation.replication.TypedApplier;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.DivisionCodes;

/**
 * Keeps our replicas of the timelines of partners' cases. An entry belongs to the case's origin,
 * which sends it: one held under another origin, one about a case of another origin, or one new to
 * us whose id its sender did not create is refused. An entry may come before the case it is
 * about (it is shown only with the case), if the sender created that case's id.
 */
@ApplicationScoped
public class TimelineEntryApplier extends TypedApplier<CaseProto.TimelineEntry> {

    @Inject
    TrustList trustList;

    @Inject
    CaseRepository cases;

    public TimelineEntryApplier() {
        super(CaseProto.TimelineEntry.class);
    }

    @Override
    public String recordType() {
        return CaseSharing.ENTRY_TYPE;
    }

    @Override
    protected void check(ReplicaChange change, CaseProto.TimelineEntry m) throws UnreadablePayloadException {
        UUID id = PayloadProblems.uuid("record_id", change.recordId());
        TimelineEntry held = TimelineEntry.findById(id);
        PartnerContributions.requireMadeBy(
                held == null ? null : held.caseOrigin, change.origin(), "timeline entry", id);
        if (change.tombstone()) {
            return;
        }
        if (held == null) {
            requireCreatedBy(id, change.origin());
        }
        UUID caseId = PayloadProblems.uuid("case_id", m.getCaseId());
        // only a case's origin writes its timeline: never an entry on a case held under another origin
        JointCase c = cases.held(caseId);
        if (c != null && !c.origin.equals(change.origin())) {
            throw new UnreadablePayloadException("case " + caseId + " is not a case of " + change.origin());
        }
        if (c == null) {
            // an entry before its case: the case id must be one the sender created, or the sender
            // would write (and decide the search words of) another origin's case before it arrives
            try {
                requireCreatedBy(caseId, change.origin());
            } catch (UnreadablePayloadException e) {
                throw new UnreadablePayloadException("case_id: " + e.getMessage());
            }
        }
        if (!m.getNoteId().isEmpty()) {
            PayloadProblems.uuid("note_id", m.getNoteId());
        }
        EntryKind kind = TimelineMessages.kind(m.getKind());
        new PayloadProblems("timeline entry")
                .require(m.getId().equals(change.recordId()), "id", "differs from the record id")
                .require(m.getCaseOrigin().equals(change.origin()), "case_origin", "is not the sender")
                .require(
                        held == null || held.caseId.toString().equals(m.getCaseId()),
                        "case_id",
                        "differs from the entry held")
                .require(kind != null, "kind", "is not a known kind")
                .require(
                        DivisionCodes.isValid(m.getAuthorJurisdiction()),
                        "author_jurisdiction",
                        "is not a GB/T 2260 code")
                .text("author", m.getAuthor(), CaseFields.OFFICER, false, false)
                .text("unit", m.getUnit(), CaseFields.UNIT, false, false)
                .text(
                        "text",
                        m.getText(),
                        Math.max(CaseFields.NOTE, CaseFields.REASON) + CaseFields.TITLE + 32,
                        false,
                        true)
                .require(
                        m.getParticipant().isEmpty() || DivisionCodes.isValid(m.getParticipant()),
                        "participant",
                        "is not a GB/T 2260 code")
                .require(
                        m.getStatusFrom() == CaseProto.CaseStatus.CASE_STATUS_UNSPECIFIED
                                || CaseMessages.status(m.getStatusFrom()) != null,
                        "status_from",
                        "is not a known status")
                .require(
                        m.getStatusTo() == CaseProto.CaseStatus.CASE_STATUS_UNSPECIFIED
                                || CaseMessages.status(m.getStatusTo()) != null,
                        "status_to",
                        "is not a known status")
                .timestamp("occurred_at", m.hasOccurredAt(), m.getOccurredAt())
                .throwIfAny();
        String ours = ourPartRefusal(m, kind, trustList.selfCode());
        if (ours != null) {
            throw new UnreadablePayloadException(ours);
        }
    }

    /**
     * Why an entry may not speak for us, or null. The origin writes our part of its timeline only
     * from what we sent it: a note of ours (the note it names, as we wrote it) and our answers to its
     * invitations. Anything else in our name, or an entry naming a note of ours it does not carry
     * (which would hide that note as delivered), would show our users words we never wrote.
     */
    static String ourPartRefusal(CaseProto.TimelineEntry m, EntryKind kind, String self) {
        CaseNote named = m.getNoteId().isEmpty() ? null : CaseNote.findById(UUID.fromString(m.getNoteId()));
        boolean namesOurNote = named != null && named.authorJurisdiction.equals(self);
        if (!m.getAuthorJurisdiction().equals(self)) {
            return namesOurNote ? "note_id names a note of " + self + " in an entry of another author" : null;
        }
        if (kind == EntryKind.NOTE) {
            boolean asWritten = namesOurNote
                    && named.caseId.toString().equals(m.getCaseId())
                    && named.author.equals(m.getAuthor())
                    && named.text.equals(m.getText())
                    && unitsMatch(named.unit, m.getUnit());
            return asWritten ? null : "a note in the name of " + self + " that is not one " + self + " wrote";
        }
        if (kind == EntryKind.ACCEPTED || kind == EntryKind.DECLINED) {
            // our answer as the origin recorded it (also one from before we were removed and
            // invited again, which we no longer hold: the timeline comes again whole)
            return m.getParticipant().equals(self) ? null : "an answer in the name of " + self + " for another";
        }
        return "an entry of kind " + kind + " in the name of " + self;
    }

    /** Our note's unit as the entry carries it: none (null or blank, which the message cannot tell apart) or the same. */
    private static boolean unitsMatch(String ours, String carried) {
        return ours == null || ours.isBlank() ? carried.isBlank() : ours.equals(carried);
    }

    @Override
    protected void applyTyped(List<Typed<CaseProto.TimelineEntry>> changes) {
        for (var change : changes) {
            TimelineEntry held =
                    TimelineEntry.findById(UUID.fromString(change.change().recordId()));
            if (change.tombstone()) {
                if (held != null) {
                    held.delete();
                }
                continue;
            }
            TimelineEntry e = held != null ? held : new TimelineEntry();
            TimelineMessages.copyReplica(change.message(), e);
            if (held == null) {
                e.persist();
            }
        }
    }
}
