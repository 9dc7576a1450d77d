package org.borderpolice.intel;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The keyed hash (blind index) of one subject of an alert, for hit/no-hit checks. */
@Entity
@Table(name = "alert_subject_hash")
@IdClass(AlertSubjectHash.Key.class)
public class AlertSubjectHash {

    @Id
    @Column(name = "alert_id")
    public UUID alertId;

    @Id
    public String hash;

    public record Key(UUID alertId, String hash) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
