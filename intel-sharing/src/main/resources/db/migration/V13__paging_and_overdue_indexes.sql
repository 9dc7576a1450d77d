-- Keyset paging, newest first with the id breaking ties: reports on one alert, and disclosure
-- requests (the table holds only ours: made by us or addressed to us).
DROP INDEX alert_sighting_alert;
CREATE INDEX alert_sighting_alert ON alert_sighting (alert_id, observed_at DESC, id DESC);
CREATE INDEX disclosure_request_newest ON disclosure_request (requested_at DESC, id DESC);
-- The overdue list (one query): our RED and ORANGE alerts that are not revoked, by publication.
CREATE INDEX alert_acknowledgement_due ON alert (origin, published_at)
    WHERE severity IN ('RED', 'ORANGE') AND revoked_at IS NULL;
