-- The outbox is a queue vacuumed every second by the relay (OutboxVacuum). Giving the empty pages
-- at its end back to the file system would only have them allocated again a moment later, and
-- each attempt needs an ACCESS EXCLUSIVE lock, which VACUUM tries to take again and again for up
-- to 5 s while publishers and the relay hold theirs (fan-out bench at 300 alerts/s: 1.8 s per
-- VACUUM), and which blocks them all once it has it.
ALTER TABLE outbox SET (vacuum_truncate = false);
