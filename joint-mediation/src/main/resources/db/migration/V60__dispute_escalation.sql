-- Escalation (民转刑): a dispute at high risk opens a linked joint case in case-exchange; the
-- dispute records the case it opened (id and number at the same jurisdiction's case-exchange),
-- when and by whom. Set once, replicated with the dispute, never cleared.
ALTER TABLE dispute
    ADD COLUMN escalated_case        UUID,
    ADD COLUMN escalated_case_number VARCHAR(20),
    ADD COLUMN escalated_at          TIMESTAMPTZ,
    ADD COLUMN escalated_by          VARCHAR(200),
    ADD CONSTRAINT dispute_escalation_whole CHECK (
        (escalated_case IS NULL) = (escalated_case_number IS NULL)
        AND (escalated_case IS NULL) = (escalated_at IS NULL));
