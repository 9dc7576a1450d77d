-- 申请加入案件: a partner's request to join one of our cases (at the owner: incoming, case_origin
-- = us) and ours to join a partner's (at the requester: outgoing, requester = us). One row per
-- request at each end; the request is the requester's record, the decision the owner's.
CREATE TABLE case_join_request (
    id             UUID          PRIMARY KEY,
    requester      VARCHAR(6)    COLLATE "C" NOT NULL,
    case_origin    VARCHAR(6)    COLLATE "C" NOT NULL,
    case_number    VARCHAR(18)   COLLATE "C" NOT NULL,
    -- at the owner: the case the number named, if there is one; at the requester: set on approval
    case_id        UUID,
    reason         VARCHAR(2000) NOT NULL,
    hit_reference  VARCHAR(200),
    requested_by   VARCHAR(200)  NOT NULL,
    requested_unit VARCHAR(100),
    -- each side's own clock: the requester's filing time there, the time of receipt at the owner
    requested_at   TIMESTAMPTZ   NOT NULL,
    state          VARCHAR(10)   NOT NULL,
    decided_at     TIMESTAMPTZ,
    -- at the owner: the commander (null: refused by the service at receipt); never sent
    decided_by     VARCHAR(200),
    decided_unit   VARCHAR(100),
    decision_reason VARCHAR(2000),
    -- at the owner, for an automatic refusal: why (not sent: the requester sees decision_reason)
    refusal        VARCHAR(200),
    CONSTRAINT case_join_request_state CHECK (state IN ('PENDING', 'APPROVED', 'DENIED')),
    CONSTRAINT case_join_request_parties CHECK (requester <> case_origin),
    CONSTRAINT case_join_request_decided CHECK ((state = 'PENDING') = (decided_at IS NULL)),
    CONSTRAINT case_join_request_number CHECK (case_number ~ '^[0-9]{6}-[0-9]{4}-[0-9]{6}$'
                                               AND left(case_number, 6) = case_origin)
);
-- one open request per requester and case
CREATE UNIQUE INDEX case_join_request_pending ON case_join_request (requester, case_number) WHERE state = 'PENDING';
CREATE INDEX case_join_request_origin ON case_join_request (case_origin, requested_at DESC, id DESC);
CREATE INDEX case_join_request_requester ON case_join_request (requester, requested_at DESC, id DESC);

-- the timeline entry of an approved request
ALTER TABLE case_timeline_entry DROP CONSTRAINT case_timeline_entry_kind,
    ADD CONSTRAINT case_timeline_entry_kind CHECK (kind IN ('CREATED', 'STATUS_CHANGED', 'EDITED', 'INVITED',
                                                            'ACCEPTED', 'DECLINED', 'REMOVED', 'NOTE',
                                                            'FILE_ATTACHED', 'JOINED'));
