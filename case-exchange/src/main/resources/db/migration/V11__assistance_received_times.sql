-- Each side measures a request on its own clock (review M2, S2). At the addressee sent_at and
-- due_at become the time we received the request (never before the requester's claim) and that
-- time plus the span the requester gave; the requester's own claims are kept here for display
-- and to compare later versions with. At the requester both stay NULL (sent_at/due_at are ours).
ALTER TABLE assistance_request
    ADD COLUMN claimed_sent_at TIMESTAMPTZ,
    ADD COLUMN claimed_due_at  TIMESTAMPTZ;
