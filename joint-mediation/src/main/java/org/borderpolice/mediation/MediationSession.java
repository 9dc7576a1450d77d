package org.borderpolice.mediation;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * 调解会: a session of a dispute, scheduled by the dispute's origin (its record), replicated to
 * the jurisdictions involved. While not cancelled, it books its mediators' time
 * ({@code session_booking}, at the origin).
 */
@Entity
@Table(name = "mediation_session")
public class MediationSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "dispute_id", nullable = false)
    public UUID disputeId;

    @Column(name = "dispute_origin", nullable = false)
    public String disputeOrigin;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SessionMode mode;

    public String place;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "mediator_ids", nullable = false, columnDefinition = "uuid[]")
    public UUID[] mediatorIds;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SessionStatus status;

    @Enumerated(EnumType.STRING)
    public SessionOutcome outcome;

    @Column(name = "outcome_text")
    public String outcomeText;

    public String reason;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Set<UUID> mediators() {
        return new TreeSet<>(Set.of(mediatorIds));
    }

    /** Take the plan (time, mode, place, mediators). */
    public void plan(SessionPlan p) {
        startsAt = p.startsAt();
        endsAt = p.endsAt();
        mode = p.mode();
        place = p.place();
        mediatorIds = p.mediators().stream().sorted().toArray(UUID[]::new);
    }

    /** The bookings this session holds, for the double-booking rule. */
    public java.util.List<SessionPlan.Booking> bookings() {
        if (!status.booksMediators()) {
            return java.util.List.of();
        }
        return mediators().stream()
                .map(m -> new SessionPlan.Booking(id, m, startsAt, endsAt))
                .toList();
    }
}
