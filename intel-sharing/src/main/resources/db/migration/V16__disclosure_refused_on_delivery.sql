-- A request the owner's service refused on delivery (the alert was revoked meanwhile, or no check
-- of ours hit it there) is closed as REFUSED at the requester instead of staying PENDING.
ALTER TABLE disclosure_request DROP CONSTRAINT disclosure_request_status_check;
ALTER TABLE disclosure_request ADD CONSTRAINT disclosure_request_status_check
    CHECK (status IN ('PENDING', 'APPROVED', 'DENIED', 'REFUSED'));

-- The owner accepts a partner's request only for an alert that partner's check hit here.
CREATE INDEX hit_check_hit_inbound ON hit_check_hit (alert_id) WHERE direction = 'INBOUND';
