-- The jurisdictions that see a case as participant (invited or accepted), on the case's own row.
-- The visibility rule (CaseRepository) tested a partner's participant row per matching case, an
-- index probe each: a third to a half of a partner's exact facet count of 2,820 matches
-- (bench/README.md, "A partner's case facets: the participants on the case row"). With the
-- codes on the row the rule is a test of the row the search reads anyway. case_participant stays
-- the source of truth: this copy is kept by the trigger below in the transaction of every change
-- of a participant row, whoever writes it (the owner's services, replication's appliers, a
-- transfer, a case deleted with its rows), and rebuilt from it here.
ALTER TABLE joint_case ADD COLUMN participating TEXT[] NOT NULL DEFAULT '{}';
-- always in the row: a case row stays above PostgreSQL's toast threshold (its search vector), so by
-- default the toaster compresses and moves its other values out of line until none is left, this
-- one too, and the rule read it through the toast table (two more buffers per row tested: slower
-- than the probe it replaces)
ALTER TABLE joint_case ALTER COLUMN participating SET STORAGE PLAIN;
-- No index of its own: ANDed with the words' index, a partner's bitmap of its own and its
-- participations (46,000 of 100,000 cases) cost more than testing the matches' rows.

-- these cases' participating codes as their participant rows say, where they differ (an answer's
-- version or a reason changes no code: the case row is left as it is). The cases are locked
-- first and their rows read in the next statement, which (READ COMMITTED, a volatile function)
-- sees every change committed before the lock was granted: two writers changing one case's
-- participants at once, neither holding the case row, leave it with what both wrote, not with
-- what the second read before the first committed (a removed partner's code kept, or an invited
-- one's lost).
CREATE FUNCTION joint_case_participating(case_ids UUID[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM joint_case WHERE id = ANY (case_ids) ORDER BY id FOR NO KEY UPDATE;
    UPDATE joint_case c SET participating = n.codes
    FROM (SELECT i.id, ARRAY(SELECT p.jurisdiction::text FROM case_participant p
                             WHERE p.case_id = i.id AND p.state IN ('INVITED', 'ACCEPTED')
                             ORDER BY p.jurisdiction) AS codes
          FROM (SELECT DISTINCT unnest(case_ids) AS id) i) n
    WHERE c.id = n.id AND c.participating IS DISTINCT FROM n.codes;
END
$$;

CREATE FUNCTION case_participant_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM joint_case_participating(ARRAY[NEW.case_id]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM joint_case_participating(ARRAY[OLD.case_id]);
    ELSE
        PERFORM joint_case_participating(ARRAY[OLD.case_id, NEW.case_id]);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_participant_changed AFTER INSERT OR UPDATE OR DELETE ON case_participant
    FOR EACH ROW EXECUTE FUNCTION case_participant_changed();

-- the cases that have participants: each such row is written once more (about 70 % of the rows)
SELECT joint_case_participating(ARRAY(SELECT DISTINCT case_id FROM case_participant));
