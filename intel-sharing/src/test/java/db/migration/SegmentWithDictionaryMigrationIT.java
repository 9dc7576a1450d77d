package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;

import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * An alert indexed before the dictionary (浦城 as 浦 城) is indexed again by V9: the place name
 * becomes one lexeme, and PostgreSQL has statistics for it at once. Flyway and a real server,
 * no Quarkus.
 */
class SegmentWithDictionaryMigrationIT {

    @Test
    void alertsStoredBeforeTheDictionaryAreSegmentedAgain() throws SQLException {
        PostgresServer.Database db = PostgresServer.get().createDatabase("intel_v9");
        Migrations.migrate(db, "8");
        try (Connection c = db.connect();
                var insert = c.prepareStatement("""
                INSERT INTO alert (id, origin, issuing_unit, category, severity, title, body, valid_from, distribution,
                  handling, source_reliability, information_credibility, version, published_at, updated_at,
                  search_title, search_body)
                VALUES (gen_random_uuid(), '350722', '刑侦大队', 'SMUGGLING', 'RED', '浦城方向走私烟车辆',
                  '一辆皮卡进入浦城。', now(), '{330881}', 'GENERAL', 'A', 1, 1, now(), now(),
                  '浦 城 方向 走私 烟 车辆 浦 城 方 向 走 私 烟 车 辆', '一 辆 皮 卡 进入 浦 城 一 辆 皮 卡 进 入 浦 城')""")) {
            insert.executeUpdate();
        }
        assertEquals(0, db.count("SELECT count(*) FROM alert WHERE search_vector @@ '浦城'::tsquery"));

        Migrations.migrate(db, "latest");

        assertEquals(1, db.count("SELECT count(*) FROM alert WHERE search_vector @@ '浦城 & 皮卡'::tsquery"));
        assertEquals(1, db.count("""
                SELECT count(*) FROM alert WHERE search_body = '一 辆 皮卡 进入 浦城 一 辆 皮 卡 进 入 浦 城'"""));
        // analysed by the migration: the planner counts 浦城 as a word of its own
        assertEquals(1, db.count("""
                SELECT count(*) FROM pg_stats WHERE tablename = 'alert' AND attname = 'search_vector'
                  AND '浦城' = ANY (most_common_elems::text::text[])"""));
    }
}
