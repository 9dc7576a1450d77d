package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.borderpolice.federation.proto.intel.v1.AlertProto;
import org.borderpolice.federation.testing.Await;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * Acknowledgements: receipts flow back to the origin, overdue partners are flagged, and a partner
 * acknowledges only what was sent to it.
 */
class AcknowledgementsIT extends FeatureIT {

    @Test
    void acknowledgementsFlowBackAndOverduePartnersAreFlagged() {
        Map<String, Object> red = alert("红色预警：持枪逃犯", "GENERAL", PUCHENG, GUANGFENG);
        red.put("severity", "RED");
        red.put("category", "WANTED_PERSON");
        String id = publishOk(red);
        awaitVisible(PUCHENG, id);
        String puchengAnalyst = token(PUCHENG, PUCHENG, "analyst");
        // the receiving side's own receipt (the console's 签收 with its countdown): due by publication
        // plus the RED deadline of Pucheng's own rule (the default 15 min; Jiangshan's is 3 s here), not
        // yet acknowledged; nothing of it for the origin or a partner's user
        var held = given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                java.time.OffsetDateTime.parse(held.getString("publishedAt"))
                        .toInstant()
                        .plus(java.time.Duration.ofMinutes(15)),
                java.time.OffsetDateTime.parse(held.getString("acknowledgementDeadline"))
                        .toInstant());
        assertEquals(null, held.getString("acknowledgedAt"));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .body("acknowledgementDeadline", equalTo(null));
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(JIANGSHAN, PUCHENG, "analyst"))
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .body("acknowledgementDeadline", equalTo(null));
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "已部署卡口查控"))
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(200)
                .body("partner", equalTo(PUCHENG))
                .body("alertOrigin", equalTo(JIANGSHAN));
        // idempotent
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(200);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .queryParam("limit", 200)
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + id + "' }.acknowledgedAt", org.hamcrest.Matchers.notNullValue())
                .body(
                        "items.find { it.id == '" + id + "' }.acknowledgementDeadline",
                        equalTo(held.getString("acknowledgementDeadline")));

        String jiangshanAnalyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        Await.until(
                PATIENCE,
                () -> given().baseUri(url(JIANGSHAN))
                                .auth()
                                .oauth2(jiangshanAnalyst)
                                .get("/api/v1/alerts/" + id + "/acknowledgements")
                                .jsonPath()
                                .getString("find { it.partner == '350722' }.acknowledgedAt")
                        != null,
                () -> "Pucheng's acknowledgement at Jiangshan");
        Await.until(
                PATIENCE,
                () -> given().baseUri(url(JIANGSHAN))
                        .auth()
                        .oauth2(jiangshanAnalyst)
                        .get("/api/v1/alerts/" + id + "/acknowledgements")
                        .jsonPath()
                        .getBoolean("find { it.partner == '361103' }.overdue"),
                () -> "Guangfeng overdue after 3 s");
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(jiangshanAnalyst)
                .when()
                .get("/api/v1/alerts/" + id + "/acknowledgements")
                .then()
                .statusCode(200)
                .body("find { it.partner == '350722' }.overdue", equalTo(false))
                .body("find { it.partner == '350722' }.note", equalTo("已部署卡口查控"))
                .body("find { it.partner == '361103' }.required", equalTo(true));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(jiangshanAnalyst)
                .when()
                .get("/api/v1/alerts/overdue")
                .then()
                .statusCode(200)
                .body("find { it.alertId == '" + id + "' }.partnersOverdue", equalTo(List.of(GUANGFENG)));
        assertEquals(1, db(JIANGSHAN).count("SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid", id));

        // refused: own alert, missing role, partner reading our receipts, not distributed to the caller
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(jiangshanAnalyst)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(409);
        given().baseUri(url(GUANGFENG))
                .auth()
                .oauth2(token(GUANGFENG, GUANGFENG, "mediator"))
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + id + "/acknowledgement")
                .then()
                .statusCode(403);
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(PUCHENG, JIANGSHAN, "analyst"))
                .when()
                .get("/api/v1/alerts/" + id + "/acknowledgements")
                .then()
                .statusCode(403);
        String onlyPucheng = publishOk(alert("仅浦城", "GENERAL", PUCHENG));
        given().baseUri(url(GUANGFENG))
                .auth()
                .oauth2(token(GUANGFENG, GUANGFENG, "analyst"))
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + onlyPucheng + "/acknowledgement")
                .then()
                .statusCode(404);
    }

    @Test
    void aPartnerCannotAcknowledgeWhatWasNotSentToIt() {
        String onlyPucheng = publishOk(alert("不发广丰", "GENERAL", PUCHENG));
        var forged = AlertProto.Acknowledgement.newBuilder()
                .setAlertId(onlyPucheng)
                .setAlertOrigin(JIANGSHAN)
                .setPartner(GUANGFENG)
                .setAcknowledgedBy("x")
                .setAcknowledgedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1))
                .build();
        var event = org.borderpolice.federation.proto.replication.v1.ReplicationEvent.newBuilder()
                .setEventId(java.util.UUID.randomUUID().toString())
                .setOrigin(GUANGFENG)
                .setRecordType("intel.acknowledgement")
                .setRecordId(onlyPucheng + ":" + GUANGFENG)
                .setVersion(1)
                .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1))
                .addDistribution(JIANGSHAN)
                .addDistribution(GUANGFENG)
                .setPayload(com.google.protobuf.Any.pack(forged))
                .build();
        String peer =
                federation.issuer(GUANGFENG).token(JIANGSHAN).roles("peer").sign();
        try (var client = new org.borderpolice.federation.testing.ReplicationClient(
                processes.get(JIANGSHAN).httpPort())) {
            assertEquals(
                    org.borderpolice.federation.proto.replication.v1.Outcome.REJECTED,
                    client.deliver(peer, event).getResults(0).getOutcome());
        }
        assertEquals(
                0,
                db(JIANGSHAN)
                        .count("SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid", onlyPucheng));
    }
}
