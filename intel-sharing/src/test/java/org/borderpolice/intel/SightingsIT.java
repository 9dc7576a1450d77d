package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.Await;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/** Sightings and feedback flow back to the publisher; contributions and follow-ups refuse strangers. */
class SightingsIT extends FeatureIT {

    @Test
    void sightingsFlowBackToThePublisher() {
        String id = publishOk(alert("嫌疑车辆布控", "GENERAL", PUCHENG, GUANGFENG));
        awaitVisible(PUCHENG, id);
        awaitVisible(GUANGFENG, id);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "investigator"))
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "SIGHTING", "place", "205国道廿八都检查站", "description", "目标车辆14时05分经过卡口，向浦城方向行驶。"))
                .when()
                .post("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(201)
                .body("partner", equalTo(PUCHENG))
                .body("kind", equalTo("SIGHTING"));
        String feedbackKey = "feedback-" + id;
        String feedbackId = given().baseUri(url(GUANGFENG))
                .auth()
                .oauth2(token(GUANGFENG, GUANGFENG, "analyst"))
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", feedbackKey)
                .body(Map.of("kind", "FEEDBACK", "description", "辖区内未发现目标。"))
                .when()
                .post("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().baseUri(url(GUANGFENG))
                .auth()
                .oauth2(token(GUANGFENG, GUANGFENG, "analyst"))
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", feedbackKey)
                .body(Map.of("kind", "FEEDBACK", "description", "辖区内未发现目标。"))
                .when()
                .post("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(feedbackId));
        assertEquals(
                1,
                db(GUANGFENG).count("SELECT count(*) FROM alert_sighting WHERE alert_id = ?::uuid", id),
                "a retried report with its idempotency key is stored once");

        String jiangshanAnalyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        Await.until(
                PATIENCE,
                () -> given().baseUri(url(JIANGSHAN))
                                .auth()
                                .oauth2(jiangshanAnalyst)
                                .get("/api/v1/alerts/" + id + "/sightings")
                                .jsonPath()
                                .getList("items.partner")
                                .size()
                        == 2,
                () -> "both reports at Jiangshan");
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(jiangshanAnalyst)
                .when()
                .get("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(200)
                .body("items.find { it.partner == '350722' }.place", equalTo("205国道廿八都检查站"))
                .body("items.find { it.partner == '361103' }.kind", equalTo("FEEDBACK"));
        // a partner sees its own reports only
        given().baseUri(url(GUANGFENG))
                .auth()
                .oauth2(token(GUANGFENG, GUANGFENG, "analyst"))
                .when()
                .get("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(200)
                .body("items.partner", equalTo(List.of(GUANGFENG)));
        // refused: bad input, wrong role, own alert
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "investigator"))
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "SIGHTING", "description", " ", "observedAt", "2999-01-01T00:00:00+08:00"))
                .when()
                .post("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("description"))
                .body("errors.field", hasItem("observedAt"));
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "mediator"))
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "FEEDBACK", "description", "x"))
                .when()
                .post("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(403);
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(jiangshanAnalyst)
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "FEEDBACK", "description", "x"))
                .when()
                .post("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(409);
        assertEquals(2, db(JIANGSHAN).count("SELECT count(*) FROM alert_sighting WHERE alert_id = ?::uuid", id));
    }

    @Test
    void contributionAndFollowUpEndpointsRefuseStrangers() {
        String id = publishOk(alert("拒绝陌生人", "GENERAL", PUCHENG));
        awaitVisible(PUCHENG, id);
        // no token
        given().baseUri(url(PUCHENG))
                .when()
                .get("/api/v1/alerts/overdue")
                .then()
                .statusCode(401);
        given().baseUri(url(PUCHENG))
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(401);
        given().baseUri(url(PUCHENG))
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "FEEDBACK", "description", "x"))
                .when()
                .post("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(401);
        given().baseUri(url(PUCHENG))
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(401);
        // a user of another jurisdiction (trusted issuer, right audience) at Pucheng's service
        String foreign = token(JIANGSHAN, PUCHENG, "analyst", "commander");
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(foreign)
                .when()
                .get("/api/v1/alerts/overdue")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(foreign)
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(403);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(foreign)
                .contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", id, "reason", "x"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(403);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(foreign)
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "FEEDBACK", "description", "x"))
                .when()
                .post("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(403);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(foreign)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(403);
        // nothing was stored at Pucheng by the refused calls
        assertEquals(0, db(PUCHENG).count("SELECT count(*) FROM alert_sighting WHERE alert_id = ?::uuid", id));
        assertEquals(0, db(PUCHENG).count("SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid", id));
    }
}
