-- intel-sharing kept its hit-check tables in its own schema until 2026-12 (its migrations V4 to
-- V19): a database that has them gets their rows here once, alerts as record type "intel.alert".
-- Its own tables stay (unread) until a later release of intel-sharing drops them: the two
-- migration histories run in either order, so neither may remove what the other has not copied.
DO $move$
BEGIN
    IF to_regclass('public.alert_subject_hash') IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO federation.subject_hash (record_type, record_id, key_version, hash)
    SELECT 'intel.alert', alert_id::text, key_version, hash FROM public.alert_subject_hash
    ON CONFLICT DO NOTHING;
    INSERT INTO federation.blind_index_version (key_version, fingerprint, registered_at, filled_at)
    SELECT key_version, fingerprint, registered_at, filled_at FROM public.blind_index_version
    ON CONFLICT DO NOTHING;
    INSERT INTO federation.blind_index_fill (key_version, record_type, filled_through, filled_at)
    SELECT key_version, 'intel.alert', filled_through::text, filled_at FROM public.blind_index_version
    ON CONFLICT DO NOTHING;
    INSERT INTO federation.blind_index_pending (record_type, record_id, key_version)
    SELECT 'intel.alert', alert_id::text, key_version FROM public.blind_index_pending
    ON CONFLICT DO NOTHING;
    INSERT INTO federation.hit_check_log (check_id, direction, counterpart, requested_by, unit, identifiers, hits, at)
    SELECT check_id, direction, counterpart, requested_by, unit, identifiers, hits, at FROM public.hit_check_log;
    INSERT INTO federation.hit_check_hit (check_id, direction, counterpart, requested_by, owner, record_type, record_id, at)
    SELECT check_id, direction, counterpart, requested_by, owner, 'intel.alert', alert_id::text, at FROM public.hit_check_hit;
    INSERT INTO federation.hit_check_quota (partner, day, identifiers)
    SELECT partner, day, identifiers FROM public.hit_check_quota ON CONFLICT DO NOTHING;
    INSERT INTO federation.hit_check_user_quota (jurisdiction, requested_by, day, identifiers)
    SELECT jurisdiction, requested_by, day, identifiers FROM public.hit_check_user_quota ON CONFLICT DO NOTHING;
END $move$;
