-- The chain moves off the request path. A request's transaction writes its audit row alone (no
-- lock to queue on, no chain head to read); a single linker (AuditLinker, one at a time across
-- replicas) chains committed rows moments later, in the order it finds them. audit_log keeps the
-- entries, audit_chain the links: position n covers row seq, and its hash is
-- SHA-256(hash at position n-1, the row's content), the rule the rows were chained by before.
CREATE TABLE audit_chain (
    position   BIGINT      PRIMARY KEY,
    seq        BIGINT      NOT NULL UNIQUE REFERENCES audit_log (seq),
    prev_hash  BYTEA       NOT NULL,
    hash       BYTEA       NOT NULL,
    linked_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- the rows chained so far keep their links, in the order they were chained
INSERT INTO audit_chain (position, seq, prev_hash, hash, linked_at)
SELECT row_number() OVER (ORDER BY seq), seq, prev_hash, hash, at FROM audit_log;

ALTER TABLE audit_log DROP COLUMN prev_hash, DROP COLUMN hash;
DROP FUNCTION audit_chain_head();

-- Where verification got to (AuditLog.verify: incremental, a page at a time): the chain was intact
-- through position through_position (whose hash was through_hash), and every row up to
-- seq_through was linked.
CREATE TABLE audit_verification (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    verified_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    verified_by       VARCHAR(200) NOT NULL,
    through_position  BIGINT       NOT NULL,
    through_hash      BYTEA        NOT NULL,
    seq_through       BIGINT       NOT NULL
);

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_verification_no_update BEFORE UPDATE OR DELETE ON audit_verification
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_verification_no_truncate BEFORE TRUNCATE ON audit_verification
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
