-- 先受理后移交: joint cases handed to the competent jurisdiction through the federation's ownership
-- transfer (docs/ownership-transfer.md; the handshake itself is federation.transfer_offer).

-- One row per accepted transfer of a case, at both ends: at the jurisdiction that offered it
-- (offer_origin = us; written when the acceptance arrives and our case is closed) and at the one
-- that accepted it (addressee = us; written with our continuing case). The links a case's events
-- carry are read from here, and the time to acceptance is kept for the statistics.
CREATE TABLE case_transfer (
    offer_origin          VARCHAR(6)  COLLATE "C" NOT NULL,
    offer_id              UUID        NOT NULL,
    -- the case handed over (owned by offer_origin) and the one that continues it (owned by addressee)
    case_id               UUID        NOT NULL,
    addressee             VARCHAR(6)  COLLATE "C" NOT NULL,
    -- a record id as the partner's answer names it (ours are UUIDs)
    successor_id          VARCHAR(64) COLLATE "C" NOT NULL,
    -- when the offer was made (at the offerer) or received (at the addressee), and accepted
    -- (answered at the addressee; the answer taken in at the offerer)
    offered_at            TIMESTAMPTZ NOT NULL,
    accepted_at           TIMESTAMPTZ NOT NULL,
    -- 接报时间 of a report (接报) taken here and offered with the case; null for an open case handed on
    reported_at           TIMESTAMPTZ,
    PRIMARY KEY (offer_origin, offer_id),
    CONSTRAINT case_transfer_parties CHECK (offer_origin <> addressee),
    CONSTRAINT case_transfer_times CHECK (accepted_at >= offered_at)
);
CREATE UNIQUE INDEX case_transfer_case ON case_transfer (offer_origin, case_id);
CREATE UNIQUE INDEX case_transfer_successor ON case_transfer (addressee, successor_id);

-- 接报: a report taken here for a matter in a partner's area, filed as our OPEN case with the
-- competent jurisdiction invited, and offered to it in the same transaction.
CREATE TABLE case_report (
    case_id        UUID         PRIMARY KEY REFERENCES joint_case (id) ON DELETE CASCADE,
    reported_at    TIMESTAMPTZ  NOT NULL,
    competent      VARCHAR(6)   COLLATE "C" NOT NULL,
    offer_id       UUID         NOT NULL,
    taken_by       VARCHAR(200) NOT NULL,
    taken_unit     VARCHAR(100),
    taken_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX case_report_taken ON case_report (taken_at DESC, case_id DESC);
