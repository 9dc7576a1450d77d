-- Probes owned here, and replicas of partners' probes.
CREATE TABLE probe (
    id           UUID PRIMARY KEY,
    title        TEXT        NOT NULL,
    version      BIGINT      NOT NULL,
    distribution VARCHAR(6)[] NOT NULL,
    deleted      BOOLEAN     NOT NULL DEFAULT false
);

CREATE TABLE probe_replica (
    origin      VARCHAR(6)  COLLATE "C" NOT NULL,
    id          VARCHAR(64) COLLATE "C" NOT NULL,
    version     BIGINT      NOT NULL,
    title       TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (origin, id)
);
