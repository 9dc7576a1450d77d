-- V19 copied intel-sharing's hit-check tables but not its refused partners' checks (intel V17's
-- hit_check_refusal: counts per partner, minute and kind, audited as one entry once the minute is
-- over, and the row removed). A count still there when intel-sharing stopped writing it was never
-- audited: it comes here once, and federation's summary audits it on its next pass (its minute is
-- over). Nothing is copied twice (the same partner, minute and kind is kept as it is here), and
-- intel-sharing's table stays, unread, as its other tables do (V19). V19 itself is not edited: it
-- has run on databases since 2026-12-02 (docs/upgrading.md).
DO $move$
BEGIN
    IF to_regclass('public.hit_check_refusal') IS NULL THEN
        RAISE NOTICE 'no public.hit_check_refusal (no intel-sharing of V17 to V19 in this schema): nothing to copy';
        RETURN;
    END IF;
    INSERT INTO federation.hit_check_refusal (partner, minute, reason, refusals)
    SELECT partner, minute, left(reason, 300), refusals FROM public.hit_check_refusal
    ON CONFLICT DO NOTHING;
END $move$;
