-- Evidence files (docs/files.md): the PostgreSQL file store and the queue of partners' files to fetch.

-- A file held here: our own (origin = our code), accepted at intake; or a partner's, fetched from
-- its owner. complete: every byte is here and matched the announced SHA-256 and size; only a
-- complete file is ever served.
CREATE TABLE federation.file (
    origin       VARCHAR(6)  COLLATE "C" NOT NULL,
    id           UUID        NOT NULL,
    size         BIGINT      NOT NULL DEFAULT 0,
    sha256       CHAR(64)    COLLATE "C",
    content_type VARCHAR(200) COLLATE "C",
    complete     BOOLEAN     NOT NULL DEFAULT false,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- when its last byte was stored and verified
    completed_at TIMESTAMPTZ,
    PRIMARY KEY (origin, id),
    CHECK (NOT complete OR (sha256 IS NOT NULL AND size > 0))
);

-- The bytes, in chunks of at most border.federation.files.chunk-size, contiguous from offset 0
-- (off = the sum of the lengths before it), so a fetch resumes at the sum of what is stored.
CREATE TABLE federation.file_chunk (
    origin VARCHAR(6) COLLATE "C" NOT NULL,
    id     UUID       NOT NULL,
    off    BIGINT     NOT NULL,
    data   BYTEA      NOT NULL,
    PRIMARY KEY (origin, id, off),
    FOREIGN KEY (origin, id) REFERENCES federation.file (origin, id) ON DELETE CASCADE
);
-- already compressed, mostly (JPEG, PDF, ZIP): PostgreSQL's own compression would only cost CPU
ALTER TABLE federation.file_chunk ALTER COLUMN data SET STORAGE EXTERNAL;

-- Partners' files that records we applied name and that we do not hold yet (PendingFiles).
CREATE TABLE federation.file_fetch (
    origin          VARCHAR(6)  COLLATE "C" NOT NULL,
    id              UUID        NOT NULL,
    sha256          CHAR(64)    COLLATE "C" NOT NULL,
    size            BIGINT      NOT NULL CHECK (size > 0),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    expected_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (origin, id)
);
CREATE INDEX file_fetch_due ON federation.file_fetch (next_attempt_at);
