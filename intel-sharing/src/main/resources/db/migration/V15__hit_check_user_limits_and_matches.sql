-- Identifiers each user checked per day, beside each partner's quota (hit_check_quota): our own
-- users at home (jurisdiction = this one), and each partner's users here (jurisdiction = the
-- partner, requested_by as the partner names its user).
CREATE TABLE hit_check_user_quota (
    jurisdiction VARCHAR(6)   COLLATE "C" NOT NULL,
    requested_by VARCHAR(200) COLLATE "C" NOT NULL,
    day          DATE         NOT NULL,
    identifiers  INT          NOT NULL,
    PRIMARY KEY (jurisdiction, requested_by, day)
);

-- What each check hit, at both ends: the owner and the alert's reference (never the identifier).
-- A disclosure request must follow a hit of ours on that alert at that owner.
CREATE TABLE hit_check_hit (
    check_id  UUID        NOT NULL,
    direction VARCHAR(8)  NOT NULL CHECK (direction IN ('OUTBOUND', 'INBOUND')),
    owner     VARCHAR(6)  COLLATE "C" NOT NULL,
    alert_id  UUID        NOT NULL,
    at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX hit_check_hit_check ON hit_check_hit (check_id);
CREATE INDEX hit_check_hit_outbound ON hit_check_hit (alert_id, owner) WHERE direction = 'OUTBOUND';
