-- Live notifications (federation notifications/): what needs a user of this jurisdiction, written
-- by a service in the transaction of what happened (a partner's alert to acknowledge, an
-- assistance request to take on, a deadline within the hour, a mediation session tomorrow), read
-- by the user's stream (GET /api/v1/notifications/stream) and list. Kept for
-- border.notifications.retention, then purged.
--
-- The id is what a stream resumes after (Last-Event-ID), so it must grow in commit order: a row
-- numbered 7 that commits after a reader saw 8 would never be sent. A sequence default numbers
-- rows when they are inserted, not when they commit; so rows are inserted without an id and a
-- deferred trigger numbers them at the end of their transaction under a transaction lock, which
-- is released only once the transaction is visible: the next transaction numbers after it, and a
-- reader that sees an id sees every smaller one that will ever exist.
CREATE SEQUENCE notification_id;

CREATE TABLE notification (
    -- assigned at commit (notification_numbered), null only inside the inserting transaction
    id           BIGINT                  UNIQUE,
    -- what happened, e.g. alert.acknowledgement-due, assistance.received, assistance.due-soon
    kind         VARCHAR(40)  COLLATE "C" NOT NULL,
    record_type  VARCHAR(60)  COLLATE "C" NOT NULL,
    record_id    VARCHAR(100) COLLATE "C" NOT NULL,
    -- the recipient: users of this jurisdiction with any of these roles, or one user (subject)
    jurisdiction VARCHAR(6)   COLLATE "C" NOT NULL,
    roles        VARCHAR(20)[],
    subject      VARCHAR(200) COLLATE "C",
    -- a short Chinese title, e.g. 浦城 红色预警待签收: 走私香烟
    title        VARCHAR(200)            NOT NULL,
    -- a notification given at most once (a scheduled reminder per record and recipient)
    once_key     VARCHAR(200) COLLATE "C" UNIQUE,
    created_at   TIMESTAMPTZ             NOT NULL DEFAULT now(),
    CONSTRAINT notification_recipient CHECK ((roles IS NULL) <> (subject IS NULL)),
    CONSTRAINT notification_roles CHECK (roles IS NULL OR cardinality(roles) BETWEEN 1 AND 5)
);
-- a stream's or list's read: the caller's jurisdiction after an id
CREATE INDEX notification_jurisdiction ON notification (jurisdiction, id);
-- the numbering trigger's rows
CREATE INDEX notification_unnumbered ON notification (created_at) WHERE id IS NULL;
-- retention
CREATE INDEX notification_created ON notification (created_at);

CREATE FUNCTION number_notifications() RETURNS trigger LANGUAGE plpgsql AS $numbering$
BEGIN
    -- held to the end of the transaction, released after it became visible
    PERFORM pg_advisory_xact_lock(18699885195785321); -- 0x426f724e6f7469, "BorNoti"
    UPDATE federation.notification SET id = nextval('federation.notification_id') WHERE id IS NULL;
    RETURN NULL;
END
$numbering$;

-- one run per inserted row at commit; the first numbers them all, the others find none
CREATE CONSTRAINT TRIGGER notification_numbered AFTER INSERT ON notification
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION number_notifications();
