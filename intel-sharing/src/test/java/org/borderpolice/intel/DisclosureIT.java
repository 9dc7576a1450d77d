package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.ThreeJurisdictions.PATIENCE;
import static org.borderpolice.intel.ThreeJurisdictions.alert;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Disclosure requests after a hit (披露申请): an approval shares the alert with the requester and
 * nobody else; requests are seen by the requester's side and by the owner's analysts and
 * commanders; only the owner's analysts and commanders answer; lists page; all of it audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisclosureIT {

    ThreeJurisdictions j;

    @BeforeAll
    void start() {
        j = new ThreeJurisdictions(Map.of());
    }

    @AfterAll
    void stop() {
        j.close();
    }

    /** A HIT_ONLY alert of Jiangshan with this phone as its subject, nominally for every partner. */
    String secret(String title, String phone) {
        Map<String, Object> body = alert(title, "HIT_ONLY", "ALL");
        body.put("subjects", List.of(Map.of("kind", "PHONE", "value", phone)));
        return j.publish(body);
    }

    /** {@code code}'s analyst finds the alert by a hit and asks Jiangshan for it; the request's id. */
    String request(String code, String alertId, String phone) {
        j.home(code, "analyst").contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", phone))))
                .when().post("/api/v1/alerts/hit-checks").then().statusCode(200)
                .body("hits.alertId", hasItem(alertId));
        String id = j.home(code, "analyst").contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", alertId, "reason", "我局侦办案件需要"))
                .when().post("/api/v1/alerts/disclosure-requests").then().statusCode(201).extract().path("id");
        j.awaitRow(JIANGSHAN, "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid", id);
        return id;
    }

    void answer(String requestId, String decision) {
        j.home(JIANGSHAN, "commander").contentType(ContentType.JSON).body(Map.of("decision", decision))
                .when().post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer")
                .then().statusCode(200).body("status", equalTo(decision));
    }

    JsonPath view(String code, String at, String id) {
        return j.as(code, at, "analyst").when().get("/api/v1/alerts/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void approvalSharesAHitOnlyAlertWithTheRequesterOnly() {
        String phone = "13955510001";
        String id = secret("仅比对：走私团伙联络电话", phone);
        // a HIT_ONLY alert has no nominal distribution
        assertEquals(List.of(), view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));

        answer(request(PUCHENG, id, phone), "APPROVED");
        j.awaitVisible(PUCHENG, id);
        JsonPath atPucheng = view(PUCHENG, PUCHENG, id);
        assertEquals("CONFIDENTIAL", atPucheng.getString("handling"));
        assertEquals(List.of(PUCHENG), atPucheng.getList("distribution"));
        assertEquals(List.of(PUCHENG), view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));

        // Guangfeng sees nothing: not at home (everything sent to it before has arrived), not at the origin
        j.drainedTo(GUANGFENG);
        assertEquals(0, j.alertRows(GUANGFENG, id));
        j.as(GUANGFENG, JIANGSHAN, "analyst").when().get("/api/v1/alerts/" + id).then().statusCode(404);
        j.as(GUANGFENG, JIANGSHAN, "analyst").queryParam("limit", 200).when().get("/api/v1/alerts")
                .then().statusCode(200).body("items.id", not(hasItem(id)));

        // Guangfeng's own approved request adds Guangfeng, and Pucheng keeps the alert
        answer(request(GUANGFENG, id, phone), "APPROVED");
        j.awaitVisible(GUANGFENG, id);
        assertEquals(List.of(PUCHENG, GUANGFENG), view(GUANGFENG, GUANGFENG, id).getList("distribution"));
        Await.until(PATIENCE, () -> view(PUCHENG, PUCHENG, id).getList("distribution").size() == 2,
                () -> "the new distribution at Pucheng");
    }

    @Test
    void aRequestTheOwnerRefusesOnDeliveryIsClosedAsRefused() {
        String phone = "13955510009";
        String id = secret("仅比对：已撤销线索", phone);
        j.home(PUCHENG, "analyst").contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", phone))))
                .when().post("/api/v1/alerts/hit-checks").then().statusCode(200).body("hits.alertId", hasItem(id));
        // the owner revokes the alert before Pucheng's request reaches it
        j.home(JIANGSHAN, "analyst").when().post("/api/v1/alerts/" + id + "/revoke").then().statusCode(200);
        String requestId = j.home(PUCHENG, "analyst").contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", id, "reason", "我局侦办案件需要"))
                .when().post("/api/v1/alerts/disclosure-requests").then().statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("id");

        Await.until(PATIENCE, () -> j.db(PUCHENG).count("SELECT count(*) FROM disclosure_request "
                + "WHERE id = ?::uuid AND status = 'REFUSED'", requestId) == 1, () -> "the request closed as refused");
        JsonPath listed = j.home(PUCHENG, "analyst").when().get("/api/v1/alerts/disclosure-requests").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("REFUSED", listed.getString("items.find { it.id == '" + requestId + "' }.status"));
        assertFalse(listed.getBoolean("items.find { it.id == '" + requestId + "' }.overdue"));
        assertTrue(listed.getString("items.find { it.id == '" + requestId + "' }.answerReason").contains("revoked"));
        assertEquals(0, j.db(JIANGSHAN).count("SELECT count(*) FROM disclosure_request WHERE id = ?::uuid", requestId));
        assertTrue(j.auditRows(PUCHENG, "disclosure.refused") >= 1);
    }

    @Test
    void theOwnerTakesRequestsOnlyForAlertsTheRequesterHit() {
        String id = secret("仅比对：未被比中的线索", "13955510010");
        var forged = org.borderpolice.federation.proto.intel.v1.DisclosureRequest.newBuilder()
                .setId(java.util.UUID.randomUUID().toString()).setRequester(GUANGFENG).setOwner(JIANGSHAN)
                .setAlertId(id).setReason("猜测的编号").setRequestedBy("officer-361103")
                .setRequestedAt(ThreeJurisdictions.now())
                .setDeadline(ThreeJurisdictions.at(java.time.Instant.now().plusSeconds(3600))).build();
        var event = ThreeJurisdictions.upsert(GUANGFENG, "intel.disclosure-request", forged.getId(), 1,
                List.of(GUANGFENG, JIANGSHAN), forged);
        var result = j.deliver(GUANGFENG, JIANGSHAN, event).getResults(0);
        assertEquals(org.borderpolice.federation.proto.replication.v1.Outcome.REJECTED, result.getOutcome());
        assertTrue(result.getReason().contains("hit"), result.getReason());
        assertEquals(0, j.db(JIANGSHAN).count("SELECT count(*) FROM disclosure_request WHERE id = ?::uuid",
                forged.getId()));
    }

    @Test
    void aDeniedRequestSharesNothing() {
        String phone = "13955510002";
        String id = secret("仅比对：不予披露", phone);
        String requestId = request(PUCHENG, id, phone);
        answer(requestId, "DENIED");
        Await.until(PATIENCE, () -> j.db(PUCHENG).count("SELECT count(*) FROM disclosure_request "
                + "WHERE id = ?::uuid AND status = 'DENIED'", requestId) == 1, () -> "denial at Pucheng");
        j.drainedTo(PUCHENG);
        assertEquals(0, j.alertRows(PUCHENG, id));
        assertEquals(List.of(), view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));
    }

    List<String> requestIds(String code, String at, String... roles) {
        return j.as(code, at, roles).queryParam("limit", 200).when().get("/api/v1/alerts/disclosure-requests")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
    }

    @Test
    void requestsAreSeenByTheRequestersSideAndTheOwnersAnalystsAndCommandersOnly() {
        String phone = "13955510003";
        String id = secret("仅比对：谁能看到申请", phone);
        String requestId = request(PUCHENG, id, phone);
        // the owner's analysts and commanders see requests addressed to it; its investigators do not
        assertTrue(requestIds(JIANGSHAN, JIANGSHAN, "analyst").contains(requestId));
        assertTrue(requestIds(JIANGSHAN, JIANGSHAN, "commander").contains(requestId));
        assertFalse(requestIds(JIANGSHAN, JIANGSHAN, "investigator").contains(requestId));
        // the requester's side sees its own requests
        assertTrue(requestIds(PUCHENG, PUCHENG, "investigator").contains(requestId));
        assertTrue(requestIds(PUCHENG, PUCHENG, "commander").contains(requestId));
        // a third partner sees nothing of them, not even at home
        assertFalse(requestIds(GUANGFENG, GUANGFENG, "analyst").contains(requestId));
        assertEquals(0, j.db(GUANGFENG).count("SELECT count(*) FROM disclosure_request WHERE id = ?::uuid", requestId));
        // refused: a mediator, a partner's user at the owner, no token
        j.home(JIANGSHAN, "mediator").when().get("/api/v1/alerts/disclosure-requests").then().statusCode(403)
                .contentType("application/problem+json");
        j.as(PUCHENG, JIANGSHAN, "analyst").when().get("/api/v1/alerts/disclosure-requests").then().statusCode(403);
        given().baseUri(j.url(JIANGSHAN)).when().get("/api/v1/alerts/disclosure-requests").then().statusCode(401);
    }

    @Test
    void theDisclosureListPagesWithACursor() {
        String phone = "13955510004";
        String id = secret("仅比对：分页", phone);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(request(GUANGFENG, id, phone));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = j.home(GUANGFENG, "analyst").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/alerts/disclosure-requests").then().statusCode(200)
                    .extract().jsonPath();
            List<String> items = page.getList("items.id");
            assertTrue(items.size() <= 2);
            assertTrue(items.stream().noneMatch(seen::contains), "pages do not overlap");
            seen.addAll(items);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 20);
        assertNull(cursor);
        assertTrue(seen.containsAll(made), seen::toString);
        // newest first: the last made is on the first page
        assertEquals(made.get(2), seen.get(0));
        j.home(GUANGFENG, "analyst").queryParam("limit", 201).when().get("/api/v1/alerts/disclosure-requests")
                .then().statusCode(400).contentType("application/problem+json");
        j.home(GUANGFENG, "analyst").queryParam("cursor", "garbage").when().get("/api/v1/alerts/disclosure-requests")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyTheOwnersAnalystsAndCommandersAnswerAndRefusalsStoreNothing() {
        String phone = "13955510005";
        String id = secret("仅比对：拒绝批复", phone);
        String requestId = request(PUCHENG, id, phone);
        String path = "/api/v1/alerts/disclosure-requests/" + requestId + "/answer";
        Map<String, String> approve = Map.of("decision", "APPROVED");
        long answers = j.auditRows(JIANGSHAN, "disclosure.approved");

        given().baseUri(j.url(JIANGSHAN)).contentType(ContentType.JSON).body(approve).when().post(path)
                .then().statusCode(401).contentType("application/problem+json");
        String untrusted = new TestIssuer("330822").token(JIANGSHAN).roles("commander").sign();
        given().baseUri(j.url(JIANGSHAN)).auth().oauth2(untrusted).contentType(ContentType.JSON).body(approve)
                .when().post(path).then().statusCode(401);
        // the requester's commander at the owner: another jurisdiction
        j.as(PUCHENG, JIANGSHAN, "commander").contentType(ContentType.JSON).body(approve).when().post(path)
                .then().statusCode(403).contentType("application/problem+json");
        j.home(JIANGSHAN, "investigator").contentType(ContentType.JSON).body(approve).when().post(path)
                .then().statusCode(403);
        // the requester's commander at home: not the owner
        j.home(PUCHENG, "commander").contentType(ContentType.JSON).body(approve).when().post(path)
                .then().statusCode(404).contentType("application/problem+json");

        assertEquals(1, j.db(JIANGSHAN).count("SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                + "AND status = 'PENDING'", requestId));
        assertEquals(1, j.db(PUCHENG).count("SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                + "AND status = 'PENDING'", requestId));
        assertEquals(List.of(), view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));
        assertEquals(answers, j.auditRows(JIANGSHAN, "disclosure.approved"));
        // nothing was sent to Pucheng: what Jiangshan sends it now arrives after anything queued before
        j.drainedTo(PUCHENG);
        assertEquals(0, j.alertRows(PUCHENG, id));
        assertEquals(1, j.db(PUCHENG).count("SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                + "AND status = 'PENDING'", requestId));
    }

    @Test
    void requestsAnswersAndListsAreAudited() {
        String phone = "13955510006";
        String id = secret("仅比对：审计", phone);
        long requested = j.auditRows(PUCHENG, "disclosure.requested");
        String requestId = request(PUCHENG, id, phone);
        assertEquals(requested + 1, j.auditRows(PUCHENG, "disclosure.requested"));
        assertEquals(1, j.db(PUCHENG).count("SELECT count(*) FROM federation.audit_log WHERE action = "
                + "'disclosure.requested' AND record_id = ? AND detail LIKE ?", id, "%" + requestId + "%"));
        long approved = j.auditRows(JIANGSHAN, "disclosure.approved");
        answer(requestId, "APPROVED");
        assertEquals(approved + 1, j.auditRows(JIANGSHAN, "disclosure.approved"));
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            long lists = j.auditRows(code, "disclosure.list");
            requestIds(code, code, "analyst");
            assertEquals(lists + 1, j.auditRows(code, "disclosure.list"));
        }
    }
}
