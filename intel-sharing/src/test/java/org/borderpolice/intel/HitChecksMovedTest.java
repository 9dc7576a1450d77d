package org.borderpolice.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.borderpolice.federation.testing.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * federation's V19 takes over intel-sharing's hit-check rows from a database at any of
 * intel-sharing's versions since hit checks exist (V4), whichever migration history runs first,
 * and leaves every alert to be hashed again (review of issue 23, S2); V25 its refused partners'
 * checks not yet audited (review 25, S6).
 */
class HitChecksMovedTest {

    @ParameterizedTest
    @ValueSource(strings = {"4", "14", "16", "19"})
    void aDatabaseAtAnyIntelVersionUpgrades(String intelVersion) {
        PostgresServer.Database db = PostgresServer.get().createDatabase("moved");
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.owner().user(), db.owner().password())
                .locations("classpath:db/migration")
                .target(intelVersion)
                .load()
                .migrate();
        int version = Integer.parseInt(intelVersion);
        UUID check = UUID.randomUUID();
        UUID alert = UUID.randomUUID();
        db.execute(
                "INSERT INTO hit_check_log (check_id, direction, counterpart, requested_by, unit, identifiers, hits) "
                        + "VALUES (?, 'INBOUND', '350722', 'analyst-350722', '仙阳派出所', 3, 1)",
                check);
        db.execute("INSERT INTO hit_check_quota (partner, day, identifiers) VALUES ('350722', current_date, 3)");
        if (version >= 17) {
            db.execute(
                    "INSERT INTO hit_check_hit (check_id, direction, counterpart, requested_by, owner, alert_id) "
                            + "VALUES (?, 'INBOUND', '350722', 'analyst-350722', '330881', ?)",
                    check,
                    alert);
        } else if (version >= 15) {
            db.execute(
                    "INSERT INTO hit_check_hit (check_id, direction, owner, alert_id) VALUES (?, 'INBOUND', '330881', ?)",
                    check,
                    alert);
        }
        if (version >= 17) {
            // a partner's refused checks of a minute not yet audited as one count
            db.execute(
                    "INSERT INTO hit_check_refusal (partner, minute, reason, refusals) "
                            + "VALUES ('350722', date_trunc('minute', now()) - interval '5 minutes', 'INVALID_ARGUMENT: quota', 7)");
        }
        if (version >= 14) {
            db.execute(
                    "INSERT INTO blind_index_version (key_version, fingerprint, filled_through, filled_at) "
                            + "VALUES (1, 'f1', ?, now())",
                    alert);
        }

        db.migrateFederation();

        assertEquals(1, db.count("SELECT count(*) FROM federation.hit_check_log WHERE check_id = ?", check));
        assertEquals(1, db.count("SELECT count(*) FROM federation.hit_check_quota WHERE partner = '350722'"));
        if (version >= 15) {
            // who asked: from the hit itself, or (before intel V17) from the check's log entry
            assertEquals(
                    1,
                    db.count(
                            "SELECT count(*) FROM federation.hit_check_hit WHERE check_id = ? AND record_type = "
                                    + "'intel.alert' AND record_id = ? AND counterpart = '350722' "
                                    + "AND requested_by = 'analyst-350722'",
                            check,
                            alert.toString()));
        }
        // V25: the refusal counts too (the federation's summary audits them on its next pass)
        assertEquals(
                version >= 17 ? 1 : 0,
                db.count("SELECT count(*) FROM federation.hit_check_refusal WHERE partner = '350722' "
                        + "AND reason = 'INVALID_ARGUMENT: quota' AND refusals = 7"));
        if (version >= 14) {
            // the version is held, and every alert is hashed again under it by the new release
            assertEquals(
                    1,
                    db.count("SELECT count(*) FROM federation.blind_index_version WHERE key_version = 1 "
                            + "AND fingerprint = 'f1' AND filled_at IS NULL"));
            assertEquals(
                    1,
                    db.count("SELECT count(*) FROM federation.blind_index_fill WHERE key_version = 1 AND record_type "
                            + "= 'intel.alert' AND filled_through IS NULL AND filled_at IS NULL"));
        }
    }
}
