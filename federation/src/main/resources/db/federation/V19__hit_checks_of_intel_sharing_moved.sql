-- intel-sharing kept its hit-check tables in its own schema until 2026-12 (its migrations V4 to
-- V19): a database that has them gets their rows here once, alerts as record type "intel.alert".
-- Its own tables stay (unread) until a later release of intel-sharing drops them: the two
-- migration histories run in either order, so neither may remove what the other has not copied.
--
-- Every source table and column is looked up first: a database at any of intel-sharing's versions
-- (V4 to V19) upgrades, whichever Flyway history runs first. What an older schema lacks is not
-- copied (hashes without a key version; hits without who asked are copied without it).
-- The fills are copied as not done (filled_through and filled_at NULL): the new release hashes
-- every alert once under each version held, so hashes an old replica wrote after this copy
-- (during a rolling restart) are made again. Quotas and hit records written by an old replica
-- after the copy are not: stop every intel-sharing replica before the upgrade (docs/upgrading.md).
DO $move$
DECLARE
    has_column_checks BOOLEAN;
BEGIN
    IF to_regclass('public.alert_subject_hash') IS NULL THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public'
               AND table_name = 'alert_subject_hash' AND column_name = 'key_version') THEN
        INSERT INTO federation.subject_hash (record_type, record_id, key_version, hash)
        SELECT 'intel.alert', alert_id::text, key_version, hash FROM public.alert_subject_hash
        ON CONFLICT DO NOTHING;
    END IF;
    IF to_regclass('public.blind_index_version') IS NOT NULL THEN
        INSERT INTO federation.blind_index_version (key_version, fingerprint, registered_at, filled_at)
        SELECT key_version, fingerprint, registered_at, NULL FROM public.blind_index_version
        ON CONFLICT DO NOTHING;
        INSERT INTO federation.blind_index_fill (key_version, record_type, filled_through, filled_at)
        SELECT key_version, 'intel.alert', NULL, NULL FROM public.blind_index_version
        ON CONFLICT DO NOTHING;
    END IF;
    IF to_regclass('public.blind_index_pending') IS NOT NULL THEN
        INSERT INTO federation.blind_index_pending (record_type, record_id, key_version)
        SELECT 'intel.alert', alert_id::text, key_version FROM public.blind_index_pending
        ON CONFLICT DO NOTHING;
    END IF;
    IF to_regclass('public.hit_check_log') IS NOT NULL THEN
        INSERT INTO federation.hit_check_log (check_id, direction, counterpart, requested_by, unit, identifiers, hits, at)
        SELECT check_id, direction, counterpart, requested_by, unit, identifiers, hits, at FROM public.hit_check_log;
    END IF;
    IF to_regclass('public.hit_check_hit') IS NOT NULL THEN
        has_column_checks := EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public'
                                     AND table_name = 'hit_check_hit' AND column_name = 'requested_by');
        IF has_column_checks THEN
            INSERT INTO federation.hit_check_hit (check_id, direction, counterpart, requested_by, owner, record_type,
                record_id, at)
            SELECT check_id, direction, counterpart, requested_by, owner, 'intel.alert', alert_id::text, at
            FROM public.hit_check_hit;
        ELSE
            -- before intel V17 a hit named no asker: take it from the check's log entry, as V17 did
            INSERT INTO federation.hit_check_hit (check_id, direction, counterpart, requested_by, owner, record_type,
                record_id, at)
            SELECT h.check_id, h.direction, l.counterpart, l.requested_by, h.owner, 'intel.alert', h.alert_id::text, h.at
            FROM public.hit_check_hit h
            LEFT JOIN LATERAL (SELECT counterpart, requested_by FROM public.hit_check_log o
                               WHERE o.check_id = h.check_id AND o.direction = h.direction
                               ORDER BY o.id LIMIT 1) l ON true;
        END IF;
    END IF;
    IF to_regclass('public.hit_check_quota') IS NOT NULL THEN
        INSERT INTO federation.hit_check_quota (partner, day, identifiers)
        SELECT partner, day, identifiers FROM public.hit_check_quota ON CONFLICT DO NOTHING;
    END IF;
    IF to_regclass('public.hit_check_user_quota') IS NOT NULL THEN
        INSERT INTO federation.hit_check_user_quota (jurisdiction, requested_by, day, identifiers)
        SELECT jurisdiction, requested_by, day, identifiers FROM public.hit_check_user_quota ON CONFLICT DO NOTHING;
    END IF;
END $move$;
