-- Full-text matching is now written by Hibernate itself (repository/QueryFunctions renders
-- tsquery_matches as "v @@ to_tsquery('simple', q)", the same SQL this function was inlined to).
DROP FUNCTION text_matches(TSVECTOR, TEXT);
