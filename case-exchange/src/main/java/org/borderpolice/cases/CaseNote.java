package org.borderpolice.cases;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A participant's note on a partner's case (its own record): at the participant its own notes,
 * at the case's origin the notes received. Notes do not change once written.
 */
@Entity
@Table(name = "case_note")
public class CaseNote extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "case_id", nullable = false)
    public UUID caseId;

    @Column(name = "case_origin", nullable = false)
    public String caseOrigin;

    @Column(name = "author_jurisdiction", nullable = false)
    public String authorJurisdiction;

    @Column(nullable = false)
    public String author;

    public String unit;

    @Column(nullable = false)
    public String text;

    @Column(name = "written_at", nullable = false)
    public Instant writtenAt;
}
