-- GIN indexes take new entries into their pending lists again (undoing V8), and the service
-- merges the lists every second, off the request path (federation's PendingIndexEntries).
-- Without a list, an insert updated the text index under each of an alert's ~90 words at once:
-- about half of the insert's time, at the origin and at every receiver. A merge sorts the
-- entries of many alerts and updates each word once. Measured on a copy of 20,000 alerts, one
-- alert per transaction: an insert 1.14-1.36 ms -> 0.52-0.57 ms, the merge 0.1 ms per alert at
-- 300 alerts a merge. V8's reason stays true for the limit (4 MB by default): if nothing merges,
-- the insert that crosses it merges the whole list; merged every second the list stays far below.
ALTER INDEX alert_search SET (fastupdate = on);
ALTER INDEX alert_subject_values SET (fastupdate = on);
ALTER INDEX alert_distribution SET (fastupdate = on);
