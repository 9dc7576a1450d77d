-- Hit/no-hit checks (比对) for every record type of a service that takes part (federation
-- hitcheck/, the HitCheckable beans): the keyed hashes of their subjects, the blind-index key
-- versions they are made with, and what checks leave behind. Moved from intel-sharing (its
-- migrations V4, V14, V15, V17, V19), with the record's type and id in place of the alert's id.

-- The keyed hash (blind index, hex) of one subject of a record under one version of the
-- agreement's key. While two key versions are held, a subject has a hash under each. Kept by the
-- service in the transaction that changes the record (SubjectHashes), ours and replicas.
CREATE TABLE federation.subject_hash (
    record_type VARCHAR(100) COLLATE "C" NOT NULL,
    record_id   VARCHAR(64)  COLLATE "C" NOT NULL,
    key_version SMALLINT     NOT NULL CHECK (key_version BETWEEN 1 AND 32767),
    hash        VARCHAR(64)  COLLATE "C" NOT NULL,
    PRIMARY KEY (record_type, record_id, key_version, hash)
);
CREATE INDEX subject_hash_hash ON federation.subject_hash (hash, record_type);

-- The key versions this database's hashes are made with. The fingerprint (an HMAC of a fixed
-- label under the key) refuses a start with another key under a known version number. filled_at
-- is set once every record type is hashed under the version (blind_index_fill) and nothing is
-- queued for it; a version no longer configured is removed with its hashes.
CREATE TABLE federation.blind_index_version (
    key_version   SMALLINT    PRIMARY KEY CHECK (key_version BETWEEN 1 AND 32767),
    fingerprint   VARCHAR(32) COLLATE "C" NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    filled_at     TIMESTAMPTZ
);

-- Per version and record type: the pass that hashes every record under the version, in batches in
-- id order (filled_through), done at filled_at. A record type new to the database gets its rows
-- for every version held, and is hashed under each.
CREATE TABLE federation.blind_index_fill (
    key_version    SMALLINT     NOT NULL REFERENCES federation.blind_index_version (key_version) ON DELETE CASCADE,
    record_type    VARCHAR(100) COLLATE "C" NOT NULL,
    filled_through VARCHAR(64)  COLLATE "C",
    filled_at      TIMESTAMPTZ,
    PRIMARY KEY (key_version, record_type)
);

-- Records written by a replica that does not hold a newer registered key version (during a
-- rolling restart that adds it): queued here in the same transaction, and hashed under that
-- version by a replica that holds it.
CREATE TABLE federation.blind_index_pending (
    record_type VARCHAR(100) COLLATE "C" NOT NULL,
    record_id   VARCHAR(64)  COLLATE "C" NOT NULL,
    key_version SMALLINT     NOT NULL,
    PRIMARY KEY (key_version, record_type, record_id)
);

-- Every check, at both ends: OUTBOUND (we asked) and INBOUND (a partner asked us).
CREATE TABLE federation.hit_check_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id     UUID         NOT NULL,
    direction    VARCHAR(8)   NOT NULL CHECK (direction IN ('OUTBOUND', 'INBOUND')),
    counterpart  VARCHAR(6)   COLLATE "C",
    requested_by VARCHAR(200) NOT NULL,
    unit         VARCHAR(100),
    identifiers  INT          NOT NULL,
    hits         INT          NOT NULL,
    at           TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX hit_check_log_check ON federation.hit_check_log (check_id);

-- What each check hit, at both ends: the owner and the record (never the identifier), and who
-- checked: the partner that asked us (INBOUND) and the user who asked. A service's follow-up
-- request (a disclosure request, a request to join a case) must follow a hit on that record.
CREATE TABLE federation.hit_check_hit (
    check_id     UUID         NOT NULL,
    direction    VARCHAR(8)   NOT NULL CHECK (direction IN ('OUTBOUND', 'INBOUND')),
    counterpart  VARCHAR(6)   COLLATE "C",
    requested_by VARCHAR(200),
    owner        VARCHAR(6)   COLLATE "C" NOT NULL,
    record_type  VARCHAR(100) COLLATE "C" NOT NULL,
    record_id    VARCHAR(64)  COLLATE "C" NOT NULL,
    at           TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX hit_check_hit_check ON federation.hit_check_hit (check_id);
CREATE INDEX hit_check_hit_outbound ON federation.hit_check_hit (record_id, owner) WHERE direction = 'OUTBOUND';
CREATE INDEX hit_check_hit_inbound ON federation.hit_check_hit (record_id, counterpart) WHERE direction = 'INBOUND';

-- Identifiers checked per asking partner per day, against its daily quota.
CREATE TABLE federation.hit_check_quota (
    partner     VARCHAR(6) COLLATE "C" NOT NULL,
    day         DATE       NOT NULL,
    identifiers INT        NOT NULL,
    PRIMARY KEY (partner, day)
);

-- Identifiers each user checked per day: our own users at home (jurisdiction = this one), and each
-- partner's users here (jurisdiction = the partner, requested_by as the partner names its user).
CREATE TABLE federation.hit_check_user_quota (
    jurisdiction VARCHAR(6)   COLLATE "C" NOT NULL,
    requested_by VARCHAR(200) COLLATE "C" NOT NULL,
    day          DATE         NOT NULL,
    identifiers  INT          NOT NULL,
    PRIMARY KEY (jurisdiction, requested_by, day)
);

-- A partner's refused checks, counted per minute and kind (the status and our description of
-- why, never what the partner sent): the first of each is audited on its own, the rest as one
-- count once the minute is over (and the row removed).
CREATE TABLE federation.hit_check_refusal (
    partner  VARCHAR(6)   COLLATE "C" NOT NULL,
    minute   TIMESTAMPTZ  NOT NULL,
    reason   VARCHAR(300) NOT NULL,
    refusals INT          NOT NULL,
    PRIMARY KEY (partner, minute, reason)
);
