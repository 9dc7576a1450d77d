-- A search for words within a kind (纠纷检索: q=工资&kind=LAND_BOUNDARY) that the newest disputes do
-- not answer asks PostgreSQL for the matches as a bitmap (DisputeSearchRepository). With one GIN
-- index for every kind, that bitmap is the word's AND the kind's: both read in full (22,000 and
-- 28,000 rows at 100,000 disputes, for a pair that has no match). An index per kind holds only
-- that kind's words, so the bitmap reads only the kind's matches. The search's plans are custom
-- (PlanCacheMode.FORCE_CUSTOM_PLAN): the kind is a constant the planner matches against each
-- index's predicate. A kind added later is searched with the whole-table index until it has its own.
CREATE INDEX dispute_search_land_boundary ON dispute USING gin (search_vector) WHERE kind = 'LAND_BOUNDARY';
CREATE INDEX dispute_search_labour_wages ON dispute USING gin (search_vector) WHERE kind = 'LABOUR_WAGES';
CREATE INDEX dispute_search_commercial_trade ON dispute USING gin (search_vector) WHERE kind = 'COMMERCIAL_TRADE';
CREATE INDEX dispute_search_neighbour ON dispute USING gin (search_vector) WHERE kind = 'NEIGHBOUR';
CREATE INDEX dispute_search_family ON dispute USING gin (search_vector) WHERE kind = 'FAMILY';
CREATE INDEX dispute_search_traffic_accident ON dispute USING gin (search_vector) WHERE kind = 'TRAFFIC_ACCIDENT';
CREATE INDEX dispute_search_other ON dispute USING gin (search_vector) WHERE kind = 'OTHER';
