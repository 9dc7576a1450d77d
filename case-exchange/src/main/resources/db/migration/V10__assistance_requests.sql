-- Assistance requests (协查请求) between the participants of a joint case. One row holds two
-- records: the requester's (what is asked, by when, withdrawn or not) and the addressee's answer
-- (accepted with a named officer, declined with a reason, answered with findings). At the
-- requester the first is ours and the second a replica, at the addressee the other way round;
-- no one else holds the row. No foreign key to joint_case: the addressee keeps a request it was
-- sent even if it later leaves the case (and drops its replica of it).
CREATE TABLE assistance_request (
    id                UUID          PRIMARY KEY,
    case_id           UUID          NOT NULL,
    case_origin       VARCHAR(6)    COLLATE "C" NOT NULL,
    requester         VARCHAR(6)    COLLATE "C" NOT NULL,
    addressee         VARCHAR(6)    COLLATE "C" NOT NULL,
    kind              VARCHAR(20)   NOT NULL,
    priority          VARCHAR(10)   NOT NULL,
    details           TEXT          NOT NULL,
    requested_by      VARCHAR(200)  NOT NULL,
    requester_unit    VARCHAR(100),
    -- 发出时间 and 答复期限; statistics measure response times from sent_at
    sent_at           TIMESTAMPTZ   NOT NULL,
    due_at            TIMESTAMPTZ   NOT NULL,
    -- the requester's part
    requester_state   VARCHAR(10)   NOT NULL,
    withdrawn_at      TIMESTAMPTZ,
    withdrawn_by      VARCHAR(200),
    withdrawal_reason VARCHAR(2000),
    request_version   BIGINT        NOT NULL,
    -- the addressee's part
    responder_state   VARCHAR(10)   NOT NULL DEFAULT 'PENDING',
    officer_name      VARCHAR(50),
    officer_id        VARCHAR(50),
    accepted_at       TIMESTAMPTZ,
    accepted_by       VARCHAR(200),
    responder_unit    VARCHAR(100),
    declined_at       TIMESTAMPTZ,
    declined_by       VARCHAR(200),
    decline_reason    VARCHAR(2000),
    answered_at       TIMESTAMPTZ,
    answered_by       VARCHAR(200),
    findings          TEXT,
    response_version  BIGINT        NOT NULL DEFAULT 0,
    -- what both sides show (org.borderpolice.cases.AssistanceState.of): a final answer stands
    -- even if a withdrawal crossed it
    state             VARCHAR(10)   GENERATED ALWAYS AS (
                          CASE WHEN responder_state IN ('ANSWERED', 'DECLINED') THEN responder_state
                               WHEN requester_state = 'WITHDRAWN' THEN 'WITHDRAWN'
                               WHEN responder_state = 'ACCEPTED' THEN 'ACCEPTED'
                               ELSE 'SENT' END) STORED,
    CONSTRAINT assistance_request_parties CHECK (requester <> addressee),
    CONSTRAINT assistance_request_deadline CHECK (due_at > sent_at),
    CONSTRAINT assistance_request_kind CHECK (kind IN ('IDENTITY_CHECK', 'LOCATE_PERSON', 'LOCATE_VEHICLE',
                                                       'COLLECT_EVIDENCE', 'ASSIST_ARREST', 'FREEZE_ASSETS', 'OTHER')),
    CONSTRAINT assistance_request_priority CHECK (priority IN ('IMMEDIATE', 'URGENT', 'ROUTINE')),
    CONSTRAINT assistance_request_requester_state CHECK (requester_state IN ('SENT', 'WITHDRAWN')),
    CONSTRAINT assistance_request_responder_state CHECK (responder_state IN ('PENDING', 'ACCEPTED', 'DECLINED',
                                                                             'ANSWERED')),
    CONSTRAINT assistance_request_officer CHECK (responder_state NOT IN ('ACCEPTED', 'ANSWERED')
                                                 OR officer_name IS NOT NULL)
);
-- lists: newest sent first, for each direction
CREATE INDEX assistance_request_incoming ON assistance_request (addressee, sent_at DESC, id DESC);
CREATE INDEX assistance_request_outgoing ON assistance_request (requester, sent_at DESC, id DESC);
CREATE INDEX assistance_request_case ON assistance_request (case_id, sent_at DESC, id DESC);
-- overdue and escalation lists: the open requests by deadline
CREATE INDEX assistance_request_open_due ON assistance_request (due_at, id) WHERE state IN ('SENT', 'ACCEPTED');

-- 涉及对象: the persons, vehicles, phones and accounts a request is about (federation SubjectKind,
-- value in normal form).
CREATE TABLE assistance_subject (
    request_id UUID         NOT NULL REFERENCES assistance_request (id) ON DELETE CASCADE,
    position   SMALLINT     NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    value      VARCHAR(64)  NOT NULL,
    label      VARCHAR(100),
    role       VARCHAR(10)  NOT NULL,
    PRIMARY KEY (request_id, position),
    CONSTRAINT assistance_subject_kind CHECK (kind IN ('PERSON', 'VEHICLE', 'PHONE', 'BANK_ACCOUNT')),
    CONSTRAINT assistance_subject_role CHECK (role IN ('SUSPECT', 'VICTIM', 'WITNESS', 'RELATED'))
);
CREATE INDEX assistance_subject_value ON assistance_subject (value);
