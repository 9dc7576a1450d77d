package org.borderpolice.mediation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A dispute's mediation agreement (调解协议): the dispute origin's record, replicated with the
 * dispute to the jurisdictions involved. Its instalments, signatures and the follow-up visits
 * held here are rows of their own, loaded by the repository.
 */
@Entity
@Table(name = "agreement")
public class Agreement extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "dispute_id", nullable = false)
    public UUID disputeId;

    @Column(nullable = false)
    public String origin;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AgreementStatus status;

    @Column(nullable = false)
    public String terms;

    @Column(name = "total_amount", nullable = false, precision = 16, scale = 2)
    public BigDecimal totalAmount;

    @Column(name = "agreed_on", nullable = false)
    public LocalDate agreedOn;

    @Column(name = "effective_on")
    public LocalDate effectiveOn;

    /** The printed agreement; read when printed or replicated only. */
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    public byte[] document;

    @Column(name = "document_sha256", nullable = false)
    public String documentSha256;

    @Enumerated(EnumType.STRING)
    @Column(name = "confirmation", nullable = false)
    public ConfirmationStatus confirmation = ConfirmationStatus.NONE;

    public String court;

    @Column(name = "confirmation_requested_on")
    public LocalDate confirmationRequestedOn;

    @Column(name = "confirmation_decided_on")
    public LocalDate confirmationDecidedOn;

    @Column(name = "confirmation_reference")
    public String confirmationReference;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** In number order (set by the repository). */
    @Transient
    public List<Instalment> instalments = new ArrayList<>();

    /** In party position order (set by the repository). */
    @Transient
    public List<AgreementSignature> signatures = new ArrayList<>();

    /** The follow-up visits held here, oldest first (set by the repository). */
    @Transient
    public List<FollowUpVisit> followUps = new ArrayList<>();

    /** The parties that signed, by position. */
    public List<Integer> signedPositions() {
        return signatures.stream().map(s -> s.partyPosition).toList();
    }

    /** Every instalment paid in full (an agreement without instalments is fulfilled once it is in force). */
    public boolean allPaid() {
        return instalments.stream().allMatch(i -> i.paid.compareTo(i.amount) >= 0);
    }

    public Instalment instalment(int number) {
        return instalments.stream().filter(i -> i.number == number).findFirst().orElse(null);
    }

    /** The instalments as agreed, for the printed document and the schedule rules. */
    public List<AgreementRules.PlannedInstalment> plan() {
        return instalments.stream()
                .map(i -> new AgreementRules.PlannedInstalment(i.dueOn, i.amount))
                .toList();
    }
}
