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
 * V20: alerts stored before the police words joined the dictionary (杀猪盘 as 杀 猪 盘, what the
 * previous release wrote) are segmented again; then the word is one lexeme, found by a search for
 * it, and text where its characters stand apart is not. Flyway and the embedded server, no Quarkus.
 */
class SegmentPoliceWordsMigrationTest {

    static final String TITLE = "杀猪盘诈骗预警";
    static final String BODY = "受害人网恋后被诱导投资，系典型杀猪盘。";
    /** As the previous release indexed them (smartcn splits 杀猪盘 into characters). */
    static final String OLD_TITLE = "杀 猪 盘 诈骗 预警 杀 猪 盘 诈 骗 预 警";

    static final String OLD_BODY = "受害人 网 恋 后 被 诱导 投资 系 典型 杀 猪 盘 受 害 人 网 恋 后 被 诱 导 投 资 系 典 型 杀 猪 盘";
    static final String SCATTERED_TITLE = "屠宰纠纷";
    static final String SCATTERED_BODY = "村民杀了一头猪，还摔碎了盘子。";

    PostgresServer.Database db;

    UUID alert(String title, String body, String searchTitle, String searchBody) {
        UUID id = UUID.randomUUID();
        db.execute("""
                INSERT INTO alert (id, origin, issuing_unit, category, severity, title, body, valid_from, distribution,
                  handling, source_reliability, information_credibility, version, published_at, updated_at,
                  search_title, search_body)
                VALUES (?, '330881', '反诈中心', 'FRAUD', 'ORANGE', ?, ?, now(), '{350722}', 'GENERAL', 'A', 1, 1,
                  now(), now(), ?, ?)""", id, title, body, searchTitle, searchBody);
        return id;
    }

    long found(String query) {
        return db.count(
                "SELECT count(*) FROM alert WHERE search_vector @@ to_tsquery('simple', ?)",
                ChineseText.tsquery(query).orElseThrow());
    }

    @Test
    void alertsStoredBeforeThePoliceWordsAreSegmentedAgain() throws Exception {
        db = PostgresServer.get().createDatabase("intel_v20");
        db.migrateService("19");
        UUID scam = alert(TITLE, BODY, OLD_TITLE, OLD_BODY);
        alert(
                SCATTERED_TITLE,
                SCATTERED_BODY,
                ChineseText.forIndex(SCATTERED_TITLE),
                ChineseText.forIndex(SCATTERED_BODY));
        assertEquals(0, db.count("SELECT count(*) FROM alert WHERE search_vector @@ '杀猪盘'::tsquery"));
        assertEquals(1, found("杀猪盘"), "found through its characters before");

        db.migrateService("latest");

        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM alert WHERE id = ? AND search_title = ? AND search_body = ?",
                        scam,
                        ChineseText.forIndex(TITLE),
                        ChineseText.forIndex(BODY)));
        // one lexeme now, in title and body; the scattered characters are no match
        assertEquals(1, db.count("SELECT count(*) FROM alert WHERE search_vector @@ '杀猪盘'::tsquery"));
        assertEquals(1, found("杀猪盘"));
        assertEquals(1, found("杀猪盘 投资"));
        // a single character is a query term like any other: it matches the characters indexed after the words
        assertEquals(2, found("杀"));
        // analysed by the migration: the planner counts 杀猪盘 as a word of its own
        assertEquals(1, db.count("""
                        SELECT count(*) FROM pg_stats WHERE tablename = 'alert' AND attname = 'search_vector'
                          AND '杀猪盘' = ANY (most_common_elems::text::text[])"""));
        // idempotent: a second pass finds nothing to change
        try (var c = db.connect()) {
            assertEquals(
                    0,
                    SearchTextMigration.segmentAgain(
                            c,
                            "alert",
                            "id",
                            List.of(new Column("title", "search_title"), new Column("body", "search_body"))));
        }
    }
}
