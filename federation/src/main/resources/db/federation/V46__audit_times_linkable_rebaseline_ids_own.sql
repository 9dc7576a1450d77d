-- Since V44 a link is checked against the entry's hash computed in SQL. An entry whose time has no
-- epoch (infinity) or lies far outside any real one could not be linked, and the linker would stop
-- at it for good: the service's role, which may add entries, could stop the audit chain. Entries
-- are written with the time they are written: between 1970 and 2200 (not checked for rows already
-- here, which V44's rule links as before).
ALTER TABLE audit_log ADD CONSTRAINT audit_log_at_linkable
    CHECK (isfinite(at) AND at >= '1970-01-01 00:00:00+00' AND at < '2200-01-01 00:00:00+00') NOT VALID;

-- A re-baseline row takes its number from the sequence, whatever the INSERT says (OVERRIDING
-- SYSTEM VALUE): the latest re-baseline of a partner is the one numbered last, and a row numbered
-- beyond all others by hand would otherwise stay "latest" and hide every later one.
CREATE OR REPLACE FUNCTION audit_partner_rebaseline_as_held() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, federation AS $$
BEGIN
    NEW.id := nextval(pg_get_serial_sequence('federation.audit_partner_rebaseline', 'id'));
    NEW.at := now();
    NEW.through_head_id :=
        coalesce((SELECT max(id) FROM federation.audit_partner_head WHERE partner = NEW.partner), 0);
    NEW.through_mismatch_id :=
        coalesce((SELECT max(id) FROM federation.audit_anchor_mismatch WHERE partner = NEW.partner), 0);
    NEW.through_checkpoint_id :=
        coalesce((SELECT max(id) FROM federation.audit_partner_checkpoint WHERE partner = NEW.partner), 0);
    RETURN NEW;
END $$;
