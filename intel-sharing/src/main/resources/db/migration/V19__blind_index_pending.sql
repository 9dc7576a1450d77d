-- Alerts written by a replica that does not hold a newer registered blind-index key version
-- (during a rolling restart that adds it): queued here in the same transaction, and hashed under
-- that version by a replica that holds it. Before, the re-hashing pass went once over the alerts
-- in id order, and an old replica's later writes kept only the old version's hashes.
CREATE TABLE blind_index_pending (
    alert_id    UUID     NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    key_version SMALLINT NOT NULL,
    PRIMARY KEY (key_version, alert_id)
);
