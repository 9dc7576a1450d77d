-- Partners' heads in the order they came (AuditAnchors): the latest held is the latest kept, which
-- after a recorded mismatch may be lower than an earlier one, or at the same position with another
-- hash; so the key is the arrival, not (partner, position).
ALTER TABLE audit_partner_head ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY;
ALTER TABLE audit_partner_head DROP CONSTRAINT audit_partner_head_pkey;
ALTER TABLE audit_partner_head ADD PRIMARY KEY (id);
CREATE INDEX audit_partner_head_latest ON audit_partner_head (partner, id);

-- A mismatch keeps both of the partner's statements that contradict each other: the head we held
-- and what it stated later (statement, signature). With them the partner can see for itself, by its
-- own signature, that the mismatch is real; a count alone it would have to take on trust.
ALTER TABLE audit_anchor_mismatch ADD COLUMN held_statement BYTEA, ADD COLUMN held_signature BYTEA;

-- Partners' verification checkpoints (HoldCheckpoint): a partner's next verification starts from
-- the latest we hold, out of its own reach.
CREATE TABLE audit_partner_checkpoint (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner      VARCHAR(6)  COLLATE "C" NOT NULL,
    position     BIGINT      NOT NULL,
    hash         BYTEA       NOT NULL,
    signed_at    TIMESTAMPTZ NOT NULL,
    statement    BYTEA       NOT NULL,
    signature    BYTEA       NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_partner_checkpoint_latest ON audit_partner_checkpoint (partner, id);

-- Re-baselining a partner (POST /api/v1/audit/anchors/{partner}/rebaseline, after the partner
-- restored its audit log from a backup and said so): heads, mismatches and checkpoints of the
-- partner kept so far no longer count; its next head is taken as the first. Evidence itself, and
-- audited.
CREATE TABLE audit_partner_rebaseline (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner                VARCHAR(6)   COLLATE "C" NOT NULL,
    at                     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    by_whom                VARCHAR(200) NOT NULL,
    reason                 TEXT         NOT NULL,
    through_head_id        BIGINT       NOT NULL,
    through_mismatch_id    BIGINT       NOT NULL,
    through_checkpoint_id  BIGINT       NOT NULL
);
CREATE INDEX audit_partner_rebaseline_latest ON audit_partner_rebaseline (partner, id);

CREATE TRIGGER audit_partner_checkpoint_no_update BEFORE UPDATE OR DELETE ON audit_partner_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_partner_checkpoint_no_truncate BEFORE TRUNCATE ON audit_partner_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_partner_rebaseline_no_update BEFORE UPDATE OR DELETE ON audit_partner_rebaseline
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_partner_rebaseline_no_truncate BEFORE TRUNCATE ON audit_partner_rebaseline
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
