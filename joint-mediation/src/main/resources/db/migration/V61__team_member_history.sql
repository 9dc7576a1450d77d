-- Who was on a dispute's team, and until when (review 24 S8): a mediator removed from the team
-- leaves a row here, so that a note they wrote while still on the team, delivered after the
-- change (their jurisdiction's relay was down, or the team changed while the note was on its way),
-- is still taken. removed_at is the origin's time of the change (a replica's: the team record's
-- updated_at), so that every jurisdiction of the team draws the same line.
CREATE TABLE team_member_past (
    dispute_id      UUID          NOT NULL,
    mediator_id     UUID          NOT NULL,
    mediator_origin VARCHAR(6)    COLLATE "C" NOT NULL,
    added_at        TIMESTAMPTZ   NOT NULL,
    removed_at      TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (dispute_id, mediator_id, removed_at)
);
