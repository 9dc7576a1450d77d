-- Joint cases (联合案件): our own (origin = this jurisdiction) and partners' replicas, in one
-- table, so that one query with the visibility rule in its WHERE clause serves both.
-- Other parts of case-exchange (assistance requests, transfers, evidence files) refer to
-- joint_case(id) and case_participant(case_id, jurisdiction).
CREATE TABLE joint_case (
    id                UUID          PRIMARY KEY,
    origin            VARCHAR(6)    COLLATE "C" NOT NULL,
    -- 案件编号 <origin>-<year>-<6 digits>
    case_number       VARCHAR(18)   COLLATE "C" NOT NULL,
    category          VARCHAR(20)   NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    title             VARCHAR(200)  NOT NULL,
    summary           TEXT          NOT NULL,
    occurred_at       TIMESTAMPTZ,
    township          VARCHAR(100),
    county_code       VARCHAR(6)    COLLATE "C",
    lead_unit         VARCHAR(100)  NOT NULL,
    -- yuan, exact
    loss_amount       NUMERIC(16,2) NOT NULL DEFAULT 0,
    recovered_amount  NUMERIC(16,2) NOT NULL DEFAULT 0,
    version           BIGINT        NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL,
    created_by        VARCHAR(200),
    updated_at        TIMESTAMPTZ   NOT NULL,
    status_changed_at TIMESTAMPTZ   NOT NULL,
    solved_at         TIMESTAMPTZ,
    closed_at         TIMESTAMPTZ,
    -- title and summary as words (federation ChineseText), for full-text search
    search_title      TEXT          NOT NULL DEFAULT '',
    search_summary    TEXT          NOT NULL DEFAULT '',
    CONSTRAINT joint_case_number UNIQUE (origin, case_number),
    CONSTRAINT joint_case_number_form CHECK (case_number ~ '^[0-9]{6}-[0-9]{4}-[0-9]{6}$'
                                             AND left(case_number, 6) = origin),
    CONSTRAINT joint_case_category CHECK (category IN ('FRAUD', 'TELECOM_FRAUD', 'SMUGGLING', 'THEFT', 'DRUGS',
                                                       'VIOLENCE', 'MISSING_PERSON', 'OTHER')),
    CONSTRAINT joint_case_status CHECK (status IN ('DRAFT', 'OPEN', 'INVESTIGATING', 'SOLVED', 'CLOSED', 'REOPENED')),
    CONSTRAINT joint_case_amounts CHECK (loss_amount >= 0 AND recovered_amount >= 0)
);
-- the segmented text is never read by a search: out of line; the vector stays in the row
ALTER TABLE joint_case
    ALTER COLUMN search_title SET STORAGE EXTERNAL,
    ALTER COLUMN search_summary SET STORAGE EXTERNAL,
    ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_summary), 'B')
    ) STORED,
    ALTER COLUMN search_vector SET STORAGE MAIN;
CREATE INDEX joint_case_search ON joint_case USING gin (search_vector);
CREATE INDEX joint_case_newest ON joint_case (created_at DESC, id DESC);
CREATE INDEX joint_case_origin ON joint_case (origin, created_at DESC, id DESC);

-- The gapless counter of our case numbers: one row per origin and year, incremented in the
-- transaction that files the case (a rolled-back filing gives its number back).
CREATE TABLE case_number_counter (
    origin      VARCHAR(6) COLLATE "C" NOT NULL,
    year        SMALLINT   NOT NULL,
    last_number INTEGER    NOT NULL,
    PRIMARY KEY (origin, year),
    CONSTRAINT case_number_counter_range CHECK (last_number BETWEEN 1 AND 999999)
);

-- 涉案对象: persons, vehicles, phones, accounts; value in the normal form of its kind
-- (federation SubjectKind).
CREATE TABLE case_subject (
    case_id  UUID         NOT NULL REFERENCES joint_case (id) ON DELETE CASCADE,
    position SMALLINT     NOT NULL,
    kind     VARCHAR(16)  NOT NULL,
    value    VARCHAR(64)  NOT NULL,
    label    VARCHAR(100),
    role     VARCHAR(10)  NOT NULL,
    PRIMARY KEY (case_id, position),
    CONSTRAINT case_subject_kind CHECK (kind IN ('PERSON', 'VEHICLE', 'PHONE', 'BANK_ACCOUNT')),
    CONSTRAINT case_subject_role CHECK (role IN ('SUSPECT', 'VICTIM', 'WITNESS', 'RELATED'))
);
CREATE INDEX case_subject_value ON case_subject (value);

-- 参与辖区: partners invited to a case. At the origin the owner's record of invitations and of the
-- answers received; at a participant a replica (its own row also holds its latest answer).
-- A case is visible to the jurisdictions whose row is INVITED or ACCEPTED.
CREATE TABLE case_participant (
    case_id        UUID          NOT NULL REFERENCES joint_case (id) ON DELETE CASCADE,
    jurisdiction   VARCHAR(6)    COLLATE "C" NOT NULL,
    state          VARCHAR(10)   NOT NULL,
    invited_at     TIMESTAMPTZ   NOT NULL,
    invited_by     VARCHAR(200),
    answered_at    TIMESTAMPTZ,
    answered_by    VARCHAR(200),
    answer_unit    VARCHAR(100),
    reason         VARCHAR(2000),
    -- version of the partner's own answer record (cases.participation) held: 0 = none
    answer_version BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, jurisdiction),
    CONSTRAINT case_participant_state CHECK (state IN ('INVITED', 'ACCEPTED', 'DECLINED', 'REMOVED'))
);
CREATE INDEX case_participant_jurisdiction ON case_participant (jurisdiction, case_id);

-- 时间线: every change of a case and every note, owned by the case's origin (replicated to the
-- participants). No foreign key: an entry may reach a participant before the case it is about,
-- and a participant that drops a case deletes its entries itself.
CREATE TABLE case_timeline_entry (
    id                  UUID          PRIMARY KEY,
    case_id             UUID          NOT NULL,
    case_origin         VARCHAR(6)    COLLATE "C" NOT NULL,
    kind                VARCHAR(16)   NOT NULL,
    author_jurisdiction VARCHAR(6)    COLLATE "C" NOT NULL,
    author              VARCHAR(200),
    unit                VARCHAR(100),
    text                TEXT          NOT NULL DEFAULT '',
    status_from         VARCHAR(16),
    status_to           VARCHAR(16),
    participant         VARCHAR(6)    COLLATE "C",
    note_id             UUID,
    occurred_at         TIMESTAMPTZ   NOT NULL,
    search_text         TEXT          NOT NULL DEFAULT '',
    CONSTRAINT case_timeline_entry_kind CHECK (kind IN ('CREATED', 'STATUS_CHANGED', 'EDITED', 'INVITED', 'ACCEPTED',
                                                        'DECLINED', 'REMOVED', 'NOTE'))
);
ALTER TABLE case_timeline_entry
    ALTER COLUMN search_text SET STORAGE EXTERNAL,
    ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
    ALTER COLUMN search_vector SET STORAGE MAIN;
CREATE INDEX case_timeline_entry_case ON case_timeline_entry (case_id, occurred_at DESC, id DESC);
CREATE INDEX case_timeline_entry_note ON case_timeline_entry (note_id) WHERE note_id IS NOT NULL;
CREATE INDEX case_timeline_entry_search ON case_timeline_entry USING gin (search_vector);

-- Participants' notes on partners' cases (their own records): at the participant its own notes
-- (shown until the origin's timeline entry naming them arrives), at the origin the notes received.
CREATE TABLE case_note (
    id                  UUID          PRIMARY KEY,
    case_id             UUID          NOT NULL,
    case_origin         VARCHAR(6)    COLLATE "C" NOT NULL,
    author_jurisdiction VARCHAR(6)    COLLATE "C" NOT NULL,
    author              VARCHAR(200)  NOT NULL,
    unit                VARCHAR(100),
    text                TEXT          NOT NULL,
    written_at          TIMESTAMPTZ   NOT NULL
);
CREATE INDEX case_note_case ON case_note (case_id, written_at DESC, id DESC);
