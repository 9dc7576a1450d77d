-- Evidence files on probes (docs/files.md): the files of our probes (bytes in the federation's
-- file store), and partners' files as their records name them (bytes fetched in the background).
CREATE TABLE probe_file (
    file_id      UUID         PRIMARY KEY,
    probe_id     UUID         NOT NULL REFERENCES probe (id),
    name         TEXT         NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    size         BIGINT       NOT NULL,
    content_type VARCHAR(200) NOT NULL
);
CREATE INDEX probe_file_probe ON probe_file (probe_id);

CREATE TABLE probe_file_replica (
    origin       VARCHAR(6)   COLLATE "C" NOT NULL,
    file_id      UUID         NOT NULL,
    name         TEXT         NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    size         BIGINT       NOT NULL,
    content_type VARCHAR(200) NOT NULL,
    PRIMARY KEY (origin, file_id)
);
