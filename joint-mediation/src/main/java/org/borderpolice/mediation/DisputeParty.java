package org.borderpolice.mediation;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A party to a dispute (当事人): a person or an organisation living in (registered with) a
 * jurisdiction. Its contact and ID number are personal data: only the jurisdictions involved in
 * the dispute see them. Part of the dispute's record (the origin's), replicated with it.
 */
@Entity
@Table(name = "dispute_party")
@IdClass(DisputeParty.Key.class)
public class DisputeParty extends PanacheEntityBase {

    @Id
    @Column(name = "dispute_id")
    public UUID disputeId;

    @Id
    public int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PartyKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PartyRole role;

    @Column(nullable = false)
    public String name;

    /** The jurisdiction (GB/T 2260) the party lives in or is registered with. */
    @Column(nullable = false)
    public String jurisdiction;

    /** A mobile number, normalised; or null. */
    public String contact;

    /** BCP 47 language tag of the language the party prefers ("zh", "vi", "en"). */
    @Column(name = "preferred_language", nullable = false)
    public String preferredLanguage = "zh";

    /** A resident ID number (GB 11643), validated; null if not given. */
    @Column(name = "id_number")
    public String idNumber;

    public static class Key implements Serializable {
        public UUID disputeId;
        public int position;

        public Key() {}

        public Key(UUID disputeId, int position) {
            this.disputeId = disputeId;
            this.position = position;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(disputeId, k.disputeId) && position == k.position;
        }

        @Override
        public int hashCode() {
            return Objects.hash(disputeId, position);
        }
    }

    /** Whether the party prefers a language other than Chinese (a mediator who speaks it is needed). */
    public boolean needsInterpreting() {
        return !Languages.isChinese(preferredLanguage);
    }
}
