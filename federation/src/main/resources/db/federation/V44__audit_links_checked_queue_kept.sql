-- The service's role could shape the audit chain without touching any evidence row (review of
-- the audit trail): add a link of its own making (a wrong hash, a gap, an entry linked twice),
-- after which every verification stops at that link for good; or take an entry off the linking
-- queue, so that it was never linked nor reported waiting, and never anchored at a partner.
--
-- 1. A link is taken only as the chain rule makes it (AuditChain): the next position, the hash of
--    the link before it, an entry not linked yet, and the hash of that entry's fields. The linker
--    makes exactly these; anything else is refused, whoever inserts it.
-- 2. The queue loses UPDATE and DELETE for the service's role (afterMigrate): its rows are taken off
--    only by audit_unlinked_settle(), which removes only numbers that are linked or name no entry.

CREATE FUNCTION audit_chain_field(value TEXT) RETURNS BYTEA LANGUAGE sql STABLE AS $$
    SELECT '\x1f'::bytea || CASE WHEN value IS NULL THEN '\x00'::bytea ELSE convert_to(value, 'UTF8') END
$$;

-- AuditChain.hash, in SQL: SHA-256 of the previous hash, then each field after a 0x1f (null: a 0x00):
-- the time as epoch seconds and nanoseconds in decimal, actor, jurisdiction, action, record type,
-- record id, detail
CREATE FUNCTION audit_chain_hash(previous BYTEA, entry federation.audit_log) RETURNS BYTEA
    LANGUAGE sql STABLE SET search_path = pg_catalog, federation AS $$
    SELECT sha256(previous
        || federation.audit_chain_field(floor(extract(epoch FROM entry.at))::bigint::text)
        || federation.audit_chain_field(((extract(microseconds FROM entry.at)::bigint % 1000000) * 1000)::text)
        || federation.audit_chain_field(entry.actor)
        || federation.audit_chain_field(entry.jurisdiction)
        || federation.audit_chain_field(entry.action)
        || federation.audit_chain_field(entry.record_type)
        || federation.audit_chain_field(entry.record_id)
        || federation.audit_chain_field(entry.detail))
$$;

CREATE FUNCTION audit_chain_link_check() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, federation AS $$
DECLARE
    head_position BIGINT := 0;
    head_hash BYTEA := decode(repeat('00', 32), 'hex');
    entry federation.audit_log;
BEGIN
    SELECT position, hash INTO head_position, head_hash
    FROM federation.audit_chain ORDER BY position DESC LIMIT 1;
    IF NOT FOUND THEN
        head_position := 0;
        head_hash := decode(repeat('00', 32), 'hex');
    END IF;
    IF NEW.position IS DISTINCT FROM head_position + 1 THEN
        RAISE EXCEPTION 'audit chain: the next link is at position %, not %', head_position + 1, NEW.position
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.prev_hash IS DISTINCT FROM head_hash THEN
        RAISE EXCEPTION 'audit chain: link % does not follow the hash of link %', NEW.position, head_position
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT * INTO entry FROM federation.audit_log WHERE seq = NEW.seq;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'audit chain: no entry %', NEW.seq USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.hash IS DISTINCT FROM federation.audit_chain_hash(head_hash, entry) THEN
        RAISE EXCEPTION 'audit chain: link % is not the hash of entry %', NEW.position, NEW.seq
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.linked_at := now();
    RETURN NEW;
END $$;

CREATE TRIGGER audit_chain_link_check BEFORE INSERT ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_chain_link_check();

-- The linker's way to take numbers off the queue (the service's role may no longer delete there):
-- these numbers once linked, or (null) every queued number that is linked or names no entry
-- (only a hand could have queued those). Runs as the schema's owner.
CREATE FUNCTION audit_unlinked_settle(linked BIGINT[]) RETURNS BIGINT
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, federation AS $$
DECLARE
    settled BIGINT;
BEGIN
    IF linked IS NULL THEN
        DELETE FROM federation.audit_unlinked u
        WHERE EXISTS (SELECT 1 FROM federation.audit_chain c WHERE c.seq = u.seq)
           OR NOT EXISTS (SELECT 1 FROM federation.audit_log l WHERE l.seq = u.seq);
    ELSE
        DELETE FROM federation.audit_unlinked u
        WHERE u.seq = ANY(linked)
          AND EXISTS (SELECT 1 FROM federation.audit_chain c WHERE c.seq = u.seq);
    END IF;
    GET DIAGNOSTICS settled = ROW_COUNT;
    RETURN settled;
END $$;

REVOKE ALL ON FUNCTION audit_unlinked_settle(BIGINT[]) FROM PUBLIC;
