-- The chair's rotation (the latest meetings already held) and the weekly figures (meetings set and
-- patrols starting in a period) read meetings and patrols by their time.
CREATE INDEX liaison_record_time ON liaison_record (record_type, starts_at)
    WHERE record_type IN ('liaison.meeting', 'liaison.patrol');
