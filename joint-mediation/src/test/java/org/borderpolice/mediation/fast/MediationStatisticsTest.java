package org.borderpolice.mediation.fast;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.mediation.fast.Callers.as;
import static org.borderpolice.mediation.fast.Callers.home;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * 调解统计 with exact figures from a small data set in 2019 (a year no other test reports
 * disputes in), held at Jiangshan: five disputes Jiangshan sees, one reported just after the period
 * (by Shanghai time), and one of Pucheng and Guangfeng that Jiangshan must not count.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "joint-mediation"),
            @ResourceArg(name = "categories", value = "mediation"),
            // Shaowu: a partner of the agreement for intelligence only, not for mediation
            @ResourceArg(name = "more-partners", value = TeamFixtures.SHAOWU),
            @ResourceArg(name = "categories." + TeamFixtures.SHAOWU, value = "intel")
        })
class MediationStatisticsTest {

    static final String PATH = "/api/v1/mediation-statistics";

    static final UUID D1 = UUID.fromString("00000000-0000-4000-8000-000000002019");
    static final UUID D2 = UUID.fromString("00000000-0000-4000-8000-000000002029");
    static final UUID D3 = UUID.fromString("00000000-0000-4000-8000-000000002039");
    static final UUID D4 = UUID.fromString("00000000-0000-4000-8000-000000002049");
    static final UUID D5 = UUID.fromString("00000000-0000-4000-8000-000000002059");
    static final UUID D6 = UUID.fromString("00000000-0000-4000-8000-000000002069");
    static final UUID D7 = UUID.fromString("00000000-0000-4000-8000-000000002079");

    @Inject
    AgroalDataSource db;

    @BeforeEach
    void dataSet() throws SQLException {
        if (Callers.count(db, "SELECT count(*) FROM dispute WHERE id = ?", D1) > 0) {
            return;
        }
        // Jiangshan's, with Pucheng: resolved, high risk; sessions after 2.0 days; agreement after 10 days
        dispute(D1, JIANGSHAN, "LAND_BOUNDARY", "VILLAGE", "RESOLVED", "HIGH", null, "2019-01-10T09:00+08:00", PUCHENG);
        session(D1, JIANGSHAN, "2019-01-12T09:00+08:00", "HELD");
        session(D1, JIANGSHAN, "2019-01-19T09:00+08:00", "HELD");
        UUID a1 = agreement(D1, JIANGSHAN, "2019-01-20");
        instalment(a1, 1, "2019-02-01", "1000.00", "1000.00");
        instalment(a1, 2, "2019-03-01", "500.00", "0.00");
        // Jiangshan's alone: failed at the village, handed up; a cancelled session before the first held one
        dispute(D2, JIANGSHAN, "NEIGHBOUR", "TOWNSHIP", "FAILED", "LOW", "VILLAGE", "2019-02-05T10:00+08:00");
        session(D2, JIANGSHAN, "2019-02-05T12:00+08:00", "CANCELLED");
        session(D2, JIANGSHAN, "2019-02-06T22:00+08:00", "HELD");
        // Pucheng's, with Jiangshan: agreed after 4 days, an instalment partly paid and not yet due
        dispute(D3, PUCHENG, "LABOUR_WAGES", "VILLAGE", "AGREED", "MEDIUM", null, "2019-04-01T08:00+08:00", JIANGSHAN);
        session(D3, PUCHENG, "2019-04-05T08:00+08:00", "HELD");
        UUID a3 = agreement(D3, PUCHENG, "2019-04-05");
        instalment(a3, 1, "2099-01-01", "2000.00", "800.00");
        // Jiangshan's, with Guangfeng: resolved, high risk, no session
        dispute(D4, JIANGSHAN, "FAMILY", "VILLAGE", "RESOLVED", "HIGH", null, "2019-05-20T12:00+08:00", GUANGFENG);
        // ... escalated to a joint case before it was resolved: not a 民转刑 prevented
        exec(
                "UPDATE dispute SET escalated_case = ?, escalated_case_number = ?, escalated_at = reported_at"
                        + " WHERE id = ?",
                UUID.fromString("33088100-0000-8000-8000-000000000004"),
                JIANGSHAN + "-2019-000004",
                D4);
        // the last half hour of the period in Shanghai (15:30 UTC)
        dispute(D5, JIANGSHAN, "OTHER", "VILLAGE", "RECEIVED", "HIGH", null, "2019-06-30T23:30+08:00");
        // just after the period in Shanghai, still 30 June in UTC: not counted
        dispute(D6, JIANGSHAN, "OTHER", "VILLAGE", "RESOLVED", "HIGH", null, "2019-07-01T00:30+08:00");
        // Pucheng's with Guangfeng only: Jiangshan may not see it, not even in a count
        dispute(D7, PUCHENG, "LAND_BOUNDARY", "VILLAGE", "RESOLVED", "HIGH", null, "2019-03-01T09:00+08:00", GUANGFENG);
        session(D7, PUCHENG, "2019-03-01T10:00+08:00", "HELD");
        UUID a7 = agreement(D7, PUCHENG, "2019-03-02");
        instalment(a7, 1, "2019-03-10", "9000.00", "100.00");
    }

    @Test
    void figuresOverWhatTheCallerSees() {
        JsonPath s = home("analyst")
                .queryParam("from", "2019-01-01")
                .queryParam("to", "2019-07-01")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(5, s.getInt("reported"));
        assertEquals(Map.of("RESOLVED", 2, "FAILED", 1, "AGREED", 1, "RECEIVED", 1), s.getMap("byStatus"));
        assertEquals(
                Map.of("LAND_BOUNDARY", 1, "NEIGHBOUR", 1, "LABOUR_WAGES", 1, "FAMILY", 1, "OTHER", 1),
                s.getMap("byKind"));
        assertEquals(Map.of("VILLAGE", 4, "TOWNSHIP", 1), s.getMap("byTier"));
        assertEquals(
                List.of(
                        Map.of("start", "2019-01-01", "reported", 1, "resolved", 1),
                        Map.of("start", "2019-02-01", "reported", 1, "resolved", 0),
                        Map.of("start", "2019-04-01", "reported", 1, "resolved", 0),
                        Map.of("start", "2019-05-01", "reported", 1, "resolved", 1),
                        Map.of("start", "2019-06-01", "reported", 1, "resolved", 0)),
                s.getList("buckets"));
        assertEquals(2, s.getInt("resolved"));
        assertEquals("40.0", s.getString("resolutionRate"));
        assertEquals(4, s.getInt("mediated"));
        assertEquals(3, s.getInt("agreed"));
        assertEquals("75.0", s.getString("mediationSuccessRate"));
        assertEquals("2.0", s.getString("medianDaysToFirstSession"));
        assertEquals("7.0", s.getString("medianDaysToAgreement"));
        assertEquals(Map.of(PUCHENG, 1, GUANGFENG, 1), s.getMap("resolvedByPartner"));
        assertEquals(3, s.getInt("instalments.total"));
        assertEquals(1, s.getInt("instalments.paid"));
        assertEquals(1, s.getInt("instalments.overdue"));
        assertEquals("1800.0", s.getString("instalments.amountPaid"));
        assertEquals("500.0", s.getString("instalments.amountOverdue"));
        assertEquals(3, s.getInt("highRisk"));
        // D1 (resolved, high risk) only: D4 was escalated, D5 is not resolved
        assertEquals(1, s.getInt("criminalPrevented"));
    }

    @Test
    void quartersAndAPartnersView() {
        JsonPath q = home("commander")
                .queryParam("from", "2019-01-01")
                .queryParam("to", "2019-07-01")
                .queryParam("bucket", "quarter")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of(
                        Map.of("start", "2019-01-01", "reported", 2, "resolved", 1),
                        Map.of("start", "2019-04-01", "reported", 3, "resolved", 1)),
                q.getList("buckets"));
        // a Pucheng analyst at Jiangshan's service: Jiangshan's own disputes Pucheng is involved in
        // (D1); Pucheng's own (D3, D7), held here as replicas, it counts at home
        JsonPath p = as(PUCHENG, "analyst")
                .queryParam("from", "2019-01-01")
                .queryParam("to", "2019-07-01")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(1, p.getInt("reported"));
        assertEquals(Map.of(JIANGSHAN, 1), p.getMap("resolvedByPartner"));
        // a period with nothing: no rates, no medians
        JsonPath empty = home("analyst")
                .queryParam("from", "2018-01-01")
                .queryParam("to", "2018-02-01")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(0, empty.getInt("reported"));
        assertNull(empty.get("resolutionRate"));
        assertNull(empty.get("medianDaysToAgreement"));
    }

    @Test
    void refusedAndBadInput() {
        String audited = "SELECT count(*) FROM federation.audit_log WHERE action = 'dispute.statistics'";
        long audit = Callers.count(db, audited);
        String q = "?from=2019-01-01&to=2019-07-01";
        RestAssured.given().when().get(PATH + q).then().statusCode(401).contentType("application/problem+json");
        RestAssured.given()
                .auth()
                .oauth2(new TestIssuer("330822")
                        .token(JIANGSHAN)
                        .roles("analyst")
                        .sign())
                .when()
                .get(PATH + q)
                .then()
                .statusCode(401);
        for (String role : List.of("mediator", "investigator", "integrator")) {
            home(role).when().get(PATH + q).then().statusCode(403).contentType("application/problem+json");
        }
        for (String bad : List.of(
                "",
                "?from=2019-01-01",
                "?to=2019-07-01",
                "?from=2019-07-01&to=2019-01-01",
                "?from=2019-01-01&to=2019-01-01",
                "?from=2019-13-01&to=2019-07-01",
                "?from=1800-01-01&to=2019-07-01",
                "?from=2019-01-01&to=2019-07-01&bucket=week",
                "?from=1990-01-01&to=2019-07-01")) {
            home("analyst").when().get(PATH + bad).then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(audit, Callers.count(db, audited), "refusals read nothing");
        home("analyst").when().get(PATH + q).then().statusCode(200);
        assertEquals(audit + 1, Callers.count(db, audited));
        assertEquals(
                1,
                Callers.count(
                        db,
                        audited
                                + " AND seq > (SELECT max(seq) - 1 FROM federation.audit_log WHERE action = 'dispute.statistics')"
                                + " AND detail = 'statistics from=2019-01-01 to=2019-07-01 bucket=month reported=5 resolved=2'"));
    }

    // --- the data set, as rows (our own disputes and partners' replicas share the table) ---

    void dispute(
            UUID id,
            String origin,
            String kind,
            String tier,
            String status,
            String risk,
            String failedTier,
            String reportedAt,
            String... partners)
            throws SQLException {
        OffsetDateTime at = OffsetDateTime.parse(reportedAt);
        exec(
                "INSERT INTO dispute (id, origin, channel, kind, status, title, description, reported_at, risk_level,"
                        + " consent, failed_tier, tier, tier_rule, version, created_at, updated_at, status_changed_at)"
                        + " VALUES (?, ?, 'PATROL', ?, ?, '统计纠纷', '统计用纠纷', ?, ?, true, ?, ?, 'VILLAGE_FIRST', 1, ?, ?, ?)",
                id,
                origin,
                kind,
                status,
                at,
                risk,
                failedTier,
                tier,
                at,
                at,
                at);
        exec("INSERT INTO dispute_jurisdiction (dispute_id, jurisdiction) VALUES (?, ?)", id, origin);
        for (String p : partners) {
            exec("INSERT INTO dispute_jurisdiction (dispute_id, jurisdiction) VALUES (?, ?)", id, p);
        }
    }

    void session(UUID dispute, String origin, String startsAt, String status) throws SQLException {
        OffsetDateTime at = OffsetDateTime.parse(startsAt);
        exec(
                "INSERT INTO mediation_session (id, dispute_id, dispute_origin, starts_at, ends_at, mode, mediator_ids,"
                        + " status, outcome, reason, version, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'ONLINE', '{}', ?, ?, ?, 1, ?, ?)",
                UUID.randomUUID(),
                dispute,
                origin,
                at,
                at.plusHours(2),
                status,
                status.equals("HELD") ? "AGREEMENT" : null,
                status.equals("CANCELLED") ? "改期" : null,
                at,
                at);
    }

    UUID agreement(UUID dispute, String origin, String effectiveOn) throws SQLException {
        UUID id = UUID.randomUUID();
        LocalDate on = LocalDate.parse(effectiveOn);
        OffsetDateTime now = OffsetDateTime.now();
        exec(
                "INSERT INTO agreement (id, dispute_id, origin, status, terms, total_amount, agreed_on, effective_on,"
                        + " document, document_sha256, version, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'SIGNED', '协议条款', 0, ?, ?, ?, ?, 1, ?, ?)",
                id,
                dispute,
                origin,
                on,
                on,
                new byte[] {1},
                "0".repeat(64),
                now,
                now);
        return id;
    }

    void instalment(UUID agreement, int number, String dueOn, String amount, String paid) throws SQLException {
        exec(
                "INSERT INTO agreement_instalment (id, agreement_id, number, due_on, amount, paid) VALUES (?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(),
                agreement,
                number,
                LocalDate.parse(dueOn),
                new java.math.BigDecimal(amount),
                new java.math.BigDecimal(paid));
    }

    void exec(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }
}
