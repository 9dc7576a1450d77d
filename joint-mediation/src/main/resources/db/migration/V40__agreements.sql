-- Mediation agreements (调解协议): one per dispute, the dispute origin's record (replicas at the
-- jurisdictions involved), with the printed document the parties sign and its SHA-256.
CREATE TABLE agreement (
    id                      UUID          PRIMARY KEY,
    dispute_id              UUID          NOT NULL UNIQUE REFERENCES dispute (id) ON DELETE CASCADE,
    origin                  VARCHAR(6)    COLLATE "C" NOT NULL,
    status                  VARCHAR(10)   NOT NULL,
    terms                   TEXT          NOT NULL,
    -- yuan, exact
    total_amount            NUMERIC(16,2) NOT NULL,
    agreed_on               DATE          NOT NULL,
    -- the day the last party signed
    effective_on            DATE,
    document                BYTEA         NOT NULL,
    document_sha256         CHAR(64)      COLLATE "C" NOT NULL,
    -- 司法确认
    confirmation            VARCHAR(10)   NOT NULL DEFAULT 'NONE',
    court                   VARCHAR(100),
    confirmation_requested_on DATE,
    confirmation_decided_on DATE,
    confirmation_reference  VARCHAR(100),
    version                 BIGINT        NOT NULL,
    created_at              TIMESTAMPTZ   NOT NULL,
    created_by              VARCHAR(200),
    updated_at              TIMESTAMPTZ   NOT NULL,
    CONSTRAINT agreement_status CHECK (status IN ('DRAFT', 'SIGNED', 'FULFILLED')),
    CONSTRAINT agreement_confirmation CHECK (confirmation IN ('NONE', 'REQUESTED', 'CONFIRMED', 'REJECTED')),
    CONSTRAINT agreement_amount CHECK (total_amount >= 0),
    CONSTRAINT agreement_effective CHECK ((status = 'DRAFT') = (effective_on IS NULL)),
    CONSTRAINT agreement_sha256 CHECK (document_sha256 ~ '^[0-9a-f]{64}$')
);
-- the document is read only when printed: out of line
ALTER TABLE agreement ALTER COLUMN document SET STORAGE EXTERNAL;

-- 分期履行: instalment n (from 1), due on a date; paid sums its payments.
CREATE TABLE agreement_instalment (
    id           UUID          PRIMARY KEY,
    agreement_id UUID          NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    number       SMALLINT      NOT NULL,
    due_on       DATE          NOT NULL,
    amount       NUMERIC(16,2) NOT NULL,
    paid         NUMERIC(16,2) NOT NULL DEFAULT 0,
    UNIQUE (agreement_id, number),
    CONSTRAINT agreement_instalment_amount CHECK (amount > 0),
    -- never more paid than owed
    CONSTRAINT agreement_instalment_paid CHECK (paid >= 0 AND paid <= amount)
);
-- unpaid instalments by due date: the overdue check and the escalation list
CREATE INDEX agreement_instalment_open ON agreement_instalment (due_on) WHERE paid < amount;

CREATE TABLE agreement_payment (
    id           UUID          PRIMARY KEY,
    agreement_id UUID          NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    instalment   SMALLINT      NOT NULL,
    amount       NUMERIC(16,2) NOT NULL,
    paid_on      DATE          NOT NULL,
    recorded_by  VARCHAR(200),
    recorded_at  TIMESTAMPTZ   NOT NULL,
    FOREIGN KEY (agreement_id, instalment) REFERENCES agreement_instalment (agreement_id, number) ON DELETE CASCADE,
    CONSTRAINT agreement_payment_amount CHECK (amount > 0)
);

-- Each party signs once (by its position in the dispute), the document with this hash.
CREATE TABLE agreement_signature (
    id              UUID         PRIMARY KEY,
    agreement_id    UUID         NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    party_position  SMALLINT     NOT NULL,
    method          VARCHAR(12)  NOT NULL,
    signed_at       TIMESTAMPTZ  NOT NULL,
    document_sha256 CHAR(64)     COLLATE "C" NOT NULL,
    recorded_by     VARCHAR(200),
    UNIQUE (agreement_id, party_position),
    CONSTRAINT agreement_signature_method CHECK (method IN ('HANDWRITTEN', 'FINGERPRINT', 'SEAL', 'ELECTRONIC'))
);

-- 回访: each the record of the jurisdiction that made it. At the dispute's origin: all of them
-- (its own, and partners' received); at a partner: its own, and the origin's copies in the agreement.
CREATE TABLE follow_up_visit (
    id                  UUID          PRIMARY KEY,
    agreement_id        UUID          NOT NULL,
    dispute_id          UUID          NOT NULL REFERENCES dispute (id) ON DELETE CASCADE,
    author_jurisdiction VARCHAR(6)    COLLATE "C" NOT NULL,
    visitor             VARCHAR(200)  NOT NULL,
    unit                VARCHAR(100),
    visited_on          DATE          NOT NULL,
    method              VARCHAR(8)    NOT NULL,
    satisfied           BOOLEAN       NOT NULL,
    recurred            BOOLEAN       NOT NULL,
    note                VARCHAR(2000),
    written_at          TIMESTAMPTZ   NOT NULL,
    CONSTRAINT follow_up_method CHECK (method IN ('VISIT', 'PHONE', 'ONLINE'))
);
CREATE INDEX follow_up_by_dispute ON follow_up_visit (dispute_id, visited_on);
