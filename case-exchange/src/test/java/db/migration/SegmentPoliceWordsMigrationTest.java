package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.search.SearchTextMigration;
import org.borderpolice.federation.search.SearchTextMigration.Column;
import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * V100: cases and timeline entries stored before the police words joined the dictionary (刷单返利
 * and 杀猪盘 as single characters, what the previous release wrote) are segmented again; the case's
 * vector then holds the words of its title and, through V80's triggers, of its timeline. A search
 * for a word finds the case; text where its characters stand apart is no match. Flyway and the
 * embedded server, no Quarkus.
 */
class SegmentPoliceWordsMigrationTest {

    static final String TITLE = "刷单返利诈骗案";
    static final String SUMMARY = "受害人在网上做刷单返利任务被骗。";
    static final String NOTE = "嫌疑人同时经营杀猪盘，已调取聊天记录。";
    /** As the previous release indexed them (smartcn splits 刷单返利 and 杀猪盘 into characters). */
    static final String OLD_TITLE = "刷 单 返 利 诈骗 案 刷 单 返 利 诈 骗 案";

    static final String OLD_SUMMARY = "受害人 在 网上 做 刷 单 返 利 任务 被 骗 受 害 人 在 网 上 做 刷 单 返 利 任 务 被 骗";
    static final String OLD_NOTE = "嫌疑人 同时 经营 杀 猪 盘 已 调取 聊天 记录 嫌 疑 人 同 时 经 营 杀 猪 盘 已 调 取 聊 天 记 录";
    static final String SCATTERED = "村民杀了一头猪，还摔碎了盘子。";

    PostgresServer.Database db;

    UUID kase(String number, String title, String summary, String searchTitle, String searchSummary) {
        UUID id = UUID.randomUUID();
        db.execute("""
                INSERT INTO joint_case (id, origin, case_number, category, status, title, summary, lead_unit, version,
                  created_at, updated_at, status_changed_at, search_title, search_summary)
                VALUES (?, '330881', ?, 'TELECOM_FRAUD', 'OPEN', ?, ?, '反诈中心', 1, now(), now(), now(), ?, ?)""", id, number, title, summary, searchTitle, searchSummary);
        return id;
    }

    void note(UUID caseId, String text, String searchText) {
        db.execute("""
                INSERT INTO case_timeline_entry (id, case_id, case_origin, kind, author_jurisdiction, author, text,
                  occurred_at, search_text)
                VALUES (?, ?, '330881', 'NOTE', '330881', '民警', ?, now(), ?)""", UUID.randomUUID(), caseId, text, searchText);
    }

    long found(String query) {
        return db.count(
                "SELECT count(*) FROM joint_case WHERE search_vector @@ to_tsquery('simple', ?)",
                ChineseText.tsquery(query).orElseThrow());
    }

    @Test
    void casesAndTimelinesStoredBeforeThePoliceWordsAreSegmentedAgain() throws Exception {
        db = PostgresServer.get().createDatabase("cases_v100");
        db.migrateService("99");
        UUID scam = kase("330881-2026-000001", TITLE, SUMMARY, OLD_TITLE, OLD_SUMMARY);
        note(scam, NOTE, OLD_NOTE);
        UUID other = kase(
                "330881-2026-000002", "屠宰纠纷", SCATTERED, ChineseText.forIndex("屠宰纠纷"), ChineseText.forIndex(SCATTERED));
        note(other, SCATTERED, ChineseText.forIndex(SCATTERED));
        assertEquals(0, db.count("SELECT count(*) FROM joint_case WHERE search_vector @@ '杀猪盘 | 刷单返利'::tsquery"));

        db.migrateService("latest");

        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM joint_case WHERE id = ? AND search_title = ? AND search_summary = ?",
                        scam,
                        ChineseText.forIndex(TITLE),
                        ChineseText.forIndex(SUMMARY)));
        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM case_timeline_entry WHERE case_id = ? AND search_text = ?",
                        scam,
                        ChineseText.forIndex(NOTE)));
        // one lexeme each now: in the title (weight A) and, from the note, in the case's timeline words
        assertEquals(1, db.count("SELECT count(*) FROM joint_case WHERE search_vector @@ '刷单返利:A'::tsquery"));
        assertEquals(1, db.count("SELECT count(*) FROM joint_case WHERE search_vector @@ '杀猪盘:C'::tsquery"));
        assertEquals(1, found("杀猪盘"));
        assertEquals(1, found("刷单返利 杀猪盘"));
        assertEquals(1, found("刷单"));
        // a single character is a query term like any other: it matches the characters indexed after the words
        assertEquals(2, found("杀"));
        // idempotent: a second pass finds nothing to change
        try (var c = db.connect()) {
            assertEquals(
                    0,
                    SearchTextMigration.segmentAgain(
                            c, "case_timeline_entry", "id", List.of(new Column("text", "search_text"))));
            assertEquals(
                    0,
                    SearchTextMigration.segmentAgain(
                            c,
                            "joint_case",
                            "id",
                            List.of(new Column("title", "search_title"), new Column("summary", "search_summary"))));
        }
    }
}
