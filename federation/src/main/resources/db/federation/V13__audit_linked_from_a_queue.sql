-- Linking the audit chain from a queue (AuditLinker). An entry's transaction queues its number
-- here, in the same statement that appends it (trigger below), and the linker links what it finds
-- queued and takes it off, in one transaction. An entry is linked whenever its transaction
-- commits, however long after it took its number; the linker keeps nothing in memory and a new
-- linker simply goes on with the queue. The queue is no evidence: the service's role may read, add
-- and remove. An entry neither linked nor queued (the queue emptied, or the trigger dropped, by
-- whoever owns the schema) is reported by verification.
CREATE TABLE audit_unlinked (
    seq BIGINT PRIMARY KEY
);

CREATE FUNCTION audit_log_queue_for_linking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO federation.audit_unlinked (seq) SELECT seq FROM appended;
    RETURN NULL;
END $$;

CREATE TRIGGER audit_log_queue_for_linking AFTER INSERT ON audit_log REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_queue_for_linking();

-- what is unlinked now, whenever it committed
INSERT INTO audit_unlinked (seq)
SELECT l.seq FROM audit_log l WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.seq = l.seq);

-- A verification's checkpoint is signed with the jurisdiction's audit key (a ChainHead of kind
-- VERIFIED_THROUGH, border.audit.v1) and handed to the partners, who keep it: the next
-- verification starts from a checkpoint a partner holds, or else from a signed one here, never from
-- a row anyone who may write this table could add.
ALTER TABLE audit_verification ADD COLUMN statement BYTEA, ADD COLUMN signature BYTEA;
