package org.borderpolice.cases;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.borderpolice.federation.search.ChineseText;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One entry of a case's timeline (时间线): a change of the case or a note. Owned by the case's
 * origin and replicated to every participant; a participant's note appears as an entry of the
 * origin naming it ({@link #noteId}).
 */
@Entity
@Table(name = "case_timeline_entry")
public class TimelineEntry extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "case_id", nullable = false)
    public UUID caseId;

    @Column(name = "case_origin", nullable = false)
    public String caseOrigin;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EntryKind kind;

    @Column(name = "author_jurisdiction", nullable = false)
    public String authorJurisdiction;

    public String author;

    public String unit;

    @Column(nullable = false)
    public String text = "";

    @Enumerated(EnumType.STRING)
    @Column(name = "status_from")
    public CaseStatus statusFrom;

    @Enumerated(EnumType.STRING)
    @Column(name = "status_to")
    public CaseStatus statusTo;

    public String participant;

    @Column(name = "note_id")
    public UUID noteId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "search_text", nullable = false)
    public String searchText = "";

    @Basic(fetch = FetchType.LAZY)
    @Column(name = "search_vector", insertable = false, updatable = false)
    public String searchVector;

    /** A participant's own note the origin has not confirmed yet (shown from case_note, never stored here). */
    @Transient
    public boolean pending;

    public void index() {
        searchText = ChineseText.forIndex(text);
    }

    /** A participant's own note, shown in the timeline until the origin's entry for it arrives. */
    public static TimelineEntry pendingNote(CaseNote note) {
        TimelineEntry e = new TimelineEntry();
        e.id = note.id;
        e.caseId = note.caseId;
        e.caseOrigin = note.caseOrigin;
        e.kind = EntryKind.NOTE;
        e.authorJurisdiction = note.authorJurisdiction;
        e.author = note.author;
        e.unit = note.unit;
        e.text = note.text;
        e.noteId = note.id;
        e.occurredAt = note.writtenAt;
        e.pending = true;
        return e;
    }
}
