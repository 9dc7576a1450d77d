-- V81 keeps the timeline's words (search_timeline) under PostgreSQL's 1 MB per tsvector, but the
-- generated search_vector is title (A) || summary (B) || timeline (C): with the timeline near the
-- limit, an edit that lengthens the title or summary (the owner's PUT, a partner's newer version of
-- the case) or a replica arriving after its many entries overflowed that sum, and every such write
-- of the case failed (5xx, REJECTED). Before the generated column is computed (BEFORE triggers run
-- first, in name order: after joint_case_timeline_on_insert), a row whose sum would not fit drops
-- its timeline words: the case stays findable by its title and summary, and its entries are kept
-- and shown. Only when the title or summary changes (or the row is new): a timeline that grows is
-- V81's, which leaves out the entry that does not fit instead.
CREATE FUNCTION joint_case_vector_fits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.search_title IS NOT DISTINCT FROM OLD.search_title
            AND NEW.search_summary IS NOT DISTINCT FROM OLD.search_summary THEN
        RETURN NEW;
    END IF;
    BEGIN
        PERFORM setweight(to_tsvector('simple', NEW.search_title), 'A')
            || setweight(to_tsvector('simple', NEW.search_summary), 'B')
            || setweight(NEW.search_timeline, 'C');
    EXCEPTION WHEN program_limit_exceeded THEN
        RAISE WARNING 'case %: its timeline''s words left out of its search vector (title, summary and timeline exceed a tsvector''s 1 MB)', NEW.id;
        NEW.search_timeline := ''::tsvector;
    END;
    RETURN NEW;
END
$$;
CREATE TRIGGER joint_case_vector_fits BEFORE INSERT OR UPDATE ON joint_case
    FOR EACH ROW EXECUTE FUNCTION joint_case_vector_fits();
