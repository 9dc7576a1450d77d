-- Alerts arrive one at a time, all day, at the origin and at every receiver. With GIN's fast
-- update, new index entries wait in a pending list that is merged into the index when it
-- passes gin_pending_list_limit (4 MB): inside whichever insert crosses the limit, which then
-- takes a few hundred milliseconds while the others take a few. Without it every insert pays
-- its own share at once: steadier publish and replication times, and searches never scan an
-- unmerged list.
ALTER INDEX alert_search SET (fastupdate = off);
ALTER INDEX alert_subject_values SET (fastupdate = off);
ALTER INDEX alert_distribution SET (fastupdate = off);
