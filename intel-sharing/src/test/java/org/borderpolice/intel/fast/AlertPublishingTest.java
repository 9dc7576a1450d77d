package org.borderpolice.intel.fast;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.fast.Callers.alert;
import static org.borderpolice.intel.fast.Callers.as;
import static org.borderpolice.intel.fast.Callers.home;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Publishing, updating and revoking at the origin, and who may: the service's rules in one JVM
 * on the embedded PostgreSQL (replication to partners is the ITs').
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "intel-sharing"),
            @ResourceArg(name = "categories", value = "intel")
        })
class AlertPublishingTest {

    @Inject
    AgroalDataSource db;

    long alertsTitled(String title) {
        return Rows.count(db, "SELECT count(*) FROM alert WHERE title = ?", title);
    }

    @Test
    void anAnalystPublishesAndTheAlertIsQueuedForItsDistributionOnly() {
        String id = home("analyst")
                .contentType(ContentType.JSON)
                .body(alert("发布规则测试", PUCHENG))
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .body("origin", equalTo(JIANGSHAN))
                .body("version", equalTo(1))
                .body("status", equalTo("ACTIVE"))
                .body("issuingUnit", equalTo("坛石派出所"))
                .body("subjects.value", hasItem(Callers.VALID_ID))
                .extract()
                .path("id");
        home("investigator")
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .body("title", equalTo("发布规则测试"));
        // one change for Pucheng, none for Guangfeng (not in the distribution)
        assertEquals(
                1,
                Rows.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_id = ? AND destination = ?",
                        id,
                        PUCHENG));
        assertEquals(
                0,
                Rows.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_id = ? AND destination = ?",
                        id,
                        GUANGFENG));
        // a partner's user may not read it here
        as(GUANGFENG, "analyst").when().get("/api/v1/alerts/" + id).then().statusCode(404);
    }

    @Test
    void aDistributionBeyondThePartnersIsRefusedAndNothingStored() {
        // 常山 (330822) is a valid code but no partner of Jiangshan
        home("analyst")
                .contentType(ContentType.JSON)
                .body(alert("越界分发", PUCHENG, "330822"))
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("distribution")));
        home("analyst")
                .contentType(ContentType.JSON)
                .body(alert("非法代码分发", "999999"))
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(0, alertsTitled("越界分发"));
        assertEquals(0, alertsTitled("非法代码分发"));
    }

    @Test
    void onlyAnalystsAndCommandersOfThisJurisdictionPublish() {
        Map<String, Object> body = alert("无权发布", PUCHENG);
        io.restassured.RestAssured.given()
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(401);
        home("investigator")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        as(PUCHENG, "analyst")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(403);
        assertEquals(0, alertsTitled("无权发布"));
    }

    /**
     * An end of validity before the start the alert takes (now when none is given, the stored one
     * on an update) is refused and stores nothing: partners would refuse such an alert.
     */
    @Test
    void anEndOfValidityBeforeItsStartIsRefusedAndNothingStored() {
        Map<String, Object> ended = alert("已过期的预警", PUCHENG);
        ended.put("validUntil", "2026-01-01T00:00:00+08:00");
        home("analyst")
                .contentType(ContentType.JSON)
                .body(ended)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(0, alertsTitled("已过期的预警"));

        Map<String, Object> body = alert("有效期更新测试", PUCHENG);
        body.put("validFrom", "2030-01-01T00:00:00+08:00");
        String id = Callers.publish(body);
        Map<String, Object> update = alert("有效期更新测试", PUCHENG);
        update.put("validUntil", "2029-12-31T00:00:00+08:00");
        home("analyst")
                .contentType(ContentType.JSON)
                .body(update)
                .when()
                .put("/api/v1/alerts/" + id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        home("analyst")
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(1));
        assertEquals(1, Rows.count(db, "SELECT count(*) FROM federation.outbox WHERE record_id = ?", id));
    }

    @Test
    void anUpdateRaisesTheVersionAndARevokedAlertTakesNoMoreChanges() {
        String id = home("analyst")
                .contentType(ContentType.JSON)
                .body(alert("撤销规则测试", PUCHENG, GUANGFENG))
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Map<String, Object> changed = alert("撤销规则测试（更新）", PUCHENG);
        home("commander")
                .contentType(ContentType.JSON)
                .body(changed)
                .when()
                .put("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("distribution", equalTo(List.of(PUCHENG)));
        // Guangfeng, dropped from the distribution, is sent a tombstone
        assertEquals(
                1,
                Rows.count(
                        db,
                        "SELECT count(*) FROM federation.outbox WHERE record_id = ? AND destination = ? "
                                + "AND tombstone",
                        id,
                        GUANGFENG));

        home("analyst")
                .when()
                .post("/api/v1/alerts/" + id + "/revoke")
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"));
        home("analyst")
                .contentType(ContentType.JSON)
                .body(changed)
                .when()
                .put("/api/v1/alerts/" + id)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        home("analyst")
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"))
                .body("title", equalTo("撤销规则测试（更新）"));
        // an investigator may not revoke; nobody revokes what does not exist
        home("investigator")
                .when()
                .post("/api/v1/alerts/" + id + "/revoke")
                .then()
                .statusCode(403);
        home("analyst")
                .when()
                .post("/api/v1/alerts/" + java.util.UUID.randomUUID() + "/revoke")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
