-- Federation core tables, in their own schema with their own migration history, so that every
-- service's own migrations stay independent of them. Identifier columns (codes, record types,
-- record ids) use the "C" collation: they are ASCII and only compared for equality and order,
-- and byte-wise comparison keeps their indexes cheap.

-- Transactional outbox: one row per (event, destination partner), written in the same
-- transaction as the change; deleted when the partner acknowledges it.
CREATE TABLE outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    destination   VARCHAR(6) COLLATE "C"    NOT NULL,
    event_id      UUID          NOT NULL,
    record_type   VARCHAR(100) COLLATE "C"  NOT NULL,
    record_id     VARCHAR(64) COLLATE "C"   NOT NULL,
    version       BIGINT        NOT NULL,
    occurred_at   TIMESTAMPTZ   NOT NULL,
    distribution  VARCHAR(6)[]  NOT NULL,
    tombstone     BOOLEAN       NOT NULL,
    payload_type  VARCHAR(200),
    payload       BYTEA,
    created_at    TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- set when the partner refused the event for good; such rows are no longer sent
    rejected_at   TIMESTAMPTZ,
    reject_reason TEXT,
    CONSTRAINT outbox_event_per_destination UNIQUE (destination, event_id)
);
CREATE INDEX outbox_pending ON outbox (destination, id) WHERE rejected_at IS NULL;

-- Delivery state per partner. The relay locks a partner's row (FOR UPDATE SKIP LOCKED) while it
-- delivers to it, so with several replicas one relay at a time serves a partner, in order.
CREATE TABLE partner_delivery (
    partner              VARCHAR(6) COLLATE "C"  PRIMARY KEY,
    consecutive_failures INT         NOT NULL DEFAULT 0,
    next_attempt_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error           TEXT,
    last_failure_at      TIMESTAMPTZ,
    last_delivered_at    TIMESTAMPTZ,
    delivered_total      BIGINT      NOT NULL DEFAULT 0
);

-- Inbox: every event applied here, so that a redelivery is a no-op.
CREATE TABLE inbox_event (
    event_id              UUID         PRIMARY KEY,
    origin                VARCHAR(6) COLLATE "C"   NOT NULL,
    record_type           VARCHAR(100) COLLATE "C" NOT NULL,
    record_id             VARCHAR(64) COLLATE "C"  NOT NULL,
    version               BIGINT       NOT NULL,
    outcome               VARCHAR(16)  NOT NULL,
    received_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- how often the event arrived again after it was applied
    redeliveries          INT          NOT NULL DEFAULT 0
);

-- Newest version held per replicated record; a tombstone keeps its version so that an older
-- event arriving late cannot bring the record back.
CREATE TABLE replica_state (
    origin       VARCHAR(6) COLLATE "C"   NOT NULL,
    record_type  VARCHAR(100) COLLATE "C" NOT NULL,
    record_id    VARCHAR(64) COLLATE "C"  NOT NULL,
    version      BIGINT       NOT NULL,
    deleted      BOOLEAN      NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (origin, record_type, record_id)
);

-- Events refused at receipt (forged origin, not in distribution, unknown type, unreadable).
CREATE TABLE inbox_rejection (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    peer          VARCHAR(6) COLLATE "C"   NOT NULL,
    event_id      VARCHAR(64),
    origin        VARCHAR(64) COLLATE "C",
    record_type   VARCHAR(100) COLLATE "C",
    record_id     VARCHAR(64) COLLATE "C",
    reason        TEXT         NOT NULL,
    received_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
