-- Events are remembered per sender: an event id is unique only among the events of one origin
-- (the inbox refuses an event whose origin is not the authenticated peer, so the origin is the
-- sender). Another partner reusing an id it has seen cannot make an event of this origin look
-- like a redelivery.
ALTER TABLE inbox_event DROP CONSTRAINT inbox_event_pkey;
ALTER TABLE inbox_event ADD PRIMARY KEY (origin, event_id);

-- Retention (InboxRetention): rows older than border.federation.inbox.retention are purged by
-- age. Both tables are written in time order, so a BRIN index finds the old end for almost
-- nothing per insert.
CREATE INDEX inbox_event_received ON inbox_event USING brin (received_at);
CREATE INDEX inbox_rejection_received ON inbox_rejection USING brin (received_at);

-- What went wrong, for our own operators: the exception behind a refusal that happened while
-- storing the event (the reason sent to the partner names no SQL, class or statement).
ALTER TABLE inbox_rejection ADD COLUMN detail TEXT;

-- The outbox view lists each partner's latest refusals (set aside rows are few, and kept).
CREATE INDEX outbox_refused ON outbox (destination, rejected_at) WHERE rejected_at IS NOT NULL;
