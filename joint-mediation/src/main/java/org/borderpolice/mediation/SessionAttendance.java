package org.borderpolice.mediation;

import java.io.Serializable;
import java.time.Instant;
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
 * 出席情况: whether one mediator or party attended a session, a record of the jurisdiction that
 * recorded it: the dispute's origin for anyone, a partner for its own mediators (sent to the
 * origin). {@code attendee} is the mediator's id, or {@code party-<position>}.
 */
@Entity
@Table(name = "session_attendance")
@IdClass(SessionAttendance.Key.class)
public class SessionAttendance extends PanacheEntityBase {

    public static final int REMARK = 500;

    /** Mediator or party. */
    public enum Kind {
        MEDIATOR,
        PARTY
    }

    @Id
    @Column(name = "session_id")
    public UUID sessionId;

    @Id
    public String attendee;

    @Column(name = "dispute_id", nullable = false)
    public UUID disputeId;

    @Column(name = "dispute_origin", nullable = false)
    public String disputeOrigin;

    /** The recording jurisdiction, whose record this is. */
    @Column(nullable = false)
    public String jurisdiction;

    @Enumerated(EnumType.STRING)
    @Column(name = "attendee_kind", nullable = false)
    public Kind attendeeKind;

    @Column(nullable = false)
    public boolean present;

    public String remark;

    @Column(name = "recorded_by")
    public String recordedBy;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(nullable = false)
    public long version;

    /** The record id: a name-based UUID of {@code <session id>:<attendee>} (record ids are at most 64 characters). */
    public String recordId() {
        return recordId(sessionId, attendee);
    }

    public static String recordId(UUID sessionId, String attendee) {
        return UUID.nameUUIDFromBytes((sessionId + ":" + attendee).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    /** The attendee of a party at this position. */
    public static String party(int position) {
        return "party-" + position;
    }

    public static class Key implements Serializable {
        public UUID sessionId;
        public String attendee;

        public Key() {}

        public Key(UUID sessionId, String attendee) {
            this.sessionId = sessionId;
            this.attendee = attendee;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(sessionId, k.sessionId) && Objects.equals(attendee, k.attendee);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, attendee);
        }
    }
}
