-- A withdrawal keeps its own record (review 25 S1, C6): when and by whom our request was withdrawn
-- (at the requester: our user; at the owner: when the tombstone arrived, no user), and why. A
-- decision of the owner that crossed the withdrawal (taken only when made by then, within the
-- clocks' tolerance) fills decided_*, and no longer overwrites who withdrew it and why.
ALTER TABLE case_join_request
    ADD COLUMN withdrawn_at      TIMESTAMPTZ,
    ADD COLUMN withdrawn_by      VARCHAR(200),
    ADD COLUMN withdrawn_unit    VARCHAR(100),
    ADD COLUMN withdrawal_reason VARCHAR(2000);
UPDATE case_join_request
SET withdrawn_at = decided_at, withdrawn_by = decided_by, withdrawn_unit = decided_unit,
    withdrawal_reason = decision_reason
WHERE state = 'WITHDRAWN';
