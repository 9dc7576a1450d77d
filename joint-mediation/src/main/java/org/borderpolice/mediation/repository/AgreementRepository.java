package org.borderpolice.mediation.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.borderpolice.mediation.Agreement;
import org.borderpolice.mediation.AgreementSignature;
import org.borderpolice.mediation.FollowUpVisit;
import org.borderpolice.mediation.Instalment;
import org.borderpolice.mediation.InstalmentPayment;
import org.borderpolice.mediation.OverdueInstalment;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Agreements with their instalments, payments, signatures and follow-up visits. Who may see an
 * agreement is who may see its dispute ({@link DisputeRepository#VISIBLE}): the callers of this
 * repository find the dispute first, and the escalation list carries the rule in its WHERE clause.
 */
@ApplicationScoped
public class AgreementRepository implements PanacheRepositoryBase<Agreement, UUID> {

    @Inject
    DisputeRepository disputes;

    /** The agreement of a dispute held here, complete; null if none. */
    public Agreement forDispute(UUID disputeId) {
        Agreement a = find("disputeId", disputeId).firstResult();
        return a == null ? null : complete(a);
    }

    /** The same, locked until the transaction ends. */
    public Agreement lockForDispute(UUID disputeId) {
        Agreement a = find("disputeId", disputeId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
        return a == null ? null : complete(a);
    }

    public Agreement complete(Agreement a) {
        a.instalments = new ArrayList<>(Instalment.<Instalment>list("agreementId = ?1 order by number", a.id));
        List<InstalmentPayment> payments = InstalmentPayment.list("agreementId = ?1 order by recordedAt, id", a.id);
        for (Instalment i : a.instalments) {
            i.payments = new ArrayList<>(
                    payments.stream().filter(p -> p.instalment == i.number).toList());
        }
        a.signatures = new ArrayList<>(
                AgreementSignature.<AgreementSignature>list("agreementId = ?1 order by partyPosition", a.id));
        a.followUps = new ArrayList<>(
                FollowUpVisit.<FollowUpVisit>list("disputeId = ?1 order by visitedOn, writtenAt, id", a.disputeId));
        return a;
    }

    /** Replace the instalments (with their payments) and signatures of an agreement held here. */
    public void replaceChildren(Agreement a, List<Instalment> instalments, List<AgreementSignature> signatures) {
        InstalmentPayment.delete("agreementId", a.id);
        Instalment.delete("agreementId", a.id);
        AgreementSignature.delete("agreementId", a.id);
        getEntityManager().flush();
        for (Instalment i : instalments) {
            i.id = UUID.randomUUID();
            i.agreementId = a.id;
            i.persist();
        }
        getEntityManager().flush();
        for (Instalment i : instalments) {
            for (InstalmentPayment p : i.payments) {
                p.agreementId = a.id;
                p.persist();
            }
        }
        for (AgreementSignature s : signatures) {
            s.id = UUID.randomUUID();
            s.agreementId = a.id;
            s.persist();
        }
        a.instalments = new ArrayList<>(instalments);
        a.signatures = new ArrayList<>(signatures);
    }

    /**
     * Unpaid instalments due before {@code dueBefore} of agreements in force, of disputes the
     * caller ({@code me}) sees, longest overdue first.
     */
    public List<OverdueInstalment> overdueVisible(String me, LocalDate dueBefore, int limit) {
        return disputes.bindVisible(
                        getEntityManager()
                                .createQuery(
                                        // a record result type: Hibernate calls its constructor with the selected
                                        // values
                                        "select d.id, d.origin, d.title, d.riskLevel, a.id, i.number, i.dueOn, i.amount, i.paid"
                                                + " from Instalment i, Agreement a, Dispute d"
                                                + " where i.agreementId = a.id and a.disputeId = d.id"
                                                + " and a.status = org.borderpolice.mediation.AgreementStatus.SIGNED"
                                                + " and i.paid < i.amount and i.dueOn < :before and "
                                                + DisputeRepository.VISIBLE
                                                + " order by i.dueOn, d.id, i.number",
                                        OverdueInstalment.class),
                        me)
                .setParameter("before", dueBefore)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Our agreements in force with an instalment unpaid and due before {@code dueBefore}: the dispute ids. */
    public List<UUID> overdueOwn(String self, LocalDate dueBefore) {
        return getEntityManager()
                .createQuery(
                        "select distinct a.disputeId from Instalment i, Agreement a where i.agreementId = a.id"
                                + " and a.origin = :self"
                                + " and a.status = org.borderpolice.mediation.AgreementStatus.SIGNED"
                                + " and i.paid < i.amount and i.dueOn < :before",
                        UUID.class)
                .setParameter("self", self)
                .setParameter("before", dueBefore)
                .getResultList();
    }
}
