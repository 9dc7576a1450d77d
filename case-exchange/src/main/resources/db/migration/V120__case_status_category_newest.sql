-- A search with a status or a category (案件检索: q=浦城 诈骗&status=SOLVED, q=监控录像&category=DRUGS)
-- walks the cases newest first until a page matches. On the newest-first index alone it reads
-- every case of the other statuses or categories on the way (a case row is about a page: 540-850
-- rows for a page of 20, 9 ms warm and more cold); on these it reads only that status's or
-- category's cases (100-140 rows), and a rare word ANDs their bitmap with the text index's
-- (bench/README.md, "Case search with a status or a category"). V120: V112-V119 left to parallel work.
CREATE INDEX joint_case_status_newest ON joint_case (status, created_at DESC, id DESC);
CREATE INDEX joint_case_category_newest ON joint_case (category, created_at DESC, id DESC);
