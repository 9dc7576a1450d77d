-- A requester withdraws a pending request to join a case (已撤回): final, as a decision; decided_at is
-- when it was withdrawn (here, or received at the owner), decided_by the requester's user (at the
-- requester) and decision_reason its optional reason.
ALTER TABLE case_join_request DROP CONSTRAINT case_join_request_state,
    ADD CONSTRAINT case_join_request_state CHECK (state IN ('PENDING', 'APPROVED', 'DENIED', 'WITHDRAWN'));
-- the pending requests of one requester at an owner (its quota, border.cases.join-requests.max-pending)
CREATE INDEX case_join_request_pending_by ON case_join_request (requester, case_origin) WHERE state = 'PENDING';
