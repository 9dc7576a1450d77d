package org.borderpolice.intel;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A partner's receipt of an alert (签收). Owned by the partner that acknowledged. */
@Entity
@Table(name = "alert_acknowledgement")
@IdClass(Acknowledgement.Key.class)
public class Acknowledgement extends PanacheEntityBase {

    @Id
    @Column(name = "alert_id")
    public UUID alertId;

    @Id
    @Column(length = 6)
    public String partner;

    @Column(name = "alert_origin", nullable = false, length = 6)
    public String alertOrigin;

    public String unit;

    @Column(name = "acknowledged_by", nullable = false)
    public String acknowledgedBy;

    @Column(name = "acknowledged_at", nullable = false)
    public Instant acknowledgedAt;

    public String note;

    /** Record id in replication: "&lt;alert id&gt;:&lt;partner&gt;". */
    public String recordId() {
        return alertId + ":" + partner;
    }

    public record Key(UUID alertId, String partner) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
