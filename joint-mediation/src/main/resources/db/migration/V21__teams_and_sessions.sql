-- 联合调解团队: the mediators of a dispute, composed by the dispute's origin from the whole
-- directory (ours and partners'); at the origin its record, at every jurisdiction involved a
-- replica (record mediation.team, one per dispute). No foreign key to dispute: a replica may
-- arrive before its dispute.
CREATE TABLE dispute_team (
    dispute_id     UUID          PRIMARY KEY,
    dispute_origin VARCHAR(6)    COLLATE "C" NOT NULL,
    version        BIGINT        NOT NULL,
    updated_at     TIMESTAMPTZ   NOT NULL,
    updated_by     VARCHAR(200)
);

CREATE TABLE team_member (
    dispute_id      UUID          NOT NULL REFERENCES dispute_team (dispute_id) ON DELETE CASCADE,
    mediator_id     UUID          NOT NULL,
    mediator_origin VARCHAR(6)    COLLATE "C" NOT NULL,
    added_at        TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (dispute_id, mediator_id)
);
CREATE INDEX team_member_mediator ON team_member (mediator_id);
CREATE INDEX team_member_jurisdiction ON team_member (mediator_origin, dispute_id);

-- 调解会: scheduled by the dispute's origin (its record mediation.session), replicated to the
-- jurisdictions involved.
CREATE TABLE mediation_session (
    id             UUID          PRIMARY KEY,
    dispute_id     UUID          NOT NULL,
    dispute_origin VARCHAR(6)    COLLATE "C" NOT NULL,
    starts_at      TIMESTAMPTZ   NOT NULL,
    ends_at        TIMESTAMPTZ   NOT NULL,
    mode           VARCHAR(8)    NOT NULL,
    place          VARCHAR(200),
    mediator_ids   UUID[]        NOT NULL,
    status         VARCHAR(10)   NOT NULL,
    outcome        VARCHAR(20),
    outcome_text   VARCHAR(4000),
    reason         VARCHAR(2000),
    version        BIGINT        NOT NULL,
    created_at     TIMESTAMPTZ   NOT NULL,
    created_by     VARCHAR(200),
    updated_at     TIMESTAMPTZ   NOT NULL,
    CONSTRAINT mediation_session_time CHECK (ends_at > starts_at),
    CONSTRAINT mediation_session_mode CHECK (mode IN ('OFFLINE', 'ONLINE')),
    CONSTRAINT mediation_session_place CHECK (mode = 'ONLINE' OR place IS NOT NULL),
    CONSTRAINT mediation_session_status CHECK (status IN ('SCHEDULED', 'HELD', 'CANCELLED')),
    CONSTRAINT mediation_session_outcome CHECK (
        (status = 'HELD') = (outcome IS NOT NULL)
        AND (outcome IS NULL OR outcome IN ('AGREEMENT', 'PARTIAL_AGREEMENT', 'NO_AGREEMENT', 'ADJOURNED')))
);
CREATE INDEX mediation_session_dispute ON mediation_session (dispute_id, starts_at, id);

-- A mediator's time held by our sessions (not cancelled): the database refuses two bookings of
-- one mediator that overlap, also when two schedulers commit at once (不得重复预约). Half-open
-- ranges: one session may end when the next begins.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE session_booking (
    session_id  UUID      NOT NULL REFERENCES mediation_session (id) ON DELETE CASCADE,
    mediator_id UUID      NOT NULL,
    during      TSTZRANGE NOT NULL,
    PRIMARY KEY (session_id, mediator_id),
    CONSTRAINT session_booking_no_overlap EXCLUDE USING gist (mediator_id WITH =, during WITH &&)
);

-- 调解笔记: each mediator's own notes on a session, a record of the jurisdiction whose mediator
-- wrote it (mediation.session-note), sent to the other jurisdictions of the team; read by the
-- team's mediators only. Notes do not change once written.
CREATE TABLE session_note (
    id                  UUID          PRIMARY KEY,
    session_id          UUID          NOT NULL,
    dispute_id          UUID          NOT NULL,
    dispute_origin      VARCHAR(6)    COLLATE "C" NOT NULL,
    author_jurisdiction VARCHAR(6)    COLLATE "C" NOT NULL,
    mediator_id         UUID          NOT NULL,
    author              VARCHAR(200)  NOT NULL,
    text                TEXT          NOT NULL,
    written_at          TIMESTAMPTZ   NOT NULL
);
CREATE INDEX session_note_session ON session_note (session_id, written_at, id);

-- 出席情况: who attended a session, each jurisdiction recording its own mediators (the origin
-- also the parties): a record of the recording jurisdiction (mediation.attendance, id a name-based
-- UUID of "<session>:<attendee>"), sent to the dispute's origin; a later record is a higher version.
CREATE TABLE session_attendance (
    session_id     UUID          NOT NULL,
    attendee       VARCHAR(64)   COLLATE "C" NOT NULL,
    dispute_id     UUID          NOT NULL,
    dispute_origin VARCHAR(6)    COLLATE "C" NOT NULL,
    jurisdiction   VARCHAR(6)    COLLATE "C" NOT NULL,
    attendee_kind  VARCHAR(8)    NOT NULL,
    present        BOOLEAN       NOT NULL,
    remark         VARCHAR(500),
    recorded_by    VARCHAR(200),
    recorded_at    TIMESTAMPTZ   NOT NULL,
    version        BIGINT        NOT NULL,
    PRIMARY KEY (session_id, attendee),
    CONSTRAINT session_attendance_kind CHECK (attendee_kind IN ('MEDIATOR', 'PARTY'))
);
