package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;

import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * V110: compounds of known words (烟花爆竹, 监控录像) become extra lexemes of the stored text. Every
 * term finds exactly the cases it found before (precision and recall unchanged) over a seeded
 * corpus with the compounds whole, their words apart or in another order, and punctuation between;
 * the compound lexeme alone finds the same cases (its statistics are those of the term); and the
 * timeline pass rewrites each case once, not once per changed entry (review 26 S3). Flyway and the
 * embedded server, no Quarkus.
 */
class IndexCompoundsMigrationTest {

    static final String[] COMPOUNDS = {"烟花爆竹", "野生动物", "游戏装备交易", "虚假投资理财", "投资理财", "监控录像", "住宿登记", "银行流水"};
    static final String[] FILLERS = {"群众报称", "发现一辆货车", "经查", "民警", "在集市", "已调取", "，", "。", "和", "及其"};
    static final String[] TERMS = {
        "烟花爆竹", "烟花", "爆竹", "野生动物", "动物", "游戏装备交易", "装备交易", "游戏装备", "虚假投资理财", "投资理财", "投资", "监控录像", "监控", "录像", "住宿登记",
        "银行流水", "流水", "烟花 监控录像"
    };

    PostgresServer.Database db;

    /** What V100 stored: the words, then the Chinese characters (no compounds). */
    static String indexedBefore(String text) {
        List<String> tokens = new ArrayList<>(ChineseText.words(text));
        text.codePoints()
                .filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                .forEach(c -> tokens.add(Character.toString(c)));
        return String.join(" ", tokens);
    }

    /** A sentence of fillers, compounds, and compounds' words apart, reversed or split by punctuation. */
    static String sentence(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        for (int i = 0, n = 2 + random.nextInt(5); i < n; i++) {
            String compound = COMPOUNDS[random.nextInt(COMPOUNDS.length)];
            List<String> words = ChineseText.words(compound);
            switch (random.nextInt(5)) {
                case 0 -> s.append(compound);
                case 1 ->
                    s.append(words.getFirst())
                            .append(FILLERS[random.nextInt(FILLERS.length)])
                            .append(words.getLast());
                case 2 -> s.append(words.getLast()).append(words.getFirst());
                case 3 ->
                    s.append(words.getFirst()).append("，").append(String.join("", words.subList(1, words.size())));
                default -> s.append(FILLERS[random.nextInt(FILLERS.length)]);
            }
        }
        return s.toString();
    }

    TreeSet<UUID> found(String term) throws Exception {
        TreeSet<UUID> ids = new TreeSet<>();
        try (var c = db.connect();
                var s = c.prepareStatement(
                        "SELECT id FROM joint_case WHERE search_vector @@ to_tsquery('simple', ?)")) {
            s.setString(1, ChineseText.tsquery(term).orElseThrow());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    @Test
    void everyTermFindsWhatItFoundBeforeAndEachCaseIsRewrittenOnce() throws Exception {
        db = PostgresServer.get().createDatabase("cases_v110");
        db.migrateService("100");
        SplittableRandom random = new SplittableRandom(110);
        List<UUID> cases = new ArrayList<>();
        // one connection for the ~1,000 rows (a connection per row cost most of this test's time)
        try (var c = db.connect();
                var insertCase = c.prepareStatement("""
                        INSERT INTO joint_case (id, origin, case_number, category, status, title, summary, lead_unit, version,
                          created_at, updated_at, status_changed_at, search_title, search_summary)
                        VALUES (?, '330881', ?, 'SMUGGLING', 'OPEN', ?, ?, '治安大队', 1, now(), now(), now(), ?, ?)""");
                var insertEntry = c.prepareStatement("""
                        INSERT INTO case_timeline_entry (id, case_id, case_origin, kind, author_jurisdiction, author, text,
                          occurred_at, search_text)
                        VALUES (?, ?, '330881', 'NOTE', '330881', '民警', ?, now(), ?)""")) {
            for (int n = 0; n < 300; n++) {
                UUID id = UUID.randomUUID();
                String title = sentence(random);
                String summary = sentence(random);
                insertCase.setObject(1, id);
                insertCase.setString(2, String.format("330881-2026-%06d", n + 1));
                insertCase.setString(3, title);
                insertCase.setString(4, summary);
                insertCase.setString(5, indexedBefore(title));
                insertCase.setString(6, indexedBefore(summary));
                insertCase.executeUpdate();
                for (int k = 0, entries = random.nextInt(6); k < entries; k++) {
                    String text = sentence(random);
                    insertEntry.setObject(1, UUID.randomUUID());
                    insertEntry.setObject(2, id);
                    insertEntry.setString(3, text);
                    insertEntry.setString(4, indexedBefore(text));
                    insertEntry.executeUpdate();
                }
                cases.add(id);
            }
        }
        // before: no compound lexeme stored, so each term's query finds what the phrase of its words and characters
        // finds
        Map<String, TreeSet<UUID>> before = new LinkedHashMap<>();
        for (String term : TERMS) {
            before.put(term, found(term));
            assertTrue(!before.get(term).isEmpty() && before.get(term).size() < cases.size(), term + " discriminates");
        }
        assertEquals(0, db.count("SELECT count(*) FROM joint_case WHERE search_vector @@ '烟花爆竹'::tsquery"));
        // count every new version of a case row from here on
        db.execute("CREATE TABLE case_rewrites (id UUID)");
        db.execute("GRANT INSERT ON case_rewrites TO PUBLIC");
        db.execute("""
                CREATE FUNCTION count_case_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO case_rewrites VALUES (NEW.id); RETURN NEW; END $$""");
        db.execute(
                "CREATE TRIGGER count_case_rewrite AFTER UPDATE ON joint_case FOR EACH ROW EXECUTE FUNCTION count_case_rewrite()");

        db.migrateService("110");

        for (String term : TERMS) {
            assertEquals(before.get(term), found(term), term);
        }
        for (String compound : COMPOUNDS) {
            assertEquals(
                    before.get(compound).size(),
                    db.count(
                            "SELECT count(*) FROM joint_case WHERE search_vector @@ to_tsquery('simple', ?)",
                            "'" + compound + "'"),
                    "the lexeme " + compound + " alone");
        }
        // the entries pass rewrote a case once (V80's trigger, one statement per batch of cases), the cases pass once
        // more
        assertEquals(
                0, db.count("SELECT count(*) FROM (SELECT id FROM case_rewrites GROUP BY id HAVING count(*) > 2) x"));
        assertTrue(db.count("SELECT count(*) FROM (SELECT id FROM case_rewrites GROUP BY id HAVING count(*) = 2) x")
                > 100);
    }
}
