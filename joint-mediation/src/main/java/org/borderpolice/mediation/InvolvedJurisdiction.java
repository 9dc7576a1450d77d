package org.borderpolice.mediation;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A jurisdiction involved in a dispute (the origin, a party's, a team member's): it holds the
 * dispute and sees it, parties' personal data included. Kept by the dispute's origin.
 */
@Entity
@Table(name = "dispute_jurisdiction")
@IdClass(InvolvedJurisdiction.Key.class)
public class InvolvedJurisdiction extends PanacheEntityBase {

    @Id
    @Column(name = "dispute_id")
    public UUID disputeId;

    @Id
    public String jurisdiction;

    public InvolvedJurisdiction() {}

    public InvolvedJurisdiction(UUID disputeId, String jurisdiction) {
        this.disputeId = disputeId;
        this.jurisdiction = jurisdiction;
    }

    public static class Key implements Serializable {
        public UUID disputeId;
        public String jurisdiction;

        public Key() {}

        public Key(UUID disputeId, String jurisdiction) {
            this.disputeId = disputeId;
            this.jurisdiction = jurisdiction;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(disputeId, k.disputeId)
                    && Objects.equals(jurisdiction, k.jurisdiction);
        }

        @Override
        public int hashCode() {
            return Objects.hash(disputeId, jurisdiction);
        }
    }
}
