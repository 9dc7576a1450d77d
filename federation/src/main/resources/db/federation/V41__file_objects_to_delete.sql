-- The objects of deleted files of the directory and s3 stores (PartsFileStore, docs/files.md),
-- queued in the deleting transaction and deleted by a job once it has committed (review 33 S4):
-- a rolled-back deletion queues nothing, a crash after the commit loses no deletion, and a slow
-- object store delays no caller. object_key NULL: the file's folder, whatever in it no part row
-- names (a writer that stopped between its put and its row).
CREATE TABLE federation.file_object_deletion (
    seq        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    origin     VARCHAR(6)  COLLATE "C" NOT NULL,
    id         UUID        NOT NULL,
    object_key TEXT        COLLATE "C",
    due_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    attempts   INT         NOT NULL DEFAULT 0
);
CREATE INDEX file_object_deletion_due ON federation.file_object_deletion (due_at);
