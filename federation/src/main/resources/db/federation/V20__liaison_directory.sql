-- The liaison directory (联谊, federation directory/): units, liaison officers, duty shifts, joint
-- meetings, their minutes and joint patrols, ours and partners'. Created in every service's
-- database (the schema is federation's) and filled only where a service hosts the directory
-- (border.federation.directory.enabled at build time). One table: the directory is small
-- (hundreds of rows per jurisdiction); what a record says is its body (JSON of the checked
-- record), what queries and the visibility rule need are columns.
CREATE TABLE liaison_record (
    record_type VARCHAR(40) COLLATE "C" NOT NULL,
    id          UUID                    NOT NULL,
    origin      VARCHAR(6) COLLATE "C"  NOT NULL,
    version     BIGINT                  NOT NULL CHECK (version >= 1),
    -- at the origin: the partners it is shared with (a meeting's or patrol's parties, every
    -- liaison partner for units, officers and duty); at a partner: empty
    shared_with VARCHAR(6)[]            NOT NULL DEFAULT '{}',
    -- officers and duty shifts: the unit; minutes: null (the id is the meeting's)
    unit_id     UUID,
    -- duty shifts and patrols: the window; meetings: starts_at is when it is held
    starts_at   TIMESTAMPTZ,
    ends_at     TIMESTAMPTZ,
    body        JSONB                   NOT NULL,
    created_at  TIMESTAMPTZ             NOT NULL,
    updated_at  TIMESTAMPTZ             NOT NULL,
    PRIMARY KEY (record_type, id),
    CONSTRAINT liaison_record_type CHECK (record_type IN ('liaison.unit', 'liaison.officer', 'liaison.duty',
        'liaison.meeting', 'liaison.minutes', 'liaison.patrol')),
    CONSTRAINT liaison_record_window CHECK (ends_at IS NULL OR ends_at > starts_at)
);
-- lists: newest first per type
CREATE INDEX liaison_record_list ON liaison_record (record_type, created_at DESC, id DESC);
-- who is on duty now, per jurisdiction
CREATE INDEX liaison_record_duty ON liaison_record (origin, ends_at) WHERE record_type = 'liaison.duty';
