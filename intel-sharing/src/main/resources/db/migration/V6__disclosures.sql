-- Disclosure requests after a hit (披露申请). The request part is owned by the requester, the
-- answer part by the alert's owner; both sides hold the row.
CREATE TABLE disclosure_request (
    id            UUID          PRIMARY KEY,
    requester     VARCHAR(6)    COLLATE "C" NOT NULL,
    owner         VARCHAR(6)    COLLATE "C" NOT NULL,
    alert_id      UUID          NOT NULL,
    reason        VARCHAR(2000) NOT NULL,
    requested_by  VARCHAR(200)  NOT NULL,
    unit          VARCHAR(100),
    requested_at  TIMESTAMPTZ   NOT NULL,
    deadline      TIMESTAMPTZ   NOT NULL,
    status        VARCHAR(10)   NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'DENIED')),
    answered_by   VARCHAR(200),
    answered_at   TIMESTAMPTZ,
    answer_reason VARCHAR(2000)
);
CREATE INDEX disclosure_request_owner ON disclosure_request (owner, status);
CREATE INDEX disclosure_request_requester ON disclosure_request (requester, status);
