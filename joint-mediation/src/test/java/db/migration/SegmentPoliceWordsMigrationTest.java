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
 * V80: disputes stored before the police words joined the dictionary (杀猪盘 as 杀 猪 盘, what the
 * previous release wrote) are segmented again; then the word is one lexeme, found by a search for
 * it, and text where its characters stand apart is not. Flyway and the embedded server, no Quarkus.
 */
class SegmentPoliceWordsMigrationTest {

    static final String TITLE = "网恋投资纠纷";
    static final String DESCRIPTION = "双方因网恋投资款发生纠纷，一方称对方搞杀猪盘。";
    /** As the previous release indexed it (smartcn splits 杀猪盘 into characters). */
    static final String OLD_DESCRIPTION =
            "双方 因 网 恋 投资 款 发生 纠纷 一 方 称 对方 搞 杀 猪 盘 双 方 因 网 恋 投 资 款 发 生 纠 纷 一 方 称 对 方 搞 杀 猪 盘";

    static final String SCATTERED = "村民杀了一头猪，还摔碎了盘子。";

    /** V62 numbers the disputes of the jurisdiction the service runs for (a Flyway placeholder). */
    static final java.util.Map<String, String> JURISDICTION = java.util.Map.of("jurisdiction", "330881");

    PostgresServer.Database db;

    UUID dispute(String title, String description, String searchTitle, String searchDescription) {
        UUID id = UUID.randomUUID();
        db.execute("""
                INSERT INTO dispute (id, origin, channel, kind, status, title, description, reported_at, risk_level,
                  consent, tier, tier_rule, version, created_at, updated_at, status_changed_at, search_title,
                  search_description)
                VALUES (?, '330881', 'WALK_IN', 'COMMERCIAL_TRADE', 'RECEIVED', ?, ?, now(), 'MEDIUM', true,
                  'VILLAGE', 'VILLAGE_FIRST', 1, now(), now(), now(), ?, ?)""", id, title, description, searchTitle, searchDescription);
        return id;
    }

    long found(String query) {
        return db.count(
                "SELECT count(*) FROM dispute WHERE search_vector @@ to_tsquery('simple', ?)",
                ChineseText.tsquery(query).orElseThrow());
    }

    @Test
    void disputesStoredBeforeThePoliceWordsAreSegmentedAgain() throws Exception {
        db = PostgresServer.get().createDatabase("mediation_v80");
        db.migrateService("79", JURISDICTION);
        UUID scam = dispute(TITLE, DESCRIPTION, ChineseText.forIndex(TITLE), OLD_DESCRIPTION);
        dispute("邻里纠纷", SCATTERED, ChineseText.forIndex("邻里纠纷"), ChineseText.forIndex(SCATTERED));
        assertEquals(0, db.count("SELECT count(*) FROM dispute WHERE search_vector @@ '杀猪盘'::tsquery"));

        db.migrateService("latest", JURISDICTION);

        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM dispute WHERE id = ? AND search_description = ?",
                        scam,
                        ChineseText.forIndex(DESCRIPTION)));
        assertEquals(1, db.count("SELECT count(*) FROM dispute WHERE search_vector @@ '杀猪盘:B'::tsquery"));
        assertEquals(1, found("杀猪盘"));
        assertEquals(1, found("网恋 杀猪盘"));
        // a single character is a query term like any other: it matches the characters indexed after the words
        assertEquals(2, found("杀"));
        // idempotent: a second pass finds nothing to change
        try (var c = db.connect()) {
            assertEquals(
                    0,
                    SearchTextMigration.segmentAgain(
                            c,
                            "dispute",
                            "id",
                            List.of(
                                    new Column("title", "search_title"),
                                    new Column("description", "search_description"))));
        }
    }
}
