package org.borderpolice.mediation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An instalment of an agreement (分期履行): due on a date; {@code paid} sums its payments. */
@Entity
@Table(name = "agreement_instalment")
public class Instalment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agreement_id", nullable = false)
    public UUID agreementId;

    /** From 1, in due-date order. */
    @Column(nullable = false)
    public int number;

    @Column(name = "due_on", nullable = false)
    public LocalDate dueOn;

    @Column(nullable = false, precision = 16, scale = 2)
    public BigDecimal amount;

    @Column(nullable = false, precision = 16, scale = 2)
    public BigDecimal paid = BigDecimal.ZERO.setScale(2);

    /** Oldest first (set by the repository). */
    @Transient
    public List<InstalmentPayment> payments = new ArrayList<>();

    /** Days overdue on {@code today} after {@code graceDays} (0: not overdue). */
    public long daysOverdue(LocalDate today, int graceDays) {
        return AgreementRules.daysOverdue(dueOn, amount, paid, today, graceDays);
    }
}
