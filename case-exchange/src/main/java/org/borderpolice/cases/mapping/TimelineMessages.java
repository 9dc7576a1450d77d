package org.borderpolice.cases.mapping;

import java.util.UUID;

import org.borderpolice.cases.CaseNote;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.TimelineEntry;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.replication.ProtoTime;

/** Timeline entries and notes and their border.cases.v1 messages. */
public final class TimelineMessages {

    private TimelineMessages() {}

    public static CaseProto.TimelineEntry toMessage(TimelineEntry e) {
        CaseProto.TimelineEntry.Builder m = CaseProto.TimelineEntry.newBuilder()
                .setId(e.id.toString())
                .setCaseId(e.caseId.toString())
                .setCaseOrigin(e.caseOrigin)
                .setKind(CaseProto.EntryKind.valueOf("ENTRY_" + e.kind.name()))
                .setAuthorJurisdiction(e.authorJurisdiction)
                .setText(e.text)
                .setOccurredAt(ProtoTime.timestamp(e.occurredAt));
        if (e.author != null) {
            m.setAuthor(e.author);
        }
        if (e.unit != null) {
            m.setUnit(e.unit);
        }
        if (e.statusFrom != null) {
            m.setStatusFrom(CaseMessages.status(e.statusFrom));
        }
        if (e.statusTo != null) {
            m.setStatusTo(CaseMessages.status(e.statusTo));
        }
        if (e.participant != null) {
            m.setParticipant(e.participant);
        }
        if (e.noteId != null) {
            m.setNoteId(e.noteId.toString());
        }
        return m.build();
    }

    public static EntryKind kind(CaseProto.EntryKind k) {
        return k == CaseProto.EntryKind.ENTRY_KIND_UNSPECIFIED || k == CaseProto.EntryKind.UNRECOGNIZED
                ? null
                : EntryKind.valueOf(k.name().substring("ENTRY_".length()));
    }

    /** A partner's (checked) entry onto our replica. */
    public static void copyReplica(CaseProto.TimelineEntry m, TimelineEntry e) {
        e.id = UUID.fromString(m.getId());
        e.caseId = UUID.fromString(m.getCaseId());
        e.caseOrigin = m.getCaseOrigin();
        e.kind = kind(m.getKind());
        e.authorJurisdiction = m.getAuthorJurisdiction();
        e.author = m.getAuthor().isEmpty() ? null : m.getAuthor();
        e.unit = m.getUnit().isEmpty() ? null : m.getUnit();
        e.text = m.getText();
        e.statusFrom = CaseMessages.status(m.getStatusFrom());
        e.statusTo = CaseMessages.status(m.getStatusTo());
        e.participant = m.getParticipant().isEmpty() ? null : m.getParticipant();
        e.noteId = m.getNoteId().isEmpty() ? null : UUID.fromString(m.getNoteId());
        e.occurredAt = ProtoTime.instant(m.getOccurredAt());
        e.index();
    }

    public static CaseProto.TimelineNote toMessage(CaseNote n) {
        CaseProto.TimelineNote.Builder m = CaseProto.TimelineNote.newBuilder()
                .setId(n.id.toString())
                .setCaseId(n.caseId.toString())
                .setCaseOrigin(n.caseOrigin)
                .setAuthorJurisdiction(n.authorJurisdiction)
                .setAuthor(n.author)
                .setText(n.text)
                .setWrittenAt(ProtoTime.timestamp(n.writtenAt));
        if (n.unit != null) {
            m.setUnit(n.unit);
        }
        return m.build();
    }

    /** A partner's (checked) note onto the one we keep. */
    public static void copyReplica(CaseProto.TimelineNote m, CaseNote n) {
        n.id = UUID.fromString(m.getId());
        n.caseId = UUID.fromString(m.getCaseId());
        n.caseOrigin = m.getCaseOrigin();
        n.authorJurisdiction = m.getAuthorJurisdiction();
        n.author = m.getAuthor();
        n.unit = m.getUnit().isEmpty() ? null : m.getUnit();
        n.text = m.getText();
        n.writtenAt = ProtoTime.instant(m.getWrittenAt());
    }
}
