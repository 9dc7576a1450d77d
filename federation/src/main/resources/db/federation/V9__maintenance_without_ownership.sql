-- The service's database role owns no table (afterMigrate.sql grants it what it needs). The one
-- job of the service that only an owner may do runs here, as the owner that migrated the schema:
-- gin_clean_pending_list asks for the index's owner (PendingIndexEntries merges GIN pending lists
-- every second, off the request path). Vacuuming the outbox needs no function: PostgreSQL 17's
-- MAINTAIN privilege on it is granted instead.
CREATE FUNCTION merge_pending_index_entries(indexes regclass[]) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    idx    regclass;
    pages  bigint := 0;
BEGIN
    FOREACH idx IN ARRAY indexes LOOP
        -- gin_clean_pending_list refuses anything but a GIN index this owner owns
        pages := pages + gin_clean_pending_list(idx);
    END LOOP;
    RETURN pages;
END $$;
REVOKE ALL ON FUNCTION merge_pending_index_entries(regclass[]) FROM PUBLIC;
