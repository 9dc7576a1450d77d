-- A search for a word within a kind (纠纷检索: q=工资&kind=LAND_BOUNDARY) whose newest disputes hold
-- no page of matches is answered from the word's GIN bitmap (DisputeSearchRepository): this index
-- gives the kind's bitmap to AND with it, so that only the rows of both are read; and a list of a
-- kind (no words) reads that kind's newest disputes in order.
CREATE INDEX dispute_kind_newest ON dispute (kind, created_at DESC, id DESC);
