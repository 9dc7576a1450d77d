-- The sessions calendar (GET /api/v1/disputes/sessions) reads the sessions starting in a week or a
-- month across every dispute, earliest first: this index gives that period's rows in order, not
-- the table (mediation_session_dispute serves one dispute's sessions).
CREATE INDEX mediation_session_starts ON mediation_session (starts_at, id);
