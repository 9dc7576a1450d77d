-- Flyway callback, after every migrate (so at every start), as the schema's owner: grants the
-- role the service connects with (placeholder application_role, default quarkus.datasource.username)
-- what it needs, and no more. It owns nothing, so it can neither disable a trigger nor alter or
-- truncate a table; the audit tables it may only read and add to. New tables of later migrations
-- are read-write for it unless listed with the audit tables below.
DO $grants$
DECLARE
    app text := '${application_role}';
BEGIN
    IF app = '' OR app = current_user THEN
        -- one role for everything (development): nothing to grant, and nothing out of its reach
        RAISE WARNING 'the service connects as the owner of schema federation: the audit log is within its reach';
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA federation TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA federation TO %I', app);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA federation TO %I', app);
    -- evidence: read and added to, never changed
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON federation.audit_log, federation.audit_chain, '
        'federation.audit_verification, federation.audit_partner_head, federation.audit_anchor_mismatch FROM %I', app);
    IF to_regclass('federation.audit_partner_checkpoint') IS NOT NULL THEN
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON federation.audit_partner_checkpoint, '
            'federation.audit_partner_rebaseline FROM %I', app);
    END IF;
    -- the linking queue: added to by every entry's statement, taken off only by the owner's
    -- audit_unlinked_settle (numbers linked, or naming no entry), never by the service's hand
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON federation.audit_unlinked FROM %I', app);
    IF to_regprocedure('federation.audit_unlinked_settle(bigint[])') IS NOT NULL THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION federation.audit_unlinked_settle(bigint[]) TO %I', app);
    END IF;
    -- the migrations' own history is the owner's
    EXECUTE format('REVOKE ALL ON federation.flyway_schema_history FROM %I', app);
    -- OutboxVacuum: VACUUM without owning the table (PostgreSQL 17); before 17 autovacuum does it alone
    IF current_setting('server_version_num')::int >= 170000 THEN
        EXECUTE format('GRANT MAINTAIN ON federation.outbox TO %I', app);
    END IF;
    EXECUTE format('GRANT EXECUTE ON FUNCTION federation.merge_pending_index_entries(regclass[]) TO %I', app);
END $grants$;
