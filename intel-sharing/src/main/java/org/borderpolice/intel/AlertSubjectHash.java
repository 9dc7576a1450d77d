package org.borderpolice.intel;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * The keyed hash (blind index) of one subject of an alert under one version of the agreement's
 * key, for hit/no-hit checks. While two key versions are held, a subject has a hash under each.
 */
@Entity
@Table(name = "alert_subject_hash")
@IdClass(AlertSubjectHash.Key.class)
public class AlertSubjectHash {

    @Id
    @Column(name = "alert_id")
    public UUID alertId;

    @Id
    public String hash;

    @Column(name = "key_version", nullable = false)
    public short keyVersion;

    public record Key(UUID alertId, String hash) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
