-- A re-baseline of a partner's anchors (PartnerHeads.rebaseline, a commander's REST call) sets
-- aside what we held of the partner up to the moment it is made, and is audited in the same
-- transaction. The service's role may add rows here, so a hand could add one that set aside every
-- head still to come (ids beyond any held), with no audit entry: the partner's heads were then
-- never counted and no stale alarm fired (review of the audit trail). Now a row sets aside exactly
-- what is held when it is added, whatever it says, and is taken only with an audit entry of its
-- partner's re-baseline written in its own transaction.

CREATE FUNCTION audit_partner_rebaseline_as_held() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, federation AS $$
BEGIN
    -- its number from the sequence, whatever the INSERT says (OVERRIDING SYSTEM VALUE): the latest
    -- re-baseline is the one numbered last, and a row numbered beyond all by hand would hide the rest
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

CREATE TRIGGER audit_partner_rebaseline_as_held BEFORE INSERT ON audit_partner_rebaseline
    FOR EACH ROW EXECUTE FUNCTION audit_partner_rebaseline_as_held();

-- at commit: the transaction wrote the re-baseline's audit entry (xmin: rows this transaction wrote)
CREATE FUNCTION audit_partner_rebaseline_audited() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, federation AS $$
BEGIN
    IF NOT EXISTS (
            SELECT 1 FROM federation.audit_log l
            WHERE l.record_type = 'audit.chain' AND l.record_id = NEW.partner
              AND l.action = 'audit.anchor.rebaseline' AND l.xmin = pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'a re-baseline of % without its audit entry', NEW.partner USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER audit_partner_rebaseline_audited AFTER INSERT ON audit_partner_rebaseline
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_partner_rebaseline_audited();
