package org.borderpolice.intel.fast;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.fast.Callers.alert;
import static org.borderpolice.intel.fast.Callers.as;
import static org.borderpolice.intel.fast.Callers.home;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * 预警统计 The alerts of a period (the weekly bulletin's first section): counted by the visibility
 * rule of every alert read, refused to callers without the role, bad periods refused, audited.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "intel-sharing"),
            @ResourceArg(name = "categories", value = "intel")
        })
class AlertStatisticsTest {

    static final String STATISTICS = "/api/v1/alerts/statistics";

    @Inject
    AgroalDataSource db;

    /** Today and tomorrow in the service's calendar: the alerts published now. */
    static Map<String, Object> today() {
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        return Map.of("from", day.toString(), "to", day.plusDays(2).toString());
    }

    static Map<String, Integer> bySeverity(RequestSpecification caller) {
        return caller.queryParams(today())
                .when()
                .get(STATISTICS)
                .then()
                .statusCode(200)
                .extract()
                .path("bySeverity");
    }

    static String publish(String severity, String... distribution) {
        Map<String, Object> body = alert("统计测试" + severity, distribution);
        body.put("severity", severity);
        return Callers.publish(body);
    }

    static void assertAdded(Map<String, Integer> before, Map<String, Integer> after, Map<String, Integer> added) {
        for (String severity : List.of("RED", "ORANGE", "YELLOW", "BLUE")) {
            assertEquals(
                    before.get(severity) + added.getOrDefault(severity, 0),
                    after.get(severity),
                    () -> severity + ": " + before + " → " + after);
        }
    }

    @Test
    void newAlertsAreCountedPerSeverityAsEachCallerMaySeeThem() {
        Map<String, Integer> home = bySeverity(home("analyst"));
        Map<String, Integer> pucheng = bySeverity(as(PUCHENG, "analyst"));
        Map<String, Integer> guangfeng = bySeverity(as(GUANGFENG, "commander"));
        publish("RED", PUCHENG);
        publish("BLUE", PUCHENG);
        publish("BLUE", GUANGFENG);
        String revoked = publish("YELLOW", PUCHENG);
        home("analyst")
                .when()
                .post("/api/v1/alerts/" + revoked + "/revoke")
                .then()
                .statusCode(200);
        // the origin's users see their revoked alert, partners no longer
        assertAdded(home, bySeverity(home("analyst")), Map.of("RED", 1, "BLUE", 2, "YELLOW", 1));
        assertAdded(pucheng, bySeverity(as(PUCHENG, "analyst")), Map.of("RED", 1, "BLUE", 1));
        assertAdded(guangfeng, bySeverity(as(GUANGFENG, "commander")), Map.of("BLUE", 1));
        home("commander")
                .queryParams(today())
                .when()
                .get(STATISTICS)
                .then()
                .statusCode(200)
                .body("period.timeZone", equalTo("Asia/Shanghai"))
                .body("period.from", equalTo(today().get("from")));
        // Guangfeng's two reads, each audited (no other test reads statistics as Guangfeng)
        assertEquals(
                2,
                Rows.count(
                        db,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'alert.statistics' "
                                + "AND jurisdiction = ?",
                        GUANGFENG));
    }

    @Test
    void aPeriodWithoutAlertsListsEverySeverityAtZero() {
        home("analyst")
                .queryParam("from", "1990-01-01")
                .queryParam("to", "1990-01-08")
                .when()
                .get(STATISTICS)
                .then()
                .statusCode(200)
                .body("published", equalTo(0))
                .body("bySeverity.RED", equalTo(0))
                .body("bySeverity.BLUE", equalTo(0))
                .body("byOrigin.size()", equalTo(0));
    }

    @Test
    void callersWithoutTheRoleOrAValidTokenAreRefused() {
        given().queryParams(today()).when().get(STATISTICS).then().statusCode(401);
        given().auth()
                .oauth2(new TestIssuer("330822").token(SELF).roles("analyst").sign())
                .queryParams(today())
                .when()
                .get(STATISTICS)
                .then()
                .statusCode(401);
        for (String role : List.of("investigator", "mediator", "integrator", "peer")) {
            home(role)
                    .queryParams(today())
                    .when()
                    .get(STATISTICS)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        as(PUCHENG, "investigator")
                .queryParams(today())
                .when()
                .get(STATISTICS)
                .then()
                .statusCode(403);
    }

    @Test
    void aBadPeriodIsRefusedAsProblemJson() {
        List<Map<String, String>> bad = List.of(
                Map.of("to", "2026-11-30"),
                Map.of("from", "2026-11-23"),
                Map.of("from", "2026-W48", "to", "2026-11-30"),
                Map.of("from", "2026-11-30", "to", "2026-11-23"),
                Map.of("from", "2026-11-23", "to", "2026-11-23"),
                Map.of("from", "1800-01-01", "to", "1800-01-08"),
                Map.of("from", "2000-01-01", "to", "2026-11-30"));
        for (Map<String, String> period : bad) {
            home("analyst")
                    .queryParams(period)
                    .when()
                    .get(STATISTICS)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }
}
