-- An appender's view of the chain head in one round trip: take the append lock, then read the
-- last hash. The read sees every row committed while it waited for the lock, because a VOLATILE
-- function takes a fresh snapshot for each statement it runs (a single SELECT that locked and
-- read would read with the snapshot taken before the wait).
CREATE FUNCTION audit_chain_head() RETURNS bytea LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(18699884978070644); -- 0x426f7241756474, "BorAudt"
    RETURN (SELECT hash FROM federation.audit_log ORDER BY seq DESC LIMIT 1);
END $$;
