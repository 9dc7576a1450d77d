-- Acknowledgements (签收): a partner's receipt of one of our alerts, or our receipt of a
-- partner's alert. Owned by the acknowledging jurisdiction (partner); replicated to the origin.
CREATE TABLE alert_acknowledgement (
    alert_id        UUID         NOT NULL,
    alert_origin    VARCHAR(6)   COLLATE "C" NOT NULL,
    partner         VARCHAR(6)   COLLATE "C" NOT NULL,
    unit            VARCHAR(100),
    acknowledged_by VARCHAR(200) NOT NULL,
    acknowledged_at TIMESTAMPTZ  NOT NULL,
    note            VARCHAR(1000),
    PRIMARY KEY (alert_id, partner)
);
