-- Sightings and feedback (见到/反馈) on alerts: owned by the reporting jurisdiction (partner),
-- replicated to the alert's origin.
CREATE TABLE alert_sighting (
    id           UUID          PRIMARY KEY,
    alert_id     UUID          NOT NULL,
    alert_origin VARCHAR(6)    COLLATE "C" NOT NULL,
    partner      VARCHAR(6)    COLLATE "C" NOT NULL,
    kind         VARCHAR(10)   NOT NULL CHECK (kind IN ('SIGHTING', 'FEEDBACK')),
    observed_at  TIMESTAMPTZ   NOT NULL,
    place        VARCHAR(200),
    description  VARCHAR(4000) NOT NULL,
    unit         VARCHAR(100),
    reported_by  VARCHAR(200)  NOT NULL,
    reported_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX alert_sighting_alert ON alert_sighting (alert_id, observed_at DESC);
