-- An approved disclosure request no longer turns a HIT_ONLY alert into a CONFIDENTIAL one: the
-- alert stays HIT_ONLY (its investigators everywhere still hit it, and only analysts and
-- commanders read it), and its distribution names the partners whose requests were approved
-- (each receives it naming itself only). The service keeps a HIT_ONLY alert's distribution to
-- exactly those partners (AlertService), which a CHECK cannot express: the constraint of V12,
-- "a HIT_ONLY alert has no distribution", goes.
ALTER TABLE alert DROP CONSTRAINT alert_hit_only_unshared;
