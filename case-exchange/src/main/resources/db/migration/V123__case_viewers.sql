-- The jurisdictions that see a case, on its row: its origin, and while it is no draft the
-- participants invited or accepted (V122's codes). This is the visibility rule of
-- CaseRepository.VISIBLE, computed by PostgreSQL whenever the status or the codes change.
-- The search's text indexes hold these codes beside the words. A partner's search then reads
-- only the rows it may see: its words AND its code, inside one index. Before, it read every
-- match and tested each row, and a partner sees about 45 % of a word's matches in the bench's
-- data (bench/README.md, "A partner's search: its code in the text index").
-- the words' indexes (V80, V121) go first: the column's rewrite below would rebuild them, and
-- they are built again afterwards with the viewers
DROP INDEX joint_case_search;
DROP INDEX joint_case_search_draft;
DROP INDEX joint_case_search_open;
DROP INDEX joint_case_search_investigating;
DROP INDEX joint_case_search_solved;
DROP INDEX joint_case_search_closed;
DROP INDEX joint_case_search_reopened;

ALTER TABLE joint_case
    ADD COLUMN viewers TEXT[] GENERATED ALWAYS AS (
        CASE WHEN status = 'DRAFT' THEN ARRAY[origin::text] ELSE ARRAY[origin::text] || participating END) STORED,
    -- in the row, as participating (V122): the toaster would otherwise move it out of line
    ALTER COLUMN viewers SET STORAGE PLAIN;

-- the words' indexes again, with the viewers as a second column. A search of the
-- words alone still uses them. An owner's own search matches its code in every row of its own,
-- and GIN skips through that long list of rows instead of reading it.
CREATE INDEX joint_case_search ON joint_case USING gin (search_vector, viewers);
CREATE INDEX joint_case_search_draft ON joint_case USING gin (search_vector, viewers) WHERE status = 'DRAFT';
CREATE INDEX joint_case_search_open ON joint_case USING gin (search_vector, viewers) WHERE status = 'OPEN';
CREATE INDEX joint_case_search_investigating ON joint_case USING gin (search_vector, viewers)
    WHERE status = 'INVESTIGATING';
CREATE INDEX joint_case_search_solved ON joint_case USING gin (search_vector, viewers) WHERE status = 'SOLVED';
CREATE INDEX joint_case_search_closed ON joint_case USING gin (search_vector, viewers) WHERE status = 'CLOSED';
CREATE INDEX joint_case_search_reopened ON joint_case USING gin (search_vector, viewers) WHERE status = 'REOPENED';

-- statistics of the new column at once: without them the planner guesses how many cases a
-- jurisdiction sees (about 0.5 %), for the owner too
ANALYZE joint_case;
