-- Flyway callback of a service's own migrations (location db/grants, added by the federation
-- library's defaults), after every migrate, as the owner: the role the service connects with
-- (placeholder application_role) may read and write the service's tables and nothing more: it
-- owns none, so it can neither disable a trigger nor alter, drop or truncate a table.
DO $grants$
DECLARE
    app text := '${application_role}';
BEGIN
    IF app = '' OR app = current_user THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), app);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', current_schema(), app);
    IF to_regclass(format('%I.flyway_schema_history', current_schema())) IS NOT NULL THEN
        EXECUTE format('REVOKE ALL ON %I.flyway_schema_history FROM %I', current_schema(), app);
    END IF;
END $grants$;
