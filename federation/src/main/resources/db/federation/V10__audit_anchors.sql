-- Anchors (AuditAnchors, border.audit.v1.AuditAnchorService): every jurisdiction signs the head of
-- its audit chain (position, hash, time) with its Ed25519 key and hands it to its partners, who keep
-- it. A partner that is later told a head that does not extend the one it holds (shorter, or a
-- different hash at the held position) records the mismatch. Both tables are evidence: added to,
-- never changed.
CREATE TABLE audit_partner_head (
    partner      VARCHAR(6)  COLLATE "C" NOT NULL,
    position     BIGINT      NOT NULL,
    hash         BYTEA       NOT NULL,
    signed_at    TIMESTAMPTZ NOT NULL,
    -- the partner's signed statement exactly as received (a serialised border.audit.v1.ChainHead)
    statement    BYTEA       NOT NULL,
    signature    BYTEA       NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (partner, position)
);

CREATE TABLE audit_anchor_mismatch (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner          VARCHAR(6)  COLLATE "C" NOT NULL,
    detected_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    held_position    BIGINT      NOT NULL,
    held_hash        BYTEA       NOT NULL,
    stated_position  BIGINT,
    stated_hash      BYTEA,
    reason           TEXT        NOT NULL,
    statement        BYTEA,
    signature        BYTEA
);
CREATE INDEX audit_anchor_mismatch_partner ON audit_anchor_mismatch (partner, id);

CREATE TRIGGER audit_partner_head_no_update BEFORE UPDATE OR DELETE ON audit_partner_head
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_partner_head_no_truncate BEFORE TRUNCATE ON audit_partner_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_anchor_mismatch_no_update BEFORE UPDATE OR DELETE ON audit_anchor_mismatch
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_anchor_mismatch_no_truncate BEFORE TRUNCATE ON audit_anchor_mismatch
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
