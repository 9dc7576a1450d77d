-- Each event's exact encoded size in a batch, measured when it is published (OutboxEvents): the
-- relay cuts batches by the sum of these. Rows already queued get the upper bound the relay used
-- to compute in its claim (never too small). A writer of an older version leaves 0; the relay
-- measures what it claims and claims fewer rows when a batch comes out too large.
ALTER TABLE outbox ADD COLUMN encoded_size INT NOT NULL DEFAULT 0;
UPDATE outbox SET encoded_size = 144 + octet_length(record_type) + octet_length(record_id) + 8 * cardinality(distribution)
    + coalesce(octet_length(payload_type), 0) + coalesce(octet_length(payload), 0);

-- Refused events keep what was refused and why, not the record's content (it stays at home):
-- their payload is dropped when they are refused, and they are purged after
-- border.federation.outbox.refused-retention (RefusedEventsRetention).
UPDATE outbox SET payload = NULL WHERE rejected_at IS NOT NULL AND payload IS NOT NULL;

-- The outbox view reads each partner's latest refusals, newest first, and stops at 20.
DROP INDEX outbox_refused;
CREATE INDEX outbox_refused ON outbox (destination, rejected_at DESC, id DESC) WHERE rejected_at IS NOT NULL;
