package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Publishing and replication: an alert reaches the partners of its distribution and no one else,
 * follows its updates, leaves with its revocation, and what is refused stores nothing.
 */
class AlertPublishingIT extends FeatureIT {

    Response publishWithKey(String token, String key, Map<String, Object> body) {
        return given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token)
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/alerts");
    }

    @Test
    void publishedAtJiangshanIsVisibleAtPuchengOnly() {
        String id = publishOk(alert("走私烟草车辆预警", "GENERAL", PUCHENG));
        awaitVisible(PUCHENG, id);
        String readsOfIt = "SELECT count(*) FROM federation.audit_log WHERE action = 'alert.read' AND record_id = ? "
                + "AND jurisdiction = ?";
        long readsBefore = db(PUCHENG).count(readsOfIt, id, PUCHENG);
        given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "investigator"))
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .body("origin", equalTo(JIANGSHAN))
                .body("title", equalTo("走私烟草车辆预警"))
                .body("issuingUnit", equalTo("坛石派出所"))
                .body("status", equalTo("ACTIVE"))
                .body("subjects.value", hasItem(VALID_ID));
        // the read is in Pucheng's audit log, and its chain holds
        assertEquals(readsBefore + 1, db(PUCHENG).count(readsOfIt, id, PUCHENG));
        // intact once a partner holds an anchor of Pucheng's chain (the first moments after a start)
        org.borderpolice.federation.testing.Await.until(
                org.borderpolice.federation.testing.Await.timer(
                        org.borderpolice.federation.testing.TestFederation.ANCHOR_EVERY, 10),
                () -> given().baseUri(url(PUCHENG))
                        .auth()
                        .oauth2(token(PUCHENG, PUCHENG, "commander"))
                        .when()
                        .get("/api/v1/audit/verify")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<Boolean>path("intact"),
                () -> "Pucheng's audit chain verified intact");
        // Guangfeng is not in the distribution: it never receives it, and cannot read it at Jiangshan either
        assertEquals(0, rows(GUANGFENG, id));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(GUANGFENG, JIANGSHAN, "analyst"))
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void updatesFollowAndRevokeRemovesAtPartners() {
        String id = publishOk(alert("失踪人员协查", "GENERAL", PUCHENG, GUANGFENG));
        awaitVisible(PUCHENG, id);
        awaitVisible(GUANGFENG, id);
        Set<String> hashesBefore = subjectHashes(JIANGSHAN, id);
        assertEquals(2, hashesBefore.size());
        assertEquals(hashesBefore, subjectHashes(PUCHENG, id));
        Map<String, Object> changed = alert("失踪人员协查（更新）", "GENERAL", PUCHENG);
        // the same person, another vehicle
        changed.put(
                "subjects",
                List.of(Map.of("kind", "PERSON", "value", VALID_ID), Map.of("kind", "VEHICLE", "value", "浙H54321")));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "commander"))
                .contentType(ContentType.JSON)
                .body(changed)
                .when()
                .put("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        Await.until(
                PATIENCE,
                () -> "失踪人员协查（更新）"
                        .equals(given().baseUri(url(PUCHENG))
                                .auth()
                                .oauth2(token(PUCHENG, PUCHENG, "analyst"))
                                .get("/api/v1/alerts/" + id)
                                .path("title")),
                () -> "version 2 at Pucheng");
        // the subjects' hashes follow the update at the origin and at the receiver: the old vehicle's is gone
        Set<String> hashesAfter = subjectHashes(JIANGSHAN, id);
        assertEquals(2, hashesAfter.size());
        assertEquals(1, hashesAfter.stream().filter(hashesBefore::contains).count(), "only the person's hash stays");
        assertEquals(hashesAfter, subjectHashes(PUCHENG, id));
        // Guangfeng was dropped from the distribution: it stops holding the alert
        Await.until(PATIENCE, () -> rows(GUANGFENG, id) == 0, () -> "dropped partner no longer holds it");

        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .when()
                .post("/api/v1/alerts/" + id + "/revoke")
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"));
        Await.until(PATIENCE, () -> statusAt(PUCHENG, id, "analyst") == 404, () -> "revoked alert gone at Pucheng");
        assertEquals(0, rows(PUCHENG, id));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(changed)
                .when()
                .put("/api/v1/alerts/" + id)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void anIdempotencyKeyCreatesOnce() throws Exception {
        String analyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        String key = "publish-" + java.util.UUID.randomUUID();
        Map<String, Object> body = alert("幂等发布测试", "GENERAL", PUCHENG);
        Response first = publishWithKey(analyst, key, body);
        first.then().statusCode(201).header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
        String id = first.path("id");
        // the client retries (say, its connection dropped before the answer)
        publishWithKey(analyst, key, body)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", org.hamcrest.Matchers.endsWith(id))
                .body("id", equalTo(id));
        // several retries at once still make one alert
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        String racingKey = "race-" + java.util.UUID.randomUUID();
        Map<String, Object> racing = alert("幂等并发测试", "GENERAL", PUCHENG);
        List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> publishWithKey(analyst, racingKey, racing)
                    .then()
                    .statusCode(201)
                    .extract()
                    .<String>path("id")));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var r : results) {
            ids.add(r.get());
        }
        pool.shutdown();
        assertEquals(1, ids.size(), "every racing retry answers with the same alert");
        assertEquals(1, db(JIANGSHAN).count("SELECT count(*) FROM alert WHERE title = ?", "幂等并发测试"));
        assertEquals(1, db(JIANGSHAN).count("SELECT count(*) FROM alert WHERE title = ?", "幂等发布测试"));

        // the same key with another request is refused and stores nothing
        Map<String, Object> other = alert("幂等键冲突测试", "GENERAL", PUCHENG);
        publishWithKey(analyst, key, other)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("idempotency-key-reused"));
        assertEquals(0, db(JIANGSHAN).count("SELECT count(*) FROM alert WHERE title = ?", "幂等键冲突测试"));
        // keys belong to their caller: another analyst's identical key is a new request
        String colleague = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("analyst")
                .subject("colleague")
                .unit("坛石派出所")
                .sign();
        String second = publishWithKey(colleague, key, body)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue())
                .extract()
                .path("id");
        assertFalse(second.equals(id));
        // a key that is not a key
        publishWithKey(analyst, "x".repeat(201), alert("幂等键过长测试", "GENERAL", PUCHENG))
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(0, db(JIANGSHAN).count("SELECT count(*) FROM alert WHERE title = ?", "幂等键过长测试"));
        // the partner got the alert once
        awaitVisible(PUCHENG, id);
        assertEquals(1, db(PUCHENG).count("SELECT count(*) FROM federation.inbox_event WHERE record_id = ?", id));
    }

    @Test
    void hitOnlyAlertsNeverLeaveTheOrigin() {
        String secret = publishOk(alert("仅比对线索", "HIT_ONLY", PUCHENG));
        assertEquals(0, db(JIANGSHAN).count("SELECT count(*) FROM federation.outbox WHERE record_id = ?", secret));
        // a later alert to the same partner arrives after anything sent before it
        String later = publishOk(alert("后续预警", "GENERAL", PUCHENG));
        awaitVisible(PUCHENG, later);
        assertEquals(0, rows(PUCHENG, secret));
        assertEquals(200, statusAt(JIANGSHAN, secret, "analyst"));
        assertEquals(404, statusAt(JIANGSHAN, secret, "investigator"));
    }

    @Test
    void handlingCodeLimitsWhoSeesItAtTheReceiver() {
        String id = publishOk(alert("机密预警", "CONFIDENTIAL", PUCHENG));
        awaitVisible(PUCHENG, id);
        assertEquals(404, statusAt(PUCHENG, id, "mediator"));
        assertEquals(404, statusAt(PUCHENG, id, "investigator"));
        assertEquals(200, statusAt(PUCHENG, id, "commander"));
        List<String> mediatorSees = given().baseUri(url(PUCHENG))
                .auth()
                .oauth2(token(PUCHENG, PUCHENG, "mediator"))
                .when()
                .get("/api/v1/alerts?limit=200")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
        assertFalse(mediatorSees.contains(id));
    }

    @Test
    void refusedCallsStoreNothing() {
        // what earlier tests queued has gone out: the outbox is empty, and stays so
        Await.until(
                PATIENCE,
                () -> db(JIANGSHAN).count("SELECT count(*) FROM federation.outbox") == 0,
                () -> "Jiangshan's outbox drained");
        long alerts = db(JIANGSHAN).count("SELECT count(*) FROM alert");
        long outbox = db(JIANGSHAN).count("SELECT count(*) FROM federation.outbox");
        Map<String, Object> good = alert("被拒绝的预警", "GENERAL", PUCHENG);

        given().baseUri(url(JIANGSHAN))
                .contentType(ContentType.JSON)
                .body(good)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        String untrusted =
                new TestIssuer("330822").token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(untrusted)
                .contentType(ContentType.JSON)
                .body(good)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(401);
        // a partner's analyst may not publish in Jiangshan's name
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(PUCHENG, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(good)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        // a mediator may read but not publish
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "mediator"))
                .contentType(ContentType.JSON)
                .body(good)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(403);
        // a peer service account is no user
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(PUCHENG, JIANGSHAN, "peer"))
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(403);

        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body("{\"title\": \"半个")
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");

        Map<String, Object> wrongCheck = new HashMap<>(good);
        wrongCheck.put("subjects", List.of(Map.of("kind", "PERSON", "value", "330881199001011237")));
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(wrongCheck)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("subjects[0].value"));

        Map<String, Object> oversized = new HashMap<>(good);
        oversized.put("title", "长".repeat(201));
        oversized.put("informationCredibility", 9);
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(oversized)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("title"))
                .body("errors.field", hasItem("informationCredibility"));

        Map<String, Object> badEnum = new HashMap<>(good);
        badEnum.put("severity", "PURPLE");
        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(badEnum)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("severity"));

        given().baseUri(url(JIANGSHAN))
                .auth()
                .oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON)
                .body(alert("未知伙伴", "GENERAL", "110105"))
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("distribution"));

        assertEquals(alerts, db(JIANGSHAN).count("SELECT count(*) FROM alert"));
        assertEquals(outbox, db(JIANGSHAN).count("SELECT count(*) FROM federation.outbox"));
    }
}
