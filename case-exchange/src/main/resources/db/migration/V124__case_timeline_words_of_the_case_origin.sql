-- A case's timeline is written by its origin alone (TimelineService reads only the entries whose
-- case_origin is the case's). V80/V81 added to a case's search words every entry with its id,
-- whatever the entry's case_origin: a partner could send entries for another origin's case before
-- that case reached us and decide what the case is found by (or fill its 1 MB of words so the
-- origin's own words were left out). Only entries of the case's origin count now; the definitions
-- are V80's and V81's otherwise.
CREATE OR REPLACE FUNCTION case_timeline_words(case_ids UUID[]) RETURNS TABLE (case_id UUID, words TSVECTOR)
    LANGUAGE sql STABLE AS $$
    SELECT t.case_id, to_tsvector('simple', string_agg(t.search_text, ' ' ORDER BY t.occurred_at, t.id))
    FROM case_timeline_entry t JOIN joint_case c ON c.id = t.case_id AND t.case_origin = c.origin
    WHERE t.case_id = ANY (case_ids) GROUP BY t.case_id
$$;

CREATE OR REPLACE FUNCTION case_timeline_entry_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry RECORD;
BEGIN
    FOR entry IN SELECT a.case_id, a.case_origin, a.search_text FROM added a ORDER BY a.case_id, a.occurred_at, a.id LOOP
        BEGIN
            UPDATE joint_case c SET search_timeline = c.search_timeline || to_tsvector('simple', entry.search_text)
            WHERE c.id = entry.case_id AND c.origin = entry.case_origin;
        EXCEPTION WHEN program_limit_exceeded THEN
            NULL;
        END;
    END LOOP;
    RETURN NULL;
END
$$;

-- the new row is not in the table yet: its origin is NEW's
CREATE OR REPLACE FUNCTION joint_case_timeline_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        NEW.search_timeline := coalesce(
            (SELECT to_tsvector('simple', string_agg(t.search_text, ' ' ORDER BY t.occurred_at, t.id))
             FROM case_timeline_entry t WHERE t.case_id = NEW.id AND t.case_origin = NEW.origin),
            ''::tsvector);
    EXCEPTION WHEN program_limit_exceeded THEN
        NEW.search_timeline := ''::tsvector;
    END;
    RETURN NEW;
END
$$;

-- cases already holding another origin's words: the words of their own origin's entries
DO $$
DECLARE
    polluted UUID;
BEGIN
    FOR polluted IN SELECT DISTINCT t.case_id FROM case_timeline_entry t JOIN joint_case c ON c.id = t.case_id
            WHERE t.case_origin <> c.origin LOOP
        BEGIN
            UPDATE joint_case c SET search_timeline = coalesce(
                (SELECT w.words FROM case_timeline_words(ARRAY[polluted]) w), ''::tsvector)
            WHERE c.id = polluted;
        EXCEPTION WHEN program_limit_exceeded THEN
            UPDATE joint_case c SET search_timeline = ''::tsvector WHERE c.id = polluted;
        END;
    END LOOP;
END
$$;
