-- Analyst search. Title and body are segmented into words by the application (Lucene smartcn)
-- and stored space-separated; PostgreSQL turns them into a weighted tsvector with the "simple"
-- configuration (no stemming, no stop words: the words are already what we want to match).
-- Subject identifiers (ID numbers, plates, phones, accounts) get a trigram index for partial
-- matches such as "H123".
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE alert
    ADD COLUMN search_title   TEXT NOT NULL DEFAULT '',
    ADD COLUMN search_body    TEXT NOT NULL DEFAULT '',
    ADD COLUMN subject_values TEXT NOT NULL DEFAULT '',
    ADD COLUMN search_vector  TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B')
    ) STORED;

CREATE INDEX alert_search ON alert USING gin (search_vector);
CREATE INDEX alert_subject_values ON alert USING gin (subject_values gin_trgm_ops);

-- v @@ to_tsquery('simple', q) as a function HQL can call; a plain SQL function is inlined by
-- the planner, so the GIN index above still serves it.
CREATE FUNCTION text_matches(v TSVECTOR, q TEXT) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT v @@ to_tsquery(''simple'', q)';
