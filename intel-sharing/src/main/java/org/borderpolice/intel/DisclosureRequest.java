package org.borderpolice.intel;

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
 * A partner's request for the content of an alert it found by a hit (披露申请), and the owner's
 * answer. The request part belongs to the requester, the answer part to the owner.
 */
@Entity
@Table(name = "disclosure_request")
public class DisclosureRequest extends PanacheEntityBase {

    public enum Status {
        /** Waiting for the owner's answer. */
        PENDING,
        /** The owner approved: the alert is shared with the requester. */
        APPROVED,
        /** The owner denied. */
        DENIED,
        /** The owner's service refused the request on delivery (see answerReason); nobody answered it. */
        REFUSED
    }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String requester;

    @Column(nullable = false)
    public String owner;

    @Column(name = "alert_id", nullable = false)
    public UUID alertId;

    @Column(nullable = false)
    public String reason;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    public String unit;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(nullable = false)
    public Instant deadline;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "answered_by")
    public String answeredBy;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @Column(name = "answer_reason")
    public String answerReason;

    public boolean overdue(Instant now) {
        return status == Status.PENDING && deadline.isBefore(now);
    }
}
