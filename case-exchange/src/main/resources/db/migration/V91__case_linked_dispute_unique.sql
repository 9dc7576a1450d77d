-- One case per escalated dispute (民转刑), whoever escalates it (review 25 M3): an escalation
-- repeated by another user after a lost answer opened a second case, since idempotency keys are
-- per user. Cases that name a dispute already named by an older case of the same origin lose the
-- link (the oldest by created_at, then id, keeps it: the same choice at the origin and at every
-- partner holding the replicas); they stay as cases for a commander to close. Then the link is
-- unique per origin.
UPDATE joint_case c SET linked_dispute = NULL
WHERE c.linked_dispute IS NOT NULL
  AND EXISTS (SELECT 1 FROM joint_case o
              WHERE o.origin = c.origin AND o.linked_dispute = c.linked_dispute
                AND (o.created_at, o.id) < (c.created_at, c.id));
DROP INDEX joint_case_linked_dispute;
CREATE UNIQUE INDEX joint_case_linked_dispute ON joint_case (origin, linked_dispute) WHERE linked_dispute IS NOT NULL;
