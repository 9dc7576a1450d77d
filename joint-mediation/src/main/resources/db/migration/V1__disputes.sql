-- Disputes (矛盾纠纷): our own (origin = this jurisdiction) and partners' replicas, in one table,
-- so that one query with the visibility rule in its WHERE clause serves both.
-- Other parts of joint-mediation (teams, sessions, agreements) refer to dispute(id).
CREATE TABLE dispute (
    id                   UUID          PRIMARY KEY,
    origin               VARCHAR(6)    COLLATE "C" NOT NULL,
    channel              VARCHAR(20)   NOT NULL,
    kind                 VARCHAR(20)   NOT NULL,
    status               VARCHAR(12)   NOT NULL,
    title                VARCHAR(200)  NOT NULL,
    description          TEXT          NOT NULL,
    reported_at          TIMESTAMPTZ   NOT NULL,
    place                VARCHAR(200),
    county_code          VARCHAR(6)    COLLATE "C",
    township             VARCHAR(100),
    -- 争议金额, yuan, exact
    amount_at_stake      NUMERIC(16,2) NOT NULL DEFAULT 0,
    -- 民转刑风险
    risk_level           VARCHAR(8)    NOT NULL,
    consent              BOOLEAN       NOT NULL,
    -- 三调对接: the facts triage decides on, and its outcome (rule id, or an override with its reason)
    law_unclear          BOOLEAN       NOT NULL DEFAULT FALSE,
    new_type             BOOLEAN       NOT NULL DEFAULT FALSE,
    complex              BOOLEAN       NOT NULL DEFAULT FALSE,
    department           VARCHAR(100),
    failed_tier          VARCHAR(16),
    tier                 VARCHAR(16)   NOT NULL,
    tier_rule            VARCHAR(40),
    tier_override_reason VARCHAR(2000),
    tier_override_by     VARCHAR(200),
    version              BIGINT        NOT NULL,
    created_at           TIMESTAMPTZ   NOT NULL,
    created_by           VARCHAR(200),
    created_unit         VARCHAR(100),
    updated_at           TIMESTAMPTZ   NOT NULL,
    status_changed_at    TIMESTAMPTZ   NOT NULL,
    -- title and description as words (federation ChineseText), for full-text search
    search_title         TEXT          NOT NULL DEFAULT '',
    search_description   TEXT          NOT NULL DEFAULT '',
    CONSTRAINT dispute_channel CHECK (channel IN ('CALL_110', 'HOTLINE_12345', 'MINSHENG_HOTLINE', 'WALK_IN', 'PATROL',
                                                  'PARTNER_REFERRAL')),
    CONSTRAINT dispute_kind CHECK (kind IN ('LAND_BOUNDARY', 'LABOUR_WAGES', 'COMMERCIAL_TRADE', 'NEIGHBOUR', 'FAMILY',
                                            'TRAFFIC_ACCIDENT', 'OTHER')),
    CONSTRAINT dispute_status CHECK (status IN ('RECEIVED', 'MEDIATING', 'AGREED', 'FAILED', 'RESOLVED', 'CLOSED',
                                                'WITHDRAWN')),
    CONSTRAINT dispute_risk_level CHECK (risk_level IN ('LOW', 'MEDIUM', 'HIGH')),
    CONSTRAINT dispute_tier CHECK (tier IN ('VILLAGE', 'TOWNSHIP', 'CITY_CENTRE', 'ADMINISTRATIVE', 'COURT')),
    CONSTRAINT dispute_failed_tier CHECK (failed_tier IN ('VILLAGE', 'TOWNSHIP', 'CITY_CENTRE', 'ADMINISTRATIVE', 'COURT')),
    -- the tier is a rule's, or a mediator's with a reason
    CONSTRAINT dispute_tier_decided CHECK ((tier_rule IS NULL) <> (tier_override_reason IS NULL)),
    CONSTRAINT dispute_amount CHECK (amount_at_stake >= 0)
);
-- the segmented text is never read by a search: out of line; the vector stays in the row
ALTER TABLE dispute
    ALTER COLUMN search_title SET STORAGE EXTERNAL,
    ALTER COLUMN search_description SET STORAGE EXTERNAL,
    ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_description), 'B')
    ) STORED,
    ALTER COLUMN search_vector SET STORAGE MAIN;
CREATE INDEX dispute_search ON dispute USING gin (search_vector);
CREATE INDEX dispute_newest ON dispute (created_at DESC, id DESC);

-- 民转刑风险的理由, in the order given.
CREATE TABLE dispute_risk_reason (
    dispute_id UUID          NOT NULL REFERENCES dispute (id) ON DELETE CASCADE,
    position   SMALLINT      NOT NULL,
    reason     VARCHAR(500)  NOT NULL,
    PRIMARY KEY (dispute_id, position)
);

-- 当事人: persons or organisations, each living in (registered with) a jurisdiction. Contact and ID
-- number are personal data: only the jurisdictions involved hold or see them.
CREATE TABLE dispute_party (
    dispute_id         UUID          NOT NULL REFERENCES dispute (id) ON DELETE CASCADE,
    position           SMALLINT      NOT NULL,
    kind               VARCHAR(12)   NOT NULL,
    role               VARCHAR(12)   NOT NULL,
    name               VARCHAR(100)  NOT NULL,
    jurisdiction       VARCHAR(6)    COLLATE "C" NOT NULL,
    contact            VARCHAR(20),
    preferred_language VARCHAR(35)   NOT NULL,
    id_number          VARCHAR(18)   COLLATE "C",
    PRIMARY KEY (dispute_id, position),
    CONSTRAINT dispute_party_kind CHECK (kind IN ('PERSON', 'ORGANISATION')),
    CONSTRAINT dispute_party_role CHECK (role IN ('APPLICANT', 'RESPONDENT', 'THIRD_PARTY')),
    CONSTRAINT dispute_party_jurisdiction CHECK (jurisdiction ~ '^[0-9]{6}$')
);
CREATE INDEX dispute_party_id_number ON dispute_party (id_number) WHERE id_number IS NOT NULL;

-- The jurisdictions involved in a dispute (its origin, its parties', its team's): they hold the
-- dispute and they alone see it. Kept by the origin and sent with the dispute.
CREATE TABLE dispute_jurisdiction (
    dispute_id   UUID       NOT NULL REFERENCES dispute (id) ON DELETE CASCADE,
    jurisdiction VARCHAR(6) COLLATE "C" NOT NULL,
    PRIMARY KEY (dispute_id, jurisdiction),
    CONSTRAINT dispute_jurisdiction_code CHECK (jurisdiction ~ '^[0-9]{6}$')
);
CREATE INDEX dispute_jurisdiction_by_code ON dispute_jurisdiction (jurisdiction, dispute_id);
