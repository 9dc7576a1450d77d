-- A HIT_ONLY alert is shared with nobody: it is never replicated, and only an approved
-- disclosure request shares it, with exactly the requester (it then becomes CONFIDENTIAL).
-- A nominal distribution made its partners overdue for ever, let them attach acknowledgements
-- and sightings, and an approval sent it to all of them: alerts published before carry none.
UPDATE alert SET distribution = '{}' WHERE handling = 'HIT_ONLY' AND distribution <> '{}';
ALTER TABLE alert ADD CONSTRAINT alert_hit_only_unshared CHECK (handling <> 'HIT_ONLY' OR distribution = '{}');
