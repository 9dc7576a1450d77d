-- One tsvector may hold at most 1 MB (PostgreSQL raises program_limit_exceeded). V80 adds every
-- timeline entry's words to its case's vector, and nothing bounds a case's entries: a participant
-- writing many notes of distinct words would make every later write of the case's timeline fail
-- (the owner's status changes included). Past the limit an entry's words are left out of the
-- case's vector (the entry itself is kept and shown); each entry is added on its own, so one
-- oversized entry costs only its own words.
CREATE OR REPLACE FUNCTION case_timeline_entry_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry RECORD;
BEGIN
    FOR entry IN SELECT a.case_id, a.search_text FROM added a ORDER BY a.case_id, a.occurred_at, a.id LOOP
        BEGIN
            UPDATE joint_case c SET search_timeline = c.search_timeline || to_tsvector('simple', entry.search_text)
            WHERE c.id = entry.case_id;
        EXCEPTION WHEN program_limit_exceeded THEN
            NULL;
        END;
    END LOOP;
    RETURN NULL;
END
$$;

-- entries withdrawn or changed: the words of what remains; past the limit the case keeps the words
-- it had (a withdrawn entry's words may still find the case, which its readers see anyway)
CREATE OR REPLACE FUNCTION case_timeline_entry_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gone UUID;
BEGIN
    FOR gone IN SELECT DISTINCT r.case_id FROM removed r LOOP
        BEGIN
            UPDATE joint_case c SET search_timeline = coalesce(
                (SELECT w.words FROM case_timeline_words(ARRAY[gone]) w), ''::tsvector)
            WHERE c.id = gone;
        EXCEPTION WHEN program_limit_exceeded THEN
            NULL;
        END;
    END LOOP;
    RETURN NULL;
END
$$;

-- a case arriving after its entries: their words, or none past the limit
CREATE OR REPLACE FUNCTION joint_case_timeline_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        NEW.search_timeline := coalesce((SELECT w.words FROM case_timeline_words(ARRAY[NEW.id]) w), ''::tsvector);
    EXCEPTION WHEN program_limit_exceeded THEN
        NEW.search_timeline := ''::tsvector;
    END;
    RETURN NEW;
END
$$;
