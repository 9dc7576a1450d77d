-- Ownership transfer (docs/ownership-transfer.md): a transferred record continues as a new record
-- of the new owner; the old one is closed by a final event naming its successor.

-- The links an event carries (ReplicationEvent fields 10 and 11, successor and predecessor) as
-- their encoded protobuf fields, merged into the event when it is sent; NULL on most events.
ALTER TABLE outbox ADD COLUMN links BYTEA;

-- What receivers know of a replica's place in a transfer: the record that continues it (set by
-- its owner's final event; later events of it are refused) and the record it continues.
ALTER TABLE replica_state
    ADD COLUMN successor_origin   VARCHAR(6) COLLATE "C",
    ADD COLUMN successor_id       VARCHAR(64) COLLATE "C",
    ADD COLUMN predecessor_origin VARCHAR(6) COLLATE "C",
    ADD COLUMN predecessor_id     VARCHAR(64) COLLATE "C";
-- who continues whom: confirming a link looks the other side up by its predecessor
CREATE INDEX replica_state_predecessor ON replica_state (predecessor_origin, record_type, predecessor_id)
    WHERE predecessor_id IS NOT NULL;

-- Transfer offers, ours (origin = this jurisdiction) and those addressed to us (a replica of the
-- partner's offer), each with the answer once there is one. One table at both ends: the same
-- offer has the same row shape at the offering and at the receiving jurisdiction.
CREATE TABLE transfer_offer (
    origin          VARCHAR(6) COLLATE "C"   NOT NULL,
    offer_id        UUID                     NOT NULL,
    offer_version   BIGINT                   NOT NULL,
    record_type     VARCHAR(100) COLLATE "C" NOT NULL,
    record_id       VARCHAR(64) COLLATE "C"  NOT NULL,
    version_offered BIGINT                   NOT NULL,
    addressee       VARCHAR(6) COLLATE "C"   NOT NULL,
    distribution    VARCHAR(6)[]             NOT NULL,
    reason          VARCHAR(2000)            NOT NULL,
    -- OFFERED or WITHDRAWN: the owner's word
    state           VARCHAR(16)              NOT NULL,
    -- ACCEPTED or DECLINED: the addressee's word, once given
    decision        VARCHAR(16),
    successor_id    VARCHAR(64) COLLATE "C",
    answer_reason   VARCHAR(2000),
    answered_at     TIMESTAMPTZ,
    -- at the offering jurisdiction: when the accepted offer closed the record
    closed_at       TIMESTAMPTZ,
    offered_by      VARCHAR(200),
    answered_by     VARCHAR(200),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (origin, offer_id),
    CONSTRAINT transfer_offer_state CHECK (state IN ('OFFERED', 'WITHDRAWN')),
    CONSTRAINT transfer_offer_decision CHECK (decision IS NULL OR decision IN ('ACCEPTED', 'DECLINED')),
    CONSTRAINT transfer_offer_successor CHECK ((decision = 'ACCEPTED') = (successor_id IS NOT NULL))
);
-- one open offer per record at a time, and the record's offers by record
CREATE UNIQUE INDEX transfer_offer_open ON transfer_offer (origin, record_type, record_id)
    WHERE state = 'OFFERED' AND decision IS NULL;
CREATE INDEX transfer_offer_record ON transfer_offer (origin, record_type, record_id);
