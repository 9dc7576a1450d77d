-- Idempotency-Key on creation (DESIGN §6): a key, per caller, names one creation for 24 hours.
-- The row is written in the creating transaction, so it exists exactly when the record does.
CREATE TABLE federation.idempotency_key (
    owner       VARCHAR(300) NOT NULL,
    key         VARCHAR(200) NOT NULL,
    operation   VARCHAR(200) NOT NULL,
    fingerprint BYTEA        NOT NULL,
    resource_id VARCHAR(200),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_key_created ON federation.idempotency_key (created_at);
