-- Files whose bytes are in an S3-compatible object store (S3FileStore, docs/files.md): the file
-- stays in federation.file (size, SHA-256, type, complete: what queries and FileAccess read), each
-- append is one object and one row here, so the stored length and the check that an append starts
-- where the stored bytes end stay transactional, as with federation.file_chunk.
CREATE TABLE federation.file_part (
    origin     VARCHAR(6)  COLLATE "C" NOT NULL,
    id         UUID        NOT NULL,
    off        BIGINT      NOT NULL,
    length     INT         NOT NULL CHECK (length > 0),
    -- the object's whole key (the prefix in force when it was written included)
    object_key TEXT        COLLATE "C" NOT NULL,
    PRIMARY KEY (origin, id, off),
    FOREIGN KEY (origin, id) REFERENCES federation.file (origin, id) ON DELETE CASCADE
);
