-- Blind-index hashes carry the version of the agreement's key they were made with
-- (border.federation.blind-index.keys.<version>), so that the key can be rotated: while two
-- versions are held, every alert is hashed under both. Hashes stored so far were made with the
-- one key there was, which operators configure as version 1.
ALTER TABLE alert_subject_hash ADD COLUMN key_version SMALLINT NOT NULL DEFAULT 1
    CONSTRAINT alert_subject_hash_key_version CHECK (key_version BETWEEN 1 AND 32767);
ALTER TABLE alert_subject_hash ALTER COLUMN key_version DROP DEFAULT;

-- The key versions this database's hashes are made with. The fingerprint (an HMAC of a fixed
-- label under the key) refuses a start with another key under a known version number. A
-- version's holdings are re-hashed in batches in id order (filled_through); filled_at is set
-- once every alert is hashed under it. A version no longer configured is removed with its hashes.
CREATE TABLE blind_index_version (
    key_version    SMALLINT    PRIMARY KEY CHECK (key_version BETWEEN 1 AND 32767),
    fingerprint    VARCHAR(32) COLLATE "C" NOT NULL,
    registered_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    filled_through UUID,
    filled_at      TIMESTAMPTZ
);
