package org.borderpolice.mediation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * 联合调解团队 of a dispute: composed by the dispute's origin (its record, one per dispute, id =
 * the dispute's), replicated to every jurisdiction involved. Its members are {@link TeamMember}s.
 */
@Entity
@Table(name = "dispute_team")
public class DisputeTeam extends PanacheEntityBase {

    @Id
    @Column(name = "dispute_id")
    public UUID disputeId;

    @Column(name = "dispute_origin", nullable = false)
    public String disputeOrigin;

    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
