-- 调解员名录: each jurisdiction's mediators are its own records (origin = the jurisdiction),
-- replicated to every partner the agreement lets hold mediation records; one table for ours and
-- partners', so that a team is composed from the whole directory.
CREATE TABLE mediator (
    id          UUID          PRIMARY KEY,
    origin      VARCHAR(6)    COLLATE "C" NOT NULL,
    kind        VARCHAR(20)   NOT NULL,
    name        VARCHAR(100)  NOT NULL,
    unit        VARCHAR(100)  NOT NULL,
    -- ISO 3166-1 alpha-2; required for a 洋娘舅 (FOREIGN_NATIONAL)
    nationality VARCHAR(2)    COLLATE "C",
    -- BCP 47 tags in normal form (zh, ru, zh-CN), sorted
    languages   VARCHAR(35)[] NOT NULL,
    -- the mediator's user (token subject) at the origin's identity provider: who writes their notes
    account     VARCHAR(200),
    active      BOOLEAN       NOT NULL,
    version     BIGINT        NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL,
    CONSTRAINT mediator_kind CHECK (kind IN ('POLICE', 'JUDICIAL_OFFICE', 'COMMUNITY', 'FOREIGN_NATIONAL', 'LAWYER')),
    CONSTRAINT mediator_foreign CHECK (kind <> 'FOREIGN_NATIONAL' OR (nationality IS NOT NULL AND nationality <> 'CN')),
    CONSTRAINT mediator_languages CHECK (cardinality(languages) BETWEEN 1 AND 10)
);
CREATE INDEX mediator_origin ON mediator (origin, name, id);
CREATE INDEX mediator_languages ON mediator USING gin (languages);
CREATE UNIQUE INDEX mediator_account ON mediator (origin, account) WHERE account IS NOT NULL;
