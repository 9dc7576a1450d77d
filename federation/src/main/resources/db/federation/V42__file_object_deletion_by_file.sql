-- A deleted file's folder sweep reads the deletions queued for the same file (PartsFileStore):
-- by file, not by a scan of the whole queue for each folder entry.
CREATE INDEX file_object_deletion_file ON federation.file_object_deletion (origin, id);
