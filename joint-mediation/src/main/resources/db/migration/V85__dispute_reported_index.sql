-- Statistics (GET /api/v1/mediation-statistics) count the disputes reported in a period: an index
-- on the report time lets a month's or quarter's figures read that period's rows, not the table.
CREATE INDEX dispute_reported ON dispute (reported_at);
