package org.borderpolice.mediation;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.numbering.NumberCounter;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.validation.RecordIds;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V62 numbers the disputes a jurisdiction took in before numbers existed (纠纷编号), in the order
 * they were taken in, per year in China Standard Time, and leaves the counter where the service
 * goes on; partners' replicas wait for their origin's number.
 */
class DisputeNumbersMigratedTest {

    static Flyway flyway(PostgresServer.Database db, String target) {
        var config = Flyway.configure()
                .dataSource(db.jdbcUrl(), db.owner().user(), db.owner().password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("jurisdiction", JIANGSHAN));
        return (target == null ? config : config.target(target)).load();
    }

    static UUID dispute(PostgresServer.Database db, String origin, String createdAt) {
        UUID id = RecordIds.create(origin);
        Timestamp at = Timestamp.from(Instant.parse(createdAt));
        db.execute("""
                INSERT INTO dispute (id, origin, channel, kind, status, title, description, reported_at, risk_level,
                    consent, tier, tier_rule, version, created_at, updated_at, status_changed_at)
                VALUES (?, ?, 'WALK_IN', 'LAND_BOUNDARY', 'RECEIVED', '山林界址纠纷', '两村村民因山林界址发生争执。', ?, 'LOW',
                    TRUE, 'VILLAGE', 'VILLAGE_FIRST', 1, ?, ?, ?)""", id, origin, at, at, at, at);
        return id;
    }

    static String number(PostgresServer.Database db, UUID id) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement("SELECT coalesce(number, 'none') FROM dispute WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void ourDisputesTakenInBeforeNumbersAreNumberedInTheOrderTheyWereTakenIn() throws Exception {
        PostgresServer.Database db = PostgresServer.get().createDatabase("numbers");
        flyway(db, "61").migrate();
        UUID march26 = dispute(db, JIANGSHAN, "2026-03-01T00:00:00Z");
        UUID june25 = dispute(db, JIANGSHAN, "2025-06-01T00:00:00Z");
        // 2026-01-01 00:30 in China: the new year's first; 23:30 the evening before: the old year's last
        UUID newYear = dispute(db, JIANGSHAN, "2025-12-31T16:30:00Z");
        UUID newYearsEve = dispute(db, JIANGSHAN, "2025-12-31T15:30:00Z");
        UUID puchengs = dispute(db, PUCHENG, "2026-01-02T00:00:00Z");

        flyway(db, null).migrate();

        assertEquals("330881-2025-000001", number(db, june25));
        assertEquals("330881-2025-000002", number(db, newYearsEve));
        assertEquals("330881-2026-000001", number(db, newYear));
        assertEquals("330881-2026-000002", number(db, march26));
        assertEquals("none", number(db, puchengs));
        // the service goes on after the last number of each year
        try (Connection c = db.connect()) {
            NumberCounter counter = new NumberCounter("dispute_number_counter");
            assertEquals(3, counter.next(c, JIANGSHAN, 2026).getAsInt());
            assertEquals(3, counter.next(c, JIANGSHAN, 2025).getAsInt());
            assertEquals(1, counter.next(c, JIANGSHAN, 2027).getAsInt());
        }
    }
}
