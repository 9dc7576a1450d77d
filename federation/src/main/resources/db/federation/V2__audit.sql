-- Append-only, hash-chained audit log. Each row's hash covers its content and the previous
-- row's hash, so changing or removing any row breaks every link after it; verification
-- reports the first broken one. The trigger refuses UPDATE, DELETE and TRUNCATE outright.
CREATE TABLE audit_log (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            TIMESTAMPTZ  NOT NULL,
    actor         VARCHAR(200) NOT NULL,
    jurisdiction  VARCHAR(6)   COLLATE "C" NOT NULL,
    action        VARCHAR(64)  COLLATE "C" NOT NULL,
    record_type   VARCHAR(100) COLLATE "C",
    record_id     VARCHAR(64)  COLLATE "C",
    detail        TEXT,
    prev_hash     BYTEA        NOT NULL,
    hash          BYTEA        NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
