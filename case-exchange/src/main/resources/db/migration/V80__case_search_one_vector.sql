-- 案件检索 over 100,000 cases (bench/case-search.sh): a word was looked for in the case's vector OR
-- in any of its timeline entries' vectors. PostgreSQL cannot serve an OR across two tables from one
-- index, so every search hashed all timeline entries holding the word (for a word of the titles,
-- which every CREATED entry repeats, tens of thousands of rows: p95 200 ms) before walking the
-- cases. Now the case's own vector also holds its timeline's words (weight C), kept by the triggers
-- below whoever writes the entries (the owner's services, the appliers of partners' entries, entries
-- that arrive before their case), and one GIN index answers the whole text condition.
ALTER TABLE joint_case ADD COLUMN search_timeline TSVECTOR NOT NULL DEFAULT ''::tsvector;
-- only read to compute search_vector: out of line
ALTER TABLE joint_case ALTER COLUMN search_timeline SET STORAGE EXTERNAL;

-- the words of these cases' entries now in the table (the entries of a case are few: one index scan)
CREATE FUNCTION case_timeline_words(case_ids UUID[]) RETURNS TABLE (case_id UUID, words TSVECTOR)
    LANGUAGE sql STABLE AS $$
    SELECT t.case_id, to_tsvector('simple', string_agg(t.search_text, ' ' ORDER BY t.occurred_at, t.id))
    FROM case_timeline_entry t WHERE t.case_id = ANY (case_ids) GROUP BY t.case_id
$$;

-- new entries (one statement may insert many: a replication batch): add their words to their cases
CREATE FUNCTION case_timeline_entry_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE joint_case c SET search_timeline = c.search_timeline || n.words
    FROM (SELECT a.case_id, to_tsvector('simple', string_agg(a.search_text, ' ' ORDER BY a.occurred_at, a.id)) AS words
          FROM added a GROUP BY a.case_id) n
    WHERE c.id = n.case_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_timeline_entry_added AFTER INSERT ON case_timeline_entry
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION case_timeline_entry_added();

-- entries withdrawn (a partner's tombstones) or changed: the words of what remains
CREATE FUNCTION case_timeline_entry_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE joint_case c SET search_timeline = coalesce(w.words, ''::tsvector)
    FROM (SELECT DISTINCT r.case_id FROM removed r) gone
    LEFT JOIN case_timeline_words(ARRAY(SELECT DISTINCT r.case_id FROM removed r)) w ON w.case_id = gone.case_id
    WHERE c.id = gone.case_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_timeline_entry_removed AFTER DELETE ON case_timeline_entry
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION case_timeline_entry_removed();
CREATE TRIGGER case_timeline_entry_changed AFTER UPDATE ON case_timeline_entry
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION case_timeline_entry_removed();

-- a partner's entries may arrive before the case they are about: the case starts with their words
CREATE FUNCTION joint_case_timeline_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_timeline := coalesce((SELECT w.words FROM case_timeline_words(ARRAY[NEW.id]) w), ''::tsvector);
    RETURN NEW;
END
$$;
CREATE TRIGGER joint_case_timeline_on_insert BEFORE INSERT ON joint_case
    FOR EACH ROW EXECUTE FUNCTION joint_case_timeline_on_insert();

-- the vector of title (A), summary (B) and timeline (C); its index is created again with it
ALTER TABLE joint_case DROP COLUMN search_vector;
ALTER TABLE joint_case
    ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_summary), 'B')
            || setweight(search_timeline, 'C')
    ) STORED,
    ALTER COLUMN search_vector SET STORAGE MAIN;
UPDATE joint_case c SET search_timeline = w.words
FROM case_timeline_words(ARRAY(SELECT id FROM joint_case)) w WHERE w.case_id = c.id;
CREATE INDEX joint_case_search ON joint_case USING gin (search_vector);

-- the visibility rule's participant test (every read) from the index alone, state included
CREATE INDEX case_participant_visible ON case_participant (jurisdiction, case_id) INCLUDE (state);
DROP INDEX IF EXISTS case_participant_jurisdiction;
