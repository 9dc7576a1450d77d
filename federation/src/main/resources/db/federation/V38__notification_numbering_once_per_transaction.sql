-- Review 26 C2: V35's deferred row trigger ran once per inserted row at commit; each run after the
-- first found nothing to number, but only after walking the partial index's entries of the rows
-- just numbered (dead, not yet vacuumed) while holding the numbering lock: O(N^2) for a batch of
-- N notifications (250,000 index visits for a 500-alert batch).
--
-- A constraint trigger can only be FOR EACH ROW (and only a deferred trigger numbers at commit),
-- so the repeats are skipped with a transaction-local flag instead: the first run numbers every
-- row of the transaction and sets it; the later runs of the same commit see it and return. Every
-- INSERT statement clears it first (a statement trigger, not deferred), so rows inserted after an
-- earlier numbering in the same transaction (SET CONSTRAINTS ... IMMEDIATE, then more inserts)
-- are numbered by their own deferred runs. set_config(..., true) is undone with a rolled-back
-- subtransaction, as the rows are.
CREATE OR REPLACE FUNCTION number_notifications() RETURNS trigger LANGUAGE plpgsql AS $numbering$
BEGIN
    IF current_setting('border.notifications_numbered', true) = 'yes' THEN
        RETURN NULL;
    END IF;
    -- held to the end of the transaction, released after it became visible
    PERFORM pg_advisory_xact_lock(18699885195785321); -- 0x426f724e6f7469, "BorNoti"
    UPDATE federation.notification SET id = nextval('federation.notification_id') WHERE id IS NULL;
    PERFORM set_config('border.notifications_numbered', 'yes', true);
    RETURN NULL;
END
$numbering$;

CREATE FUNCTION notifications_to_number() RETURNS trigger LANGUAGE plpgsql AS $clear$
BEGIN
    PERFORM set_config('border.notifications_numbered', 'no', true);
    RETURN NULL;
END
$clear$;

CREATE TRIGGER notification_inserting BEFORE INSERT ON notification
    FOR EACH STATEMENT EXECUTE FUNCTION notifications_to_number();
