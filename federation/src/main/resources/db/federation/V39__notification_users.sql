-- Who holds a login name (review 28 S3). Notifications may be addressed by login name
-- (preferred_username: a mediator's directory account, an assigned officer as typed); such a row
-- keeps the name in notification.subject. A login name can pass to another person (renamed, freed
-- and taken again) while the token's subject never does, so who reads a name's rows is decided at
-- READ time (Notifications.hold, at every list call and stream open): the subject that last read
-- with the name holds it, and reads the name's rows created after held_since. When another
-- subject comes with the name, the name changes hands: held_since becomes that moment, so
-- neither reads what the name received before it took the name, read by the other or not.
CREATE TABLE notification_user (
    jurisdiction VARCHAR(6)   COLLATE "C" NOT NULL,
    username     VARCHAR(200) COLLATE "C" NOT NULL,
    -- the holder: the token subject that last read with this login name
    subject      VARCHAR(200) COLLATE "C" NOT NULL,
    -- the holder's last read that returned rows of the name (or its last list call or stream open)
    last_seen    TIMESTAMPTZ              NOT NULL DEFAULT now(),
    -- the holder reads the name's rows created after this (-infinity: the name's first holder)
    held_since   TIMESTAMPTZ              NOT NULL DEFAULT '-infinity',
    PRIMARY KEY (jurisdiction, username)
);
