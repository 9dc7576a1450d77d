-- A case opened by escalating a dispute of joint-mediation (民转刑): the dispute's id (a record id
-- of this jurisdiction's joint-mediation), set when the case is filed, never changed, and
-- replicated with the case. Null for every other case.
ALTER TABLE joint_case ADD COLUMN linked_dispute UUID;
CREATE INDEX joint_case_linked_dispute ON joint_case (linked_dispute) WHERE linked_dispute IS NOT NULL;
