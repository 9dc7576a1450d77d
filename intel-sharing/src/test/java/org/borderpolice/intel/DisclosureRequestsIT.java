package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
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

/** Disclosure requests: a hit opens a request that the owner approves (the alert is shared) or denies. */
class DisclosureRequestsIT extends FeatureIT {

    @Test
    void aHitLeadsToADisclosureRequestThatTheOwnerApprovesOrDenies() {
        String person = "110105194912310029".substring(0, 17);
        person = person + org.borderpolice.federation.validation.ResidentIdNumbers.checkCharacter(person);
        Map<String, Object> secret = alert("涉案线索待批复", "HIT_ONLY", PUCHENG);
        secret.put("subjects", List.of(Map.of("kind", "PERSON", "value", person)));
        String alertId = publishOk(secret);
        // a person of its own: many alerts of the shared federation name VALID_ID, and a check
        // answers at most 20 hits per identifier
        String other = "11010519500101003";
        other = other + org.borderpolice.federation.validation.ResidentIdNumbers.checkCharacter(other);
        Map<String, Object> deniedAlert = alert("不予披露线索", "HIT_ONLY", PUCHENG);
        deniedAlert.put("subjects", List.of(Map.of("kind", "PERSON", "value", other)));
        String denied = publishOk(deniedAlert);

        String puchengAnalyst = token(PUCHENG, PUCHENG, "analyst");
        String hitAlert = hitCheck(PUCHENG, puchengAnalyst, List.of(Map.of("kind", "PERSON", "value", person)))
                .then()
                .statusCode(200)
                .extract()
                .path("hits[0].alertId");
        assertEquals(alertId, hitAlert);
        String requestId = given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", alertId, "reason", "我局侦办盗窃案，嫌疑人身份证号与线索一致。"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(201)
                .body("status", equalTo("PENDING"))
                .extract()
                .path("id");
        // a disclosure request needs a hit of ours on that alert first
        hitCheck(PUCHENG, puchengAnalyst, List.of(Map.of("kind", "PERSON", "value", other)))
                .then()
                .statusCode(200)
                .body("hits.alertId", hasItem(denied));
        String otherRequest = given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", denied, "reason", "核实"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        String jiangshanCommander = token(JIANGSHAN, JIANGSHAN, "commander");
        Await.until(
                PATIENCE,
                () -> given().baseUri(url(JIANGSHAN))
                        .auth()
                        .oauth2(jiangshanCommander)
                        .get("/api/v1/alerts/disclosure-requests")
                        .jsonPath()
                        .getList("items.id")
                        .contains(otherRequest),
                () -> "requests arrive at the owner");
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(jiangshanCommander)
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + requestId + "' }.requester", equalTo(PUCHENG))
                .body("items.find { it.id == '" + requestId + "' }.status", equalTo("PENDING"))
                .body("items.find { it.id == '" + requestId + "' }.overdue", equalTo(false));

        // refused: a mediator, and the requester trying to answer its own request
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "mediator"))
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVED"))
                .when()
                .post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer")
                .then()
                .statusCode(403);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "commander"))
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVED"))
                .when()
                .post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer")
                .then()
                .statusCode(404);

        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(jiangshanCommander)
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVED", "reason", "同意，仅限本案使用"))
                .when()
                .post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer")
                .then()
                .statusCode(200)
                .body("status", equalTo("APPROVED"));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(jiangshanCommander)
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "DENIED"))
                .when()
                .post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer")
                .then()
                .statusCode(409);
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(jiangshanCommander)
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "DENIED", "reason", "线索尚未核实"))
                .when()
                .post("/api/v1/alerts/disclosure-requests/" + otherRequest + "/answer")
                .then()
                .statusCode(200)
                .body("status", equalTo("DENIED"));

        // approval shares the alert (still HIT_ONLY) with Pucheng; the denied one stays at Jiangshan
        Await.until(PATIENCE, () -> statusAt(PUCHENG, alertId, "analyst") == 200, () -> "approved alert at Pucheng");
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .when()
                .get("/api/v1/alerts/" + alertId)
                .then()
                .body("title", equalTo("涉案线索待批复"))
                .body("handling", equalTo("HIT_ONLY"));
        Await.until(
                PATIENCE,
                () -> "DENIED"
                        .equals(given().baseUri(url(PUCHENG))
                                .auth()
                                .oauth2(puchengAnalyst)
                                .get("/api/v1/alerts/disclosure-requests")
                                .jsonPath()
                                .getString("items.find { it.id == '" + otherRequest + "' }.status")),
                () -> "denial at Pucheng");
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .body("items.find { it.id == '" + requestId + "' }.status", equalTo("APPROVED"))
                .body("items.find { it.id == '" + requestId + "' }.answerReason", equalTo("同意，仅限本案使用"));
        assertEquals(0, rows(PUCHENG, denied));

        // bad requests store nothing
        long before = db(PUCHENG).count("SELECT count(*) FROM disclosure_request");
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .contentType(ContentType.JSON)
                .body(Map.of("owner", "110105", "alertId", alertId, "reason", "x"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(400);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(puchengAnalyst)
                .contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", alertId))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("reason"));
        assertEquals(before, db(PUCHENG).count("SELECT count(*) FROM disclosure_request"));
    }
}
