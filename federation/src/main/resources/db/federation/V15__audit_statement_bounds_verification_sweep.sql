-- What a partner can make us store (final review #2): a statement is a ChainHead of at most 256
-- bytes (PartnerHeads refuses larger ones before verifying; the database keeps 512 as the hard
-- limit) and an Ed25519 signature is 64 bytes. These tables are append-only: without a bound a
-- partner could pad what it signs and fill our disk with rows nobody may delete. NOT VALID: rows
-- kept before are left as they are (and show up in a VALIDATE CONSTRAINT run by the owner).
ALTER TABLE audit_partner_head ADD CONSTRAINT audit_partner_head_statement_bounded
    CHECK (octet_length(statement) <= 512 AND octet_length(signature) = 64) NOT VALID;
ALTER TABLE audit_partner_checkpoint ADD CONSTRAINT audit_partner_checkpoint_statement_bounded
    CHECK (octet_length(statement) <= 512 AND octet_length(signature) = 64) NOT VALID;
ALTER TABLE audit_anchor_mismatch ADD CONSTRAINT audit_anchor_mismatch_statement_bounded
    CHECK (coalesce(octet_length(statement), 0) <= 512 AND coalesce(octet_length(signature), 64) = 64
        AND coalesce(octet_length(held_statement), 0) <= 512 AND coalesce(octet_length(held_signature), 64) = 64) NOT VALID;

-- Checkpoints a partner handed us in the last hour, counted across replicas.
CREATE INDEX audit_partner_checkpoint_recent ON audit_partner_checkpoint (partner, received_at);

-- The rotating sweep of verification (final review #7): each verification also re-hashes a page of
-- links before its checkpoint, from where the last sweep stopped (0: from the first link), so an
-- entry edited before the checkpoint without recomputing is found within (links / page) calls.
ALTER TABLE audit_verification ADD COLUMN sweep_through BIGINT NOT NULL DEFAULT 0;
