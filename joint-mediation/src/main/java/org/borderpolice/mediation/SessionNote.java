package org.borderpolice.mediation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * 调解笔记: a mediator's own note on a session, a record of the mediator's jurisdiction, sent to
 * the team's other jurisdictions; read by the team's mediators only. Never changed.
 */
@Entity
@Table(name = "session_note")
public class SessionNote extends PanacheEntityBase {

    public static final int TEXT = 8000;

    @Id
    public UUID id;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(name = "dispute_id", nullable = false)
    public UUID disputeId;

    @Column(name = "dispute_origin", nullable = false)
    public String disputeOrigin;

    @Column(name = "author_jurisdiction", nullable = false)
    public String authorJurisdiction;

    @Column(name = "mediator_id", nullable = false)
    public UUID mediatorId;

    @Column(nullable = false)
    public String author;

    @Column(nullable = false)
    public String text;

    @Column(name = "written_at", nullable = false)
    public Instant writtenAt;

    /**
     * When the note became visible here, stamped at commit in commit order (V86): what a reader's
     * cursor follows. Null until the writing transaction commits.
     */
    @Column(name = "received_at", insertable = false, updatable = false)
    public Instant receivedAt;
}
