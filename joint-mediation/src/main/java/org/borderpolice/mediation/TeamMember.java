package org.borderpolice.mediation;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A mediator on a dispute's team (ours or a partner's: the directory holds both). */
@Entity
@Table(name = "team_member")
@IdClass(TeamMember.Key.class)
public class TeamMember extends PanacheEntityBase {

    @Id
    @Column(name = "dispute_id")
    public UUID disputeId;

    @Id
    @Column(name = "mediator_id")
    public UUID mediatorId;

    @Column(name = "mediator_origin", nullable = false)
    public String mediatorOrigin;

    @Column(name = "added_at", nullable = false)
    public Instant addedAt;

    public static class Key implements Serializable {
        public UUID disputeId;
        public UUID mediatorId;

        public Key() {}

        public Key(UUID disputeId, UUID mediatorId) {
            this.disputeId = disputeId;
            this.mediatorId = mediatorId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(disputeId, k.disputeId)
                    && Objects.equals(mediatorId, k.mediatorId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(disputeId, mediatorId);
        }
    }
}
