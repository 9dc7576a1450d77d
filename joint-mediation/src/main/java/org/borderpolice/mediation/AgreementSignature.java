package org.borderpolice.mediation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A party's signature on the printed agreement (by the party's position in the dispute). */
@Entity
@Table(name = "agreement_signature")
public class AgreementSignature extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agreement_id", nullable = false)
    public UUID agreementId;

    @Column(name = "party_position", nullable = false)
    public int partyPosition;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SignatureMethod method;

    @Column(name = "signed_at", nullable = false)
    public Instant signedAt;

    /** The document the party signed. */
    @Column(name = "document_sha256", nullable = false)
    public String documentSha256;

    @Column(name = "recorded_by")
    public String recordedBy;
}
