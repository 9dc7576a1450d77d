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

/** A partner's sighting of an alert's subject, or feedback on it (见到/反馈). */
@Entity
@Table(name = "alert_sighting")
public class Sighting extends PanacheEntityBase {

    public enum Kind {
        /** 见到 */
        SIGHTING,
        /** 反馈 */
        FEEDBACK
    }

    @Id
    public UUID id;

    @Column(name = "alert_id", nullable = false)
    public UUID alertId;

    @Column(name = "alert_origin", nullable = false)
    public String alertOrigin;

    @Column(nullable = false)
    public String partner;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "observed_at", nullable = false)
    public Instant observedAt;

    public String place;

    @Column(nullable = false)
    public String description;

    public String unit;

    @Column(name = "reported_by", nullable = false)
    public String reportedBy;

    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;
}
