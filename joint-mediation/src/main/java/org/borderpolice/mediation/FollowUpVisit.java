package org.borderpolice.mediation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A follow-up visit (回访) after an agreement: the record of the jurisdiction that made it. A
 * partner's goes to the dispute's origin, which sends every visit it holds with the agreement.
 * Not changed once made.
 */
@Entity
@Table(name = "follow_up_visit")
public class FollowUpVisit extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agreement_id", nullable = false)
    public UUID agreementId;

    @Column(name = "dispute_id", nullable = false)
    public UUID disputeId;

    @Column(name = "author_jurisdiction", nullable = false)
    public String authorJurisdiction;

    @Column(nullable = false)
    public String visitor;

    public String unit;

    @Column(name = "visited_on", nullable = false)
    public LocalDate visitedOn;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public FollowUpMethod method;

    /** 当事人满意. */
    @Column(nullable = false)
    public boolean satisfied;

    /** 纠纷反复: the dispute flared up again. */
    @Column(nullable = false)
    public boolean recurred;

    public String note;

    @Column(name = "written_at", nullable = false)
    public Instant writtenAt;
}
