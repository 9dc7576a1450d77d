-- Who holds a login name (review 28 S3). Notifications may be addressed by login name
-- (preferred_username: a mediator's directory account, an assigned officer as typed), but a login
-- name can pass to another person (renamed, freed and taken again) while the token's subject never
-- does. The subject that holds a name is kept from the first read of its notifications
-- (Notifications.hold): later notifications to the name are stored with that subject, and when
-- another subject comes with the name, what is still stored under the name goes to the earlier
-- holder before the name passes on.
CREATE TABLE notification_user (
    jurisdiction VARCHAR(6)   COLLATE "C" NOT NULL,
    username     VARCHAR(200) COLLATE "C" NOT NULL,
    subject      VARCHAR(200) COLLATE "C" NOT NULL,
    seen_at      TIMESTAMPTZ              NOT NULL DEFAULT now(),
    PRIMARY KEY (jurisdiction, username)
);

-- a user's own rows, and a name's rows moved to its earlier holder
CREATE INDEX notification_subject ON notification (jurisdiction, subject) WHERE subject IS NOT NULL;
