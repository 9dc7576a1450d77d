-- A partner's store that refuses what its origin accepted, as between services of different
-- versions: probes take titles of up to 1,000,000 characters (REST), replicas at most 4,000. The
-- tests use it to have a partner refuse one event of a batch that passed every check.
ALTER TABLE probe_replica ALTER COLUMN title TYPE VARCHAR(4000);

-- Partners' refusals of our probes, as the relay reports them (DeliveryRefused).
CREATE TABLE probe_refusal (
    partner    VARCHAR(6) COLLATE "C" NOT NULL,
    id         UUID        NOT NULL,
    version    BIGINT      NOT NULL,
    reason     TEXT        NOT NULL,
    refused_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (partner, id, version)
);
