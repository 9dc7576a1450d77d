-- Ownership transfer (docs/ownership-transfer.md): a probe handed to a partner is closed here,
-- naming the partner's probe that continues it; a probe that continues a partner's names it.
ALTER TABLE probe
    ADD COLUMN predecessor_origin VARCHAR(6) COLLATE "C",
    ADD COLUMN predecessor_id     VARCHAR(64) COLLATE "C",
    ADD COLUMN successor_origin   VARCHAR(6) COLLATE "C",
    ADD COLUMN successor_id       VARCHAR(64) COLLATE "C";

-- Every version of our probes, so that a probe handed over keeps its history here.
CREATE TABLE probe_history (
    id         UUID        NOT NULL,
    version    BIGINT      NOT NULL,
    title      TEXT        NOT NULL,
    deleted    BOOLEAN     NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, version)
);
