-- Words with a status (案件检索: q=刷单返利&status=SOLVED), and their exact facet count: PostgreSQL
-- ANDs the words' bitmap with the status's (V120's btree), and the status's bitmap alone reads all
-- of that status's cases (22,000-40,000 rows at 100,000 cases: 6-19 ms, more than the words').
-- An index of the words per status holds only that status's cases, so the bitmap reads only the
-- word's matches of that status (bench/README.md, "Case facets: a coarse sample first"). The
-- search's plans are custom (PlanCacheMode.FORCE_CUSTOM_PLAN): the status is a constant the planner
-- matches against each index's predicate, as joint-mediation's index per kind (its V101).
CREATE INDEX joint_case_search_draft ON joint_case USING gin (search_vector) WHERE status = 'DRAFT';
CREATE INDEX joint_case_search_open ON joint_case USING gin (search_vector) WHERE status = 'OPEN';
CREATE INDEX joint_case_search_investigating ON joint_case USING gin (search_vector) WHERE status = 'INVESTIGATING';
CREATE INDEX joint_case_search_solved ON joint_case USING gin (search_vector) WHERE status = 'SOLVED';
CREATE INDEX joint_case_search_closed ON joint_case USING gin (search_vector) WHERE status = 'CLOSED';
CREATE INDEX joint_case_search_reopened ON joint_case USING gin (search_vector) WHERE status = 'REOPENED';
