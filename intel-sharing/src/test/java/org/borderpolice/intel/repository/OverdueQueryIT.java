package org.borderpolice.intel.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.intel.HandlingCode;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The overdue list is one statement ({@link AlertRepository#OVERDUE}), whatever the number of
 * alerts: run here as the service runs it, on the migrated schema of a real server, over alerts
 * that are and are not overdue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverdueQueryIT {

    static final String SELF = "330881";
    static final String PUCHENG = "350722";
    static final String GUANGFENG = "361103";
    static final Duration RED = Duration.ofMinutes(15);
    static final Duration ORANGE = Duration.ofMinutes(60);

    PostgresServer.Database db;
    Instant now = Instant.now();
    Map<String, UUID> ids = new java.util.HashMap<>();

    @BeforeAll
    void data() throws SQLException {
        db = PostgresServer.get().createDatabase("intel_overdue");
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        alert("red, Pucheng acknowledged", SELF, "RED", "GENERAL", "{350722,361103}", ago(60), null, null);
        acknowledge("red, Pucheng acknowledged", PUCHENG);
        alert("red, nobody acknowledged", SELF, "RED", "RESTRICTED", "{361103,350722}", ago(20), null, null);
        alert("red, all acknowledged", SELF, "RED", "GENERAL", "{350722}", ago(60), null, null);
        acknowledge("red, all acknowledged", PUCHENG);
        alert("red, deadline not yet", SELF, "RED", "GENERAL", "{350722}", ago(10), null, null);
        alert("orange, overdue", SELF, "ORANGE", "GENERAL", "{350722}", ago(90), null, null);
        alert("orange, deadline not yet", SELF, "ORANGE", "GENERAL", "{350722}", ago(30), null, null);
        alert("yellow", SELF, "YELLOW", "GENERAL", "{350722}", ago(600), null, null);
        alert("red confidential", SELF, "RED", "CONFIDENTIAL", "{361103}", ago(59), null, null);
        alert("red hit only", SELF, "RED", "HIT_ONLY", "{}", ago(60), null, null);
        alert("red revoked", SELF, "RED", "GENERAL", "{350722}", ago(60), ago(5), null);
        alert("red expired", SELF, "RED", "GENERAL", "{350722}", ago(60), null, ago(1));
        alert("red of a partner", PUCHENG, "RED", "GENERAL", "{330881}", ago(60), null, null);
    }

    Instant ago(int minutes) {
        return now.minus(Duration.ofMinutes(minutes));
    }

    void alert(
            String title,
            String origin,
            String severity,
            String handling,
            String distribution,
            Instant published,
            Instant revoked,
            Instant validUntil)
            throws SQLException {
        UUID id = UUID.randomUUID();
        ids.put(title, id);
        try (Connection c = db.connect();
                var insert = c.prepareStatement("""
                INSERT INTO alert (id, origin, issuing_unit, category, severity, title, body, valid_from, valid_until,
                  distribution, handling, source_reliability, information_credibility, version, published_at,
                  updated_at, revoked_at)
                VALUES (?, ?, '刑侦大队', 'WANTED_PERSON', ?, ?, '内容', ?, ?, ?::varchar[], ?, 'A', 1, 1, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, origin);
            insert.setString(3, severity);
            insert.setString(4, title);
            insert.setTimestamp(5, java.sql.Timestamp.from(published));
            insert.setTimestamp(6, validUntil == null ? null : java.sql.Timestamp.from(validUntil));
            insert.setString(7, distribution);
            insert.setString(8, handling);
            insert.setTimestamp(9, java.sql.Timestamp.from(published));
            insert.setTimestamp(10, java.sql.Timestamp.from(published));
            insert.setTimestamp(11, revoked == null ? null : java.sql.Timestamp.from(revoked));
            insert.executeUpdate();
        }
    }

    void acknowledge(String title, String partner) throws SQLException {
        try (Connection c = db.connect();
                var insert = c.prepareStatement("""
                INSERT INTO alert_acknowledgement (alert_id, alert_origin, partner, acknowledged_by, acknowledged_at)
                VALUES (?, ?, ?, 'officer', now())""")) {
            insert.setObject(1, ids.get(title));
            insert.setString(2, SELF);
            insert.setString(3, partner);
            insert.executeUpdate();
        }
    }

    Map<String, List<String>> overdue(EnumSet<HandlingCode> handlings) throws SQLException {
        try (Connection c = db.connect()) {
            return AlertRepository.overdue(c, SELF, handlings, now, now.minus(RED), now.minus(ORANGE)).stream()
                    .collect(Collectors.toMap(
                            AlertRepository.OverdueAlert::title,
                            AlertRepository.OverdueAlert::missing,
                            (a, b) -> a,
                            java.util.LinkedHashMap::new));
        }
    }

    @Test
    void oneStatementListsEachOverdueAlertWithItsMissingPartners() throws SQLException {
        var overdue = overdue(EnumSet.allOf(HandlingCode.class));
        assertEquals(
                List.of("orange, overdue", "red, Pucheng acknowledged", "red confidential", "red, nobody acknowledged"),
                List.copyOf(overdue.keySet()),
                "oldest first, only the overdue");
        assertEquals(List.of(GUANGFENG), overdue.get("red, Pucheng acknowledged"));
        assertEquals(List.of(PUCHENG, GUANGFENG), overdue.get("red, nobody acknowledged"));
        assertEquals(List.of(PUCHENG), overdue.get("orange, overdue"));
    }

    @Test
    void onlyAlertsTheCallerMaySee() throws SQLException {
        var investigator = overdue(EnumSet.of(HandlingCode.GENERAL, HandlingCode.RESTRICTED));
        assertEquals(
                List.of("orange, overdue", "red, Pucheng acknowledged", "red, nobody acknowledged"),
                List.copyOf(investigator.keySet()));
        assertEquals(Map.of(), overdue(EnumSet.noneOf(HandlingCode.class)));
    }
}
