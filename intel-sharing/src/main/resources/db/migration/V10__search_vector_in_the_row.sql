-- Search vectors stay in the alert's row. A row is about 2 kB and its search vector half of
-- that, so PostgreSQL moved the vector of most alerts out to the TOAST table (72 % of a sample
-- of 20,000), and every search that reads many vectors (facet counts, rechecks of phrases, rare
-- words) fetched each from there. The segmented text the vector is computed from is never read
-- by a search: it goes out of line instead (EXTERNAL), and the vector stays in the row (MAIN:
-- compressed there if it must). At 1,000,000 alerts: facets over a word in a fifth of them
-- 1.6-2.9 s -> 0.8-1.0 s, a page of a common word 2.1-2.8 -> 1.3 ms.
-- Rows keep the layout they were written with, so the vector is computed again (one rewrite of
-- the table, in one statement so that the new column is written with its storage already set),
-- then indexed and analysed again.
ALTER TABLE alert
    ALTER COLUMN search_title SET STORAGE EXTERNAL,
    ALTER COLUMN search_body SET STORAGE EXTERNAL,
    DROP COLUMN search_vector,
    ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B')
    ) STORED,
    ALTER COLUMN search_vector SET STORAGE MAIN;

-- dropped with the column; without a pending list, as V8 set it
CREATE INDEX alert_search ON alert USING gin (search_vector) WITH (fastupdate = off);

ANALYZE alert;
