package org.borderpolice.cases;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A request to join a case (申请加入案件), the follow-up of a hit. At the requester: its own
 * request (requester = us), with the owner's decision once it arrives; at the owner: the request
 * received (case_origin = us), decided by a commander or refused at receipt by the service.
 */
@Entity
@Table(name = "case_join_request")
public class CaseJoinRequest extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String requester;

    @Column(name = "case_origin", nullable = false)
    public String caseOrigin;

    @Column(name = "case_number", nullable = false)
    public String caseNumber;

    /** At the owner: the case the number named (null: none); at the requester: set on approval. */
    @Column(name = "case_id")
    public UUID caseId;

    @Column(nullable = false)
    public String reason;

    @Column(name = "hit_reference")
    public String hitReference;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "requested_unit")
    public String requestedUnit;

    /** Each side's clock: the filing at the requester, the receipt at the owner. */
    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JoinState state;

    @Column(name = "decided_at")
    public Instant decidedAt;

    /** At the owner: the commander who decided (null: refused by the service). Never sent. */
    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_unit")
    public String decidedUnit;

    /** What the requester is told with a denial (and the commander's words with an approval, kept at the owner). */
    @Column(name = "decision_reason")
    public String decisionReason;

    /** At the owner, for a refusal at receipt: why ({@link JoinRules.Refusal#why}). */
    public String refusal;

    /**
     * When it was withdrawn: at the requester when its user withdrew it (a decision of the owner
     * made later, beyond the clocks' tolerance, is refused), at the owner when the withdrawal
     * arrived. Kept when a decision that crossed the withdrawal is taken.
     */
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;

    /** At the requester: its user who withdrew it (null at the owner). */
    @Column(name = "withdrawn_by")
    public String withdrawnBy;

    @Column(name = "withdrawn_unit")
    public String withdrawnUnit;

    @Column(name = "withdrawal_reason")
    public String withdrawalReason;

    /**
     * Decide a pending request.
     *
     * @throws IllegalStateException if it was decided already (decisions are final)
     */
    public void decide(boolean approve, String by, String unit, String reason, Instant now) {
        if (state != JoinState.PENDING && !(state == JoinState.WITHDRAWN && by == null && refusal == null)) {
            throw new IllegalStateException("request " + id + " is " + state + " already");
        }
        if (!approve && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a denial gives a reason");
        }
        state = approve ? JoinState.APPROVED : JoinState.DENIED;
        decidedAt = now;
        decidedBy = by;
        decidedUnit = unit;
        decisionReason = reason == null || reason.isBlank() ? null : reason.strip();
    }

    /**
     * Withdrawn while pending (at the requester by one of its users, at the owner when the
     * withdrawal arrives); {@code reason} optional.
     */
    public void withdraw(String by, String unit, String reason, Instant now) {
        if (state != JoinState.PENDING) {
            throw new IllegalStateException("request " + id + " is " + state + " already");
        }
        state = JoinState.WITHDRAWN;
        withdrawnAt = now;
        withdrawnBy = by;
        withdrawnUnit = unit;
        withdrawalReason = reason == null || reason.isBlank() ? null : reason.strip();
        // as a decision, until one that crossed the withdrawal arrives (the withdrawal's own columns stay)
        decidedAt = now;
        decidedBy = by;
        decidedUnit = unit;
        decisionReason = withdrawalReason;
    }

    /**
     * Whether the owner's decision, made at {@code decidedAt} by its clock, may still be taken: on
     * a pending request, yes; on one we withdrew, only if made before the withdrawal (up to
     * {@code clockGrace} later, for clocks that differ), so it crossed the withdrawal on its way,
     * and only while it arrives ({@code now}, our clock) within {@code clockGrace} plus
     * {@code maxDeliveryDelay} of the withdrawal: the owner writes {@code decidedAt}, so a hostile
     * owner could backdate a decision taken days later; our own clock bounds it. A later one would
     * override our withdrawal (the requester's consent).
     */
    public boolean takesDecisionMadeAt(
            Instant decidedAt, java.time.Duration clockGrace, Instant now, java.time.Duration maxDeliveryDelay) {
        return state == JoinState.PENDING
                || (state == JoinState.WITHDRAWN
                        && withdrawnAt != null
                        && !decidedAt.isAfter(withdrawnAt.plus(clockGrace))
                        && !now.isAfter(withdrawnAt.plus(clockGrace).plus(maxDeliveryDelay)));
    }

    /** Refused by the service at receipt: denied with the words the requester sees. */
    public void refuse(JoinRules.Refusal why, Instant now) {
        decide(false, null, null, why.answer(), now);
        refusal = why.why;
    }

    /** Whether this side asked (else it owns the case asked for). */
    public boolean outgoing(String self) {
        return requester.equals(self);
    }

    /** The record id of the owner's decision: "&lt;request id&gt;:&lt;owner&gt;". */
    public static String decisionRecordId(UUID requestId, String owner) {
        return requestId + ":" + owner;
    }
}
