-- Evidence files (证据材料: 协查函, photos, documents) on cases, assistance requests and answers
-- (docs/files.md). The bytes are in the federation's file store (federation.file, keyed by the
-- file's owner and id); a row here says which record holds a file: at the owner of the record
-- (origin = this jurisdiction) with who attached it and when, at the partners as the record
-- named it. part: CASE (the case's origin's, request_id null), REQUEST (the requester's part of
-- request_id), ANSWER (the addressee's part of request_id).
CREATE TABLE case_file (
    origin       VARCHAR(6)    COLLATE "C" NOT NULL,
    file_id      UUID          NOT NULL,
    part         VARCHAR(8)    NOT NULL,
    case_id      UUID          NOT NULL,
    request_id   UUID,
    name         VARCHAR(255)  NOT NULL,
    sha256       CHAR(64)      NOT NULL,
    size         BIGINT        NOT NULL,
    content_type VARCHAR(200)  NOT NULL,
    -- the order of the record's list: when it was attached (replicas: when the record named it)
    attached_at  TIMESTAMPTZ   NOT NULL,
    attached_by  VARCHAR(200),
    PRIMARY KEY (origin, file_id),
    CONSTRAINT case_file_part CHECK (part IN ('CASE', 'REQUEST', 'ANSWER')),
    CONSTRAINT case_file_request CHECK ((part = 'CASE') = (request_id IS NULL)),
    CONSTRAINT case_file_size CHECK (size > 0)
);
CREATE INDEX case_file_case ON case_file (case_id, attached_at, file_id) WHERE part = 'CASE';
CREATE INDEX case_file_request ON case_file (request_id, part, attached_at, file_id) WHERE request_id IS NOT NULL;

-- a timeline entry when a file is attached to a case
ALTER TABLE case_timeline_entry DROP CONSTRAINT case_timeline_entry_kind,
    ADD CONSTRAINT case_timeline_entry_kind CHECK (kind IN ('CREATED', 'STATUS_CHANGED', 'EDITED', 'INVITED',
                                                            'ACCEPTED', 'DECLINED', 'REMOVED', 'NOTE',
                                                            'FILE_ATTACHED'));
