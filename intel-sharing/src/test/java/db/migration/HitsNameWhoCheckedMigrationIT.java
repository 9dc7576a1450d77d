package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;

import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * V17: hits recorded before carry who checked (the partner and the user) where their check id
 * names one check; where a partner reused another's check id, nobody (the owner's disclosure
 * gate then opens for neither). Flyway and a real server.
 */
class HitsNameWhoCheckedMigrationIT {

    static void check(Connection c, String checkId, String direction, String counterpart, String user, String alert)
            throws SQLException {
        try (var log = c.prepareStatement("INSERT INTO hit_check_log (check_id, direction, counterpart, requested_by, "
                        + "identifiers, hits) VALUES (?::uuid, ?, ?, ?, 1, 1)");
                var hit = c.prepareStatement("INSERT INTO hit_check_hit (check_id, direction, owner, alert_id) "
                        + "VALUES (?::uuid, ?, '330881', ?::uuid)")) {
            log.setString(1, checkId);
            log.setString(2, direction);
            log.setString(3, counterpart);
            log.setString(4, user);
            log.executeUpdate();
            if (alert != null) {
                hit.setString(1, checkId);
                hit.setString(2, direction);
                hit.setString(3, alert);
                hit.executeUpdate();
            }
        }
    }

    @Test
    void hitsNameThePartnerAndUserOfTheirCheck() throws SQLException {
        PostgresServer.Database db = PostgresServer.get().createDatabase("intel_v17");
        Migrations.migrate(db, "16");
        String alert = "33088100-0000-8000-8000-000000000001";
        try (Connection c = db.connect()) {
            check(c, "00000000-0000-4000-8000-00000000000a", "INBOUND", "350722", "officer-a", alert);
            // Guangfeng reused Pucheng's check id: its log row must not lend it Pucheng's hit
            check(c, "00000000-0000-4000-8000-00000000000b", "INBOUND", "350722", "officer-b", alert);
            check(c, "00000000-0000-4000-8000-00000000000b", "INBOUND", "361103", "officer-c", null);
            check(c, "00000000-0000-4000-8000-00000000000c", "OUTBOUND", null, "analyst-1", alert);
        }

        Migrations.migrate(db, "17");

        assertEquals(
                1,
                db.count("SELECT count(*) FROM hit_check_hit WHERE check_id = '00000000-0000-4000-8000-00000000000a' "
                        + "AND counterpart = '350722' AND requested_by = 'officer-a'"));
        assertEquals(
                1,
                db.count("SELECT count(*) FROM hit_check_hit WHERE check_id = '00000000-0000-4000-8000-00000000000b' "
                        + "AND counterpart IS NULL AND requested_by IS NULL"));
        assertEquals(
                1,
                db.count("SELECT count(*) FROM hit_check_hit WHERE check_id = '00000000-0000-4000-8000-00000000000c' "
                        + "AND counterpart IS NULL AND requested_by = 'analyst-1'"));
    }
}
