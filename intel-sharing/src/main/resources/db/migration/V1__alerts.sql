-- Alerts (预警): our own (origin = this jurisdiction) and partners' replicas, in one table so
-- that one query, with the visibility rule in its WHERE clause, serves both.
CREATE TABLE alert (
    id                      UUID          PRIMARY KEY,
    origin                  VARCHAR(6)    COLLATE "C" NOT NULL,
    issuing_unit            VARCHAR(100)  NOT NULL,
    category                VARCHAR(32)   NOT NULL,
    severity                VARCHAR(8)    NOT NULL,
    title                   VARCHAR(200)  NOT NULL,
    body                    TEXT          NOT NULL,
    subjects                JSONB         NOT NULL DEFAULT '[]',
    valid_from              TIMESTAMPTZ   NOT NULL,
    valid_until             TIMESTAMPTZ,
    distribution            VARCHAR(6)[]  NOT NULL,
    handling                VARCHAR(16)   NOT NULL,
    source_reliability      CHAR(1)       NOT NULL,
    information_credibility SMALLINT      NOT NULL,
    revoked_at              TIMESTAMPTZ,
    version                 BIGINT        NOT NULL,
    published_at            TIMESTAMPTZ   NOT NULL,
    updated_at              TIMESTAMPTZ   NOT NULL,
    published_by            VARCHAR(200),
    CONSTRAINT alert_reliability CHECK (source_reliability IN ('A', 'B', 'C', 'D')),
    CONSTRAINT alert_credibility CHECK (information_credibility BETWEEN 1 AND 4)
);
CREATE INDEX alert_distribution ON alert USING gin (distribution);
CREATE INDEX alert_newest ON alert (published_at DESC, id DESC);
CREATE INDEX alert_origin ON alert (origin);
