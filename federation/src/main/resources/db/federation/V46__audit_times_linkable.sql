-- Since V44 a link is checked against the entry's hash computed in SQL. An entry whose time has no
-- epoch (infinity) or lies far outside any real one could not be linked, and the linker would stop
-- at it for good: the service's role, which may add entries, could stop the audit chain. Entries
-- are written with the time they are written: between 1970 and 2200 (not checked for rows already
-- here, which V44's rule links as before).
ALTER TABLE audit_log ADD CONSTRAINT audit_log_at_linkable
    CHECK (isfinite(at) AND at >= '1970-01-01 00:00:00+00' AND at < '2200-01-01 00:00:00+00') NOT VALID;
