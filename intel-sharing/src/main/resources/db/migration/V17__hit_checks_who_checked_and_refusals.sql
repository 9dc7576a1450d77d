-- A hit names who checked: the partner that asked us (INBOUND) and the user who asked. Before,
-- the owner's disclosure gate joined the log on check_id, which the asking partner chooses and
-- which need not be unique, and the asking side's gate was per jurisdiction, so that an
-- investigator could ask for an alert only an analyst's check had hit.
ALTER TABLE hit_check_hit ADD COLUMN counterpart VARCHAR(6) COLLATE "C";
ALTER TABLE hit_check_hit ADD COLUMN requested_by VARCHAR(200);

-- hits recorded so far: from their check's log row, where the check id names one check only
UPDATE hit_check_hit h SET counterpart = l.counterpart, requested_by = l.requested_by
FROM hit_check_log l
WHERE l.check_id = h.check_id AND l.direction = h.direction
  AND NOT EXISTS (SELECT 1 FROM hit_check_log o
                  WHERE o.check_id = h.check_id AND o.direction = h.direction AND o.id <> l.id);

DROP INDEX hit_check_hit_inbound;
CREATE INDEX hit_check_hit_inbound ON hit_check_hit (alert_id, counterpart) WHERE direction = 'INBOUND';

-- A partner's refused checks, counted per minute and kind (the status and our description of
-- why, never what the partner sent): the first of each is audited on its own, the rest are
-- audited as one count once the minute is over (and the row removed). A partner that sends
-- refused checks as fast as it can grows the audit log by a few entries a minute.
CREATE TABLE hit_check_refusal (
    partner  VARCHAR(6)  COLLATE "C" NOT NULL,
    minute   TIMESTAMPTZ NOT NULL,
    reason   VARCHAR(300) NOT NULL,
    refusals INT         NOT NULL,
    PRIMARY KEY (partner, minute, reason)
);
