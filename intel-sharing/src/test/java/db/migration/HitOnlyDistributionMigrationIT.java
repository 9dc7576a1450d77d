package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;

import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * V12: HIT_ONLY alerts stored before with a nominal distribution carry none afterwards (so no
 * partner is overdue for them, contributes to them, or receives them on a disclosure to
 * another), and none can be stored again. Other alerts keep theirs. Flyway and a real server.
 */
class HitOnlyDistributionMigrationIT {

    static void insert(Connection c, String id, String handling, String distribution) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO alert (id, origin, issuing_unit, category, severity, title, body, valid_from, distribution,
                  handling, source_reliability, information_credibility, version, published_at, updated_at)
                VALUES (?::uuid, '330881', '刑侦大队', 'SMUGGLING', 'RED', '线索', '内容', now(), ?::varchar[], ?,
                  'A', 1, 1, now(), now())""")) {
            insert.setString(1, id);
            insert.setString(2, distribution);
            insert.setString(3, handling);
            insert.executeUpdate();
        }
    }

    @Test
    void hitOnlyAlertsLoseTheirNominalDistribution() throws SQLException {
        PostgresServer.Database db = PostgresServer.get().createDatabase("intel_v12");
        Migrations.migrate(db, "11");
        String hitOnly = "00000000-0000-4000-8000-000000000001";
        String general = "00000000-0000-4000-8000-000000000002";
        try (Connection c = db.connect()) {
            insert(c, hitOnly, "HIT_ONLY", "{350722,361103}");
            insert(c, general, "GENERAL", "{350722,361103}");
        }

        Migrations.migrate(db, "12");

        assertEquals(1, db.count("SELECT count(*) FROM alert WHERE id = ?::uuid AND distribution = '{}'", hitOnly));
        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM alert WHERE id = ?::uuid AND distribution = '{350722,361103}'", general));
        try (Connection c = db.connect()) {
            assertThrows(
                    SQLException.class,
                    () -> insert(c, "00000000-0000-4000-8000-000000000003", "HIT_ONLY", "{350722}"));
        }
    }
}
