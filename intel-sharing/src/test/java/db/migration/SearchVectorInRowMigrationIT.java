package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;

import org.borderpolice.federation.search.ChineseText;
import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * V10 keeps an alert's search vector in its row and moves the segmented text out instead: an
 * alert stored before, whose vector lived in the TOAST table, has it in the row afterwards, and
 * is still found through the recreated text index. Flyway and a real server, no Quarkus.
 */
class SearchVectorInRowMigrationIT {

    @Test
    void vectorsStoredOutOfLineBeforeAreInTheRowAfterwards() throws SQLException {
        PostgresServer.Database db = PostgresServer.get().createDatabase("intel_v10");
        Migrations.migrate(db, "9");
        StringBuilder body = new StringBuilder();
        String[] places = {"浦城", "廿八都", "仙霞岭", "枫岭关", "峡口", "保安", "盘亭", "忠信", "永丰", "管村"};
        String[] goods = {"走私烟", "成品油", "冻品", "假币", "野生动物", "烟花爆竹", "废旧电池", "假酒"};
        for (int i = 0; i < 40; i++) {
            body.append("第")
                    .append(i + 1)
                    .append("次报告：一辆厢式货车疑似运输")
                    .append(goods[i % goods.length])
                    .append("，可能经县道进入")
                    .append(places[i % places.length])
                    .append("一带。");
        }
        String title = "浦城方向走私烟车辆";
        try (Connection c = db.connect();
                var insert = c.prepareStatement("""
                INSERT INTO alert (id, origin, issuing_unit, category, severity, title, body, valid_from, distribution,
                  handling, source_reliability, information_credibility, version, published_at, updated_at,
                  search_title, search_body)
                VALUES (gen_random_uuid(), '350722', '刑侦大队', 'SMUGGLING', 'RED', ?, ?, now(), '{330881}', 'GENERAL',
                  'A', 1, 1, now(), now(), ?, ?)""")) {
            insert.setString(1, title);
            insert.setString(2, body.toString());
            insert.setString(3, ChineseText.forIndex(title));
            insert.setString(4, ChineseText.forIndex(body.toString()));
            insert.executeUpdate();
        }
        // before: the row was too wide, and the vector, its widest column, was moved out
        assertEquals(
                1, db.count("SELECT count(*) FROM alert WHERE pg_column_toast_chunk_id(search_vector) IS NOT NULL"));

        Migrations.migrate(db, "10");

        assertEquals(
                0, db.count("SELECT count(*) FROM alert WHERE pg_column_toast_chunk_id(search_vector) IS NOT NULL"));
        assertEquals(1, db.count("SELECT count(*) FROM alert WHERE pg_column_toast_chunk_id(search_body) IS NOT NULL"));
        assertEquals(1, db.count("SELECT count(*) FROM alert WHERE search_vector @@ '枫岭关 & 厢式 <-> 货车'::tsquery"));
        // the text index is back, without a pending list, and the planner has statistics for the new column
        assertEquals(1, db.count("""
                SELECT count(*) FROM pg_indexes WHERE indexname = 'alert_search'
                  AND indexdef LIKE '%gin (search_vector)%fastupdate=off%'"""));
        assertTrue(
                db.count("SELECT count(*) FROM pg_stats WHERE tablename = 'alert' AND attname = 'search_vector'") > 0);
    }
}
