-- Facet counts above 10,000 matches are estimated from a sample (federation FacetCounter): the
-- alerts whose sample bucket, 16 bits of a hash of the id, is below a limit. This index finds
-- them without reading the others. The expression must stay exactly that of the HQL function
-- sample_bucket (federation QueryFunctions), or PostgreSQL does not use the index.
CREATE INDEX alert_facet_sample ON alert ((uuid_hash(id) & 65535));
