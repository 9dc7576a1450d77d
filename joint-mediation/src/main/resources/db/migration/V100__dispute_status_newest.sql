-- A search with a status (纠纷检索: q=廿八都 工资&status=MEDIATING) first walks the newest disputes
-- in order (DisputeSearchRepository): on this index only that status's, not every dispute of the
-- others on the way; past the walk, its bitmap is ANDed with the words'. As V91 for a kind.
-- V100: V93-V99 left to parallel work.
CREATE INDEX dispute_status_newest ON dispute (status, created_at DESC, id DESC);
