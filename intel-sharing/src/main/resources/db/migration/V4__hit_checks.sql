-- Hit/no-hit checks (比对). Each alert subject is kept as a keyed hash (blind index, hex) so
-- that a partner's hashes can be matched without anyone sending identifiers.
CREATE TABLE alert_subject_hash (
    alert_id UUID        NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    hash     VARCHAR(64) COLLATE "C" NOT NULL,
    PRIMARY KEY (alert_id, hash)
);
CREATE INDEX alert_subject_hash_hash ON alert_subject_hash (hash);

-- Every check, at both ends: OUTBOUND (we asked) and INBOUND (a partner asked us).
CREATE TABLE hit_check_log (
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
CREATE INDEX hit_check_log_check ON hit_check_log (check_id);

-- Identifiers checked per asking partner per day, against its daily quota.
CREATE TABLE hit_check_quota (
    partner     VARCHAR(6) COLLATE "C" NOT NULL,
    day         DATE       NOT NULL,
    identifiers INT        NOT NULL,
    PRIMARY KEY (partner, day)
);
