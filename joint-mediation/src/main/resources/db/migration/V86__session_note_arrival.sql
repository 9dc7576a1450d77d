-- 调解笔记 since a cursor (GET .../notes?after=): a reader polls only what arrived since its last
-- read. The cursor is the note's arrival here (received_at, id), not its writing: a partner's note
-- arrives after the writer's relay and inbox, later than notes written after it, and a reader
-- keyed on written_at would skip it. Arrival must follow commit order too (a transaction that
-- stamps its note and commits after a reader read a later stamp would be skipped), so the stamp is
-- given at commit, under a transaction lock held until the commit is visible, and is always after
-- every stamp given before (greatest with the newest + 1 µs: a clock step back cannot reorder it).
-- The same technique as federation's notification ids (V35, V38): a deferred constraint trigger,
-- once per transaction (a flag the INSERT statement clears).
ALTER TABLE session_note ADD COLUMN received_at TIMESTAMPTZ;
-- the notes held before: arrived as written (all committed, none after a stamp to come)
UPDATE session_note SET received_at = written_at;
CREATE INDEX session_note_arrival ON session_note (session_id, received_at, id);
-- the newest stamp (the next one is after it)
CREATE INDEX session_note_received ON session_note (received_at);
-- the trigger's rows (V35's notification_unnumbered)
CREATE INDEX session_note_unstamped ON session_note (id) WHERE received_at IS NULL;

CREATE FUNCTION session_note_stamp() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $stamp$
BEGIN
    IF current_setting('border.session_notes_stamped', true) = 'yes' THEN
        RETURN NULL;
    END IF;
    -- held to the end of the transaction, released after it became visible
    PERFORM pg_advisory_xact_lock(18699885195785322); -- "BorNoti" + 1: session notes
    UPDATE session_note
    SET received_at = greatest(clock_timestamp(),
                               (SELECT max(received_at) FROM session_note) + interval '1 microsecond')
    WHERE received_at IS NULL;
    PERFORM set_config('border.session_notes_stamped', 'yes', true);
    RETURN NULL;
END
$stamp$;

CREATE FUNCTION session_notes_to_stamp() RETURNS trigger LANGUAGE plpgsql AS $clear$
BEGIN
    PERFORM set_config('border.session_notes_stamped', 'no', true);
    RETURN NULL;
END
$clear$;

CREATE TRIGGER session_note_inserting BEFORE INSERT ON session_note
    FOR EACH STATEMENT EXECUTE FUNCTION session_notes_to_stamp();
CREATE CONSTRAINT TRIGGER session_note_stamped AFTER INSERT ON session_note
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION session_note_stamp();
