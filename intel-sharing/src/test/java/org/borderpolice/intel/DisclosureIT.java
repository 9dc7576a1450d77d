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

import org.borderpolice.federation.proto.intel.v1.AlertProto;
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
        // Guangfeng still takes partners' legacy record ids (random UUIDs of before RecordIds); Pucheng does not
        j = new ThreeJurisdictions(
                Map.of("intel.acknowledgement.red", "2s"),
                Map.of("border.federation.record-ids.legacy-accepted-until", "2199-01-01T00:00:00Z"));
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
        j.home(code, "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", phone))))
                .when()
                .post("/api/v1/alerts/hit-checks")
                .then()
                .statusCode(200)
                .body("hits.alertId", hasItem(alertId));
        return file(code, alertId);
    }

    /** A disclosure request of {@code code}'s analyst for an alert its check hit; returns its id. */
    String file(String code, String alertId) {
        String id = j.home(code, "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", alertId, "reason", "我局侦办案件需要"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        j.awaitRow(JIANGSHAN, "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid", id);
        return id;
    }

    void answer(String requestId, String decision) {
        j.home(JIANGSHAN, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", decision))
                .when()
                .post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer")
                .then()
                .statusCode(200)
                .body("status", equalTo(decision));
    }

    JsonPath view(String code, String at, String id) {
        return j.as(code, at, "analyst")
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    List<String> hitsOf(String code, String subject, String role, String phone) {
        return j.user(code, subject, role)
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", phone))))
                .when()
                .post("/api/v1/alerts/hit-checks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("hits.alertId");
    }

    @Test
    void approvalSharesAHitOnlyAlertWithTheRequesterOnlyAndItStaysHitOnly() {
        String phone = "13955510001";
        String id = secret("仅比对：走私团伙联络电话", phone);
        // a HIT_ONLY alert has no nominal distribution
        assertEquals(List.of(), view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));

        answer(request(PUCHENG, id, phone), "APPROVED");
        j.awaitVisible(PUCHENG, id);
        JsonPath atPucheng = view(PUCHENG, PUCHENG, id);
        // still HIT_ONLY: Pucheng's analysts and commanders read it, its investigators do not
        assertEquals("HIT_ONLY", atPucheng.getString("handling"));
        assertEquals("HIT_ONLY", view(JIANGSHAN, JIANGSHAN, id).getString("handling"));
        assertEquals(List.of(PUCHENG), atPucheng.getList("distribution"));
        assertEquals(200, j.statusAt(PUCHENG, id, "commander"));
        assertEquals(404, j.statusAt(PUCHENG, id, "investigator"));
        j.as(PUCHENG, JIANGSHAN, "investigator")
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(404);
        assertEquals(List.of(PUCHENG), view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));
        // and it is still hit by every role that may check, here and at home, at the requester and elsewhere
        assertTrue(hitsOf(GUANGFENG, "gf-investigator", "investigator", phone).contains(id));
        assertTrue(hitsOf(PUCHENG, "pc-investigator", "investigator", phone).contains(id));
        assertTrue(hitsOf(JIANGSHAN, "js-investigator", "investigator", phone).contains(id));

        // Guangfeng sees nothing: not at home (everything sent to it before has arrived), not at the origin
        j.drainedTo(GUANGFENG);
        assertEquals(0, j.alertRows(GUANGFENG, id));
        j.as(GUANGFENG, JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(404);
        j.as(GUANGFENG, JIANGSHAN, "analyst")
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));

        // Guangfeng's own approved request adds Guangfeng, and Pucheng keeps the alert; neither learns of the other
        answer(request(GUANGFENG, id, phone), "APPROVED");
        j.awaitVisible(GUANGFENG, id);
        assertEquals(List.of(GUANGFENG), view(GUANGFENG, GUANGFENG, id).getList("distribution"));
        assertEquals(
                List.of(GUANGFENG, PUCHENG).stream().sorted().toList(),
                view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));
        assertEquals(List.of(PUCHENG), view(PUCHENG, JIANGSHAN, id).getList("distribution"));
        assertEquals(List.of(GUANGFENG), view(GUANGFENG, JIANGSHAN, id).getList("distribution"));
        j.drainedTo(PUCHENG);
        assertEquals(List.of(PUCHENG), view(PUCHENG, PUCHENG, id).getList("distribution"));
    }

    @Test
    void eachPartnerLearnsOnlyItselfInTheDistribution() {
        String id = j.publish(alert("发给两家的预警", "GENERAL", PUCHENG, GUANGFENG));
        j.awaitVisible(PUCHENG, id);
        j.awaitVisible(GUANGFENG, id);
        assertEquals(List.of(PUCHENG), view(PUCHENG, PUCHENG, id).getList("distribution"));
        assertEquals(List.of(GUANGFENG), view(GUANGFENG, GUANGFENG, id).getList("distribution"));
        // what each received: its own name next to the origin's, nothing of the other partner
        for (String code : List.of(PUCHENG, GUANGFENG)) {
            assertEquals(
                    0,
                    j.db(code)
                            .count(
                                    "SELECT count(*) FROM alert WHERE id = ?::uuid AND cardinality(distribution) <> 1",
                                    id));
        }
        // a partner's user reading at the origin: the origin's own users see the whole distribution
        assertEquals(List.of(PUCHENG), view(PUCHENG, JIANGSHAN, id).getList("distribution"));
        assertEquals(
                List.of(GUANGFENG, PUCHENG).stream().sorted().toList(),
                view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));
        // Guangfeng is dropped: only Guangfeng hears of it
        j.home(JIANGSHAN, "analyst")
                .contentType(ContentType.JSON)
                .body(alert("发给两家的预警（更新）", "GENERAL", PUCHENG))
                .when()
                .put("/api/v1/alerts/" + id)
                .then()
                .statusCode(200);
        Await.until(PATIENCE, () -> j.alertRows(GUANGFENG, id) == 0, () -> "Guangfeng dropped");
        Await.until(
                PATIENCE,
                () -> "发给两家的预警（更新）".equals(view(PUCHENG, PUCHENG, id).getString("title")),
                () -> "the update at Pucheng");
        assertEquals(List.of(PUCHENG), view(PUCHENG, PUCHENG, id).getList("distribution"));
    }

    @Test
    void anApprovedHitOnlyAlertCarriesNoAcknowledgementDeadline() throws InterruptedException {
        String phone = "13955510011";
        Map<String, Object> body = alert("红色仅比对线索", "HIT_ONLY", "ALL");
        body.put("severity", "RED");
        body.put("subjects", List.of(Map.of("kind", "PHONE", "value", phone)));
        String id = j.publish(body);
        Thread.sleep(2500); // past the 2 s RED deadline counted from publication
        answer(request(PUCHENG, id, phone), "APPROVED");
        j.awaitVisible(PUCHENG, id);
        assertFalse(
                j.home(JIANGSHAN, "analyst")
                        .when()
                        .get("/api/v1/alerts/overdue")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("alertId")
                        .contains(id),
                "the requester is not a recipient of a warning");
        JsonPath receipts = j.home(JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/alerts/" + id + "/acknowledgements")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(PUCHENG), receipts.getList("partner"));
        assertEquals(List.of(false), receipts.getList("required"));
        assertEquals(List.of(false), receipts.getList("overdue"));
    }

    @Test
    void aRequestTheOwnerRefusesOnDeliveryIsClosedAsRefused() {
        String phone = "13955510009";
        String id = secret("仅比对：已撤销线索", phone);
        j.home(PUCHENG, "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", phone))))
                .when()
                .post("/api/v1/alerts/hit-checks")
                .then()
                .statusCode(200)
                .body("hits.alertId", hasItem(id));
        // the owner revokes the alert before Pucheng's request reaches it
        j.home(JIANGSHAN, "analyst")
                .when()
                .post("/api/v1/alerts/" + id + "/revoke")
                .then()
                .statusCode(200);
        String requestId = j.home(PUCHENG, "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", id, "reason", "我局侦办案件需要"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(201)
                .body("status", equalTo("PENDING"))
                .extract()
                .path("id");

        Await.until(
                PATIENCE,
                () -> j.db(PUCHENG)
                                .count(
                                        "SELECT count(*) FROM disclosure_request "
                                                + "WHERE id = ?::uuid AND status = 'REFUSED'",
                                        requestId)
                        == 1,
                () -> "the request closed as refused");
        JsonPath listed = j.home(PUCHENG, "analyst")
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("REFUSED", listed.getString("items.find { it.id == '" + requestId + "' }.status"));
        assertFalse(listed.getBoolean("items.find { it.id == '" + requestId + "' }.overdue"));
        assertTrue(listed.getString("items.find { it.id == '" + requestId + "' }.answerReason")
                .contains("revoked"));
        assertEquals(0, j.db(JIANGSHAN).count("SELECT count(*) FROM disclosure_request WHERE id = ?::uuid", requestId));
        assertTrue(j.auditRows(PUCHENG, "disclosure.refused") >= 1);
    }

    @Test
    void theOwnerTakesRequestsOnlyForAlertsTheRequesterHit() {
        String id = secret("仅比对：未被比中的线索", "13955510010");
        var forged = AlertProto.DisclosureRequest.newBuilder()
                .setId(org.borderpolice.federation.validation.RecordIds.create(GUANGFENG)
                        .toString())
                .setRequester(GUANGFENG)
                .setOwner(JIANGSHAN)
                .setAlertId(id)
                .setReason("猜测的编号")
                .setRequestedBy("officer-361103")
                .setRequestedAt(ThreeJurisdictions.now())
                .setDeadline(ThreeJurisdictions.at(java.time.Instant.now().plusSeconds(3600)))
                .build();
        var event = ThreeJurisdictions.upsert(
                GUANGFENG, "intel.disclosure-request", forged.getId(), 1, List.of(GUANGFENG, JIANGSHAN), forged);
        var result = j.deliver(GUANGFENG, JIANGSHAN, event).getResults(0);
        assertEquals(org.borderpolice.federation.proto.replication.v1.Outcome.REJECTED, result.getOutcome());
        assertTrue(result.getReason().contains("hit"), result.getReason());
        assertEquals(
                0, j.db(JIANGSHAN).count("SELECT count(*) FROM disclosure_request WHERE id = ?::uuid", forged.getId()));
    }

    @Test
    void aDeniedRequestSharesNothing() {
        String phone = "13955510002";
        String id = secret("仅比对：不予披露", phone);
        String requestId = request(PUCHENG, id, phone);
        answer(requestId, "DENIED");
        Await.until(
                PATIENCE,
                () -> j.db(PUCHENG)
                                .count(
                                        "SELECT count(*) FROM disclosure_request "
                                                + "WHERE id = ?::uuid AND status = 'DENIED'",
                                        requestId)
                        == 1,
                () -> "denial at Pucheng");
        j.drainedTo(PUCHENG);
        assertEquals(0, j.alertRows(PUCHENG, id));
        assertEquals(List.of(), view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));
    }

    List<String> requestIds(String code, String at, String... roles) {
        return j.as(code, at, roles)
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
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
        // the requester's side: the user who asked, whatever its role (the same subject), and its commanders
        assertTrue(requestIds(PUCHENG, PUCHENG, "investigator").contains(requestId));
        assertTrue(requestIds(PUCHENG, PUCHENG, "commander").contains(requestId));
        // a third partner sees nothing of them, not even at home
        assertFalse(requestIds(GUANGFENG, GUANGFENG, "analyst").contains(requestId));
        assertEquals(0, j.db(GUANGFENG).count("SELECT count(*) FROM disclosure_request WHERE id = ?::uuid", requestId));
        // refused: a mediator, a partner's user at the owner, no token
        j.home(JIANGSHAN, "mediator")
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        j.as(PUCHENG, JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(403);
        given().baseUri(j.url(JIANGSHAN))
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(401);
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
            JsonPath page = request.when()
                    .get("/api/v1/alerts/disclosure-requests")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
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
        j.home(GUANGFENG, "analyst")
                .queryParam("limit", 201)
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        j.home(GUANGFENG, "analyst")
                .queryParam("cursor", "garbage")
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void onlyTheOwnersAnalystsAndCommandersAnswerAndRefusalsStoreNothing() {
        String phone = "13955510005";
        String id = secret("仅比对：拒绝批复", phone);
        String requestId = request(PUCHENG, id, phone);
        String path = "/api/v1/alerts/disclosure-requests/" + requestId + "/answer";
        Map<String, String> approve = Map.of("decision", "APPROVED");
        long answers = j.auditRows(JIANGSHAN, "disclosure.approved");

        given().baseUri(j.url(JIANGSHAN))
                .contentType(ContentType.JSON)
                .body(approve)
                .when()
                .post(path)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        String untrusted =
                new TestIssuer("330822").token(JIANGSHAN).roles("commander").sign();
        given().baseUri(j.url(JIANGSHAN))
                .auth()
                .oauth2(untrusted)
                .contentType(ContentType.JSON)
                .body(approve)
                .when()
                .post(path)
                .then()
                .statusCode(401);
        // the requester's commander at the owner: another jurisdiction
        j.as(PUCHENG, JIANGSHAN, "commander")
                .contentType(ContentType.JSON)
                .body(approve)
                .when()
                .post(path)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(approve)
                .when()
                .post(path)
                .then()
                .statusCode(403);
        // the requester's commander at home: not the owner
        j.home(PUCHENG, "commander")
                .contentType(ContentType.JSON)
                .body(approve)
                .when()
                .post(path)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                                        + "AND status = 'PENDING'",
                                requestId));
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                                        + "AND status = 'PENDING'",
                                requestId));
        assertEquals(List.of(), view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));
        assertEquals(answers, j.auditRows(JIANGSHAN, "disclosure.approved"));
        // nothing was sent to Pucheng: what Jiangshan sends it now arrives after anything queued before
        j.drainedTo(PUCHENG);
        assertEquals(0, j.alertRows(PUCHENG, id));
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                                        + "AND status = 'PENDING'",
                                requestId));
    }

    @Test
    void requestsAnswersAndListsAreAudited() {
        String phone = "13955510006";
        String id = secret("仅比对：审计", phone);
        long requested = j.auditRows(PUCHENG, "disclosure.requested");
        String requestId = request(PUCHENG, id, phone);
        assertEquals(requested + 1, j.auditRows(PUCHENG, "disclosure.requested"));
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = "
                                        + "'disclosure.requested' AND record_id = ? AND detail LIKE ?",
                                id,
                                "%" + requestId + "%"));
        long approved = j.auditRows(JIANGSHAN, "disclosure.approved");
        answer(requestId, "APPROVED");
        assertEquals(approved + 1, j.auditRows(JIANGSHAN, "disclosure.approved"));
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            long lists = j.auditRows(code, "disclosure.list");
            requestIds(code, code, "analyst");
            assertEquals(lists + 1, j.auditRows(code, "disclosure.list"));
        }
    }

    // ---- approvals, revocations and updates of one alert at the same time (each waits for the other)

    /**
     * Sessions waiting for the lock that session {@code holder} holds, directly or behind another
     * such waiter. Not every session waiting on a lock: the service's own work (inbox, audit
     * anchors) may wait on one for a moment, and a count of those let a call start before the one
     * before it waited, or never reached the number awaited.
     */
    long blockedBy(String code, int holder) {
        return j.db(code).count("""
                WITH RECURSIVE blocked(pid) AS (
                    SELECT pid FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))
                    UNION
                    SELECT a.pid FROM pg_stat_activity a JOIN blocked b ON b.pid = ANY(pg_blocking_pids(a.pid)))
                SELECT count(*) FROM blocked""", holder);
    }

    /**
     * Run the calls one after another while the alert's row is locked, each starting once the one
     * before waits for the lock; then release it. The calls' status codes, in order.
     */
    List<Integer> whileLocked(String alertId, List<java.util.function.Supplier<Integer>> calls) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(calls.size());
        try (java.sql.Connection lock = j.db(JIANGSHAN).connect()) {
            lock.setAutoCommit(false);
            try (var select = lock.prepareStatement("SELECT 1 FROM alert WHERE id = ?::uuid FOR UPDATE")) {
                select.setString(1, alertId);
                select.executeQuery().close();
            }
            int holder;
            try (var st = lock.createStatement();
                    var pid = st.executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                holder = pid.getInt(1);
            }
            List<java.util.concurrent.Future<Integer>> running = new ArrayList<>();
            for (var call : calls) {
                running.add(pool.submit(call::get));
                long waiting = running.size();
                Await.until(
                        PATIENCE,
                        () -> blockedBy(JIANGSHAN, holder) >= waiting,
                        () -> waiting + " waiting for the lock");
            }
            lock.commit();
            List<Integer> statuses = new ArrayList<>();
            for (var r : running) {
                statuses.add(r.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    java.util.function.Supplier<Integer> approveCall(String requestId) {
        return () -> j.home(JIANGSHAN, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVED"))
                .when()
                .post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer")
                .statusCode();
    }

    java.util.function.Supplier<Integer> revokeCall(String id) {
        return () -> j.home(JIANGSHAN, "analyst")
                .when()
                .post("/api/v1/alerts/" + id + "/revoke")
                .statusCode();
    }

    java.util.function.Supplier<Integer> updateCall(String id, Map<String, Object> body) {
        return () -> j.home(JIANGSHAN, "analyst")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .put("/api/v1/alerts/" + id)
                .statusCode();
    }

    @Test
    void aRevocationAfterARacingApprovalRemovesTheAlertAtTheRequester() throws Exception {
        String phone = "13955510021";
        String id = secret("审批后撤销", phone);
        String requestId = request(PUCHENG, id, phone);
        assertEquals(List.of(200, 200), whileLocked(id, List.of(approveCall(requestId), revokeCall(id))));
        j.drainedTo(PUCHENG);
        assertEquals(
                1,
                j.db(JIANGSHAN).count("SELECT count(*) FROM alert WHERE id = ?::uuid AND revoked_at IS NOT NULL", id));
        assertEquals(0, j.alertRows(PUCHENG, id), "the requester does not keep a revoked alert");
    }

    @Test
    void anApprovalAfterARacingRevocationIsRefused() throws Exception {
        String phone = "13955510022";
        String id = secret("撤销后审批", phone);
        String requestId = request(PUCHENG, id, phone);
        assertEquals(List.of(200, 409), whileLocked(id, List.of(revokeCall(id), approveCall(requestId))));
        j.drainedTo(PUCHENG);
        assertEquals(
                1,
                j.db(JIANGSHAN).count("SELECT count(*) FROM alert WHERE id = ?::uuid AND revoked_at IS NOT NULL", id),
                "the revocation stands");
        assertEquals(0, j.alertRows(PUCHENG, id));
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                                        + "AND status = 'PENDING'",
                                requestId));
    }

    @Test
    void anUpdateAfterARacingApprovalKeepsTheRequester() throws Exception {
        String phone = "13955510023";
        String id = secret("审批与修改竞态", phone);
        String requestId = request(PUCHENG, id, phone);
        Map<String, Object> changed = alert("审批与修改竞态（已修改）", "HIT_ONLY", "ALL");
        changed.put("subjects", List.of(Map.of("kind", "PHONE", "value", phone)));
        assertEquals(List.of(200, 200), whileLocked(id, List.of(approveCall(requestId), updateCall(id, changed))));
        j.drainedTo(PUCHENG);
        assertEquals(List.of(PUCHENG), view(JIANGSHAN, JIANGSHAN, id).getList("distribution"));
        JsonPath atPucheng = view(PUCHENG, PUCHENG, id);
        assertEquals("审批与修改竞态（已修改）", atPucheng.getString("title"));
        assertEquals(view(JIANGSHAN, JIANGSHAN, id).getLong("version"), atPucheng.getLong("version"));
    }

    @Test
    void twoRacingUpdatesPublishTwoVersions() throws Exception {
        String id = j.publish(alert("并发修改", "GENERAL", PUCHENG));
        j.awaitVisible(PUCHENG, id);
        assertEquals(
                List.of(200, 200),
                whileLocked(
                        id,
                        List.of(
                                updateCall(id, alert("并发修改甲", "GENERAL", PUCHENG)),
                                updateCall(id, alert("并发修改乙", "GENERAL", PUCHENG)))));
        JsonPath origin = view(JIANGSHAN, JIANGSHAN, id);
        assertEquals(3, origin.getLong("version"));
        j.drainedTo(PUCHENG);
        JsonPath atPucheng = view(PUCHENG, PUCHENG, id);
        assertEquals(
                origin.getString("title"), atPucheng.getString("title"), "the partner holds the origin's last version");
        assertEquals(3, atPucheng.getLong("version"));
    }

    // ---- who sees a request, who may make one, and what the owner takes from the requester

    List<String> requestIdsOf(String code, String subject, String role) {
        return j.user(code, subject, role)
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    String ask(String code, String subject, String role, String alertId, int status) {
        return j.user(code, subject, role)
                .contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", alertId, "reason", "我局侦办案件需要"))
                .when()
                .post("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(status)
                .extract()
                .path("id");
    }

    @Test
    void investigatorsSeeOnlyTheirOwnRequests() {
        String phone = "13955510031";
        String id = secret("仅比对：各自的申请", phone);
        assertTrue(hitsOf(PUCHENG, "pc-analyst-31", "analyst", phone).contains(id));
        String analysts = ask(PUCHENG, "pc-analyst-31", "analyst", id, 201);
        assertTrue(hitsOf(PUCHENG, "pc-investigator-31", "investigator", phone).contains(id));
        String investigators = ask(PUCHENG, "pc-investigator-31", "investigator", id, 201);

        List<String> own = requestIdsOf(PUCHENG, "pc-investigator-31", "investigator");
        assertTrue(own.contains(investigators));
        assertFalse(own.contains(analysts), "an investigator does not learn of an analyst's request");
        assertFalse(
                requestIdsOf(PUCHENG, "pc-investigator-other", "investigator").contains(investigators));
        List<String> all = requestIdsOf(PUCHENG, "pc-commander-31", "commander");
        assertTrue(all.containsAll(List.of(analysts, investigators)), "analysts and commanders see them all");
    }

    @Test
    void anInvestigatorAsksOnlyAfterAHitOfItsOwn() {
        String phone = "13955510032";
        Map<String, Object> body = alert("机密：仅分析人员可比中", "CONFIDENTIAL", JIANGSHAN);
        body.put("subjects", List.of(Map.of("kind", "PHONE", "value", phone)));
        String id = j.publish(body);
        assertTrue(hitsOf(PUCHENG, "pc-analyst-32", "analyst", phone).contains(id));
        // an investigator's check never hits a CONFIDENTIAL alert: the analyst's hit does not open a request for it
        assertFalse(hitsOf(PUCHENG, "pc-investigator-32", "investigator", phone).contains(id));
        long stored = j.db(PUCHENG).count("SELECT count(*) FROM disclosure_request");
        ask(PUCHENG, "pc-investigator-32", "investigator", id, 409);
        assertEquals(stored, j.db(PUCHENG).count("SELECT count(*) FROM disclosure_request"));
        // another analyst of Pucheng may follow up the jurisdiction's hit
        ask(PUCHENG, "pc-analyst-other", "analyst", id, 201);
    }

    @Test
    void theOwnerDatesARequestOnReceipt() {
        String phone = "13955510033";
        String id = secret("仅比对：申请时间", phone);
        assertTrue(hitsOf(GUANGFENG, "gf-analyst-33", "analyst", phone).contains(id));
        var request = AlertProto.DisclosureRequest.newBuilder()
                .setId(org.borderpolice.federation.validation.RecordIds.create(GUANGFENG)
                        .toString())
                .setRequester(GUANGFENG)
                .setOwner(JIANGSHAN)
                .setAlertId(id)
                .setReason("置顶的申请")
                .setRequestedBy("gf-analyst-33")
                .setRequestedAt(ThreeJurisdictions.at(java.time.Instant.parse("2150-01-01T00:00:00Z")))
                .setDeadline(ThreeJurisdictions.at(java.time.Instant.parse("2001-01-01T00:00:00Z")))
                .build();
        var result = j.deliver(
                        GUANGFENG,
                        JIANGSHAN,
                        ThreeJurisdictions.upsert(
                                GUANGFENG,
                                "intel.disclosure-request",
                                request.getId(),
                                1,
                                List.of(GUANGFENG, JIANGSHAN),
                                request))
                .getResults(0);
        assertEquals(
                org.borderpolice.federation.proto.replication.v1.Outcome.APPLIED,
                result.getOutcome(),
                result::getReason);
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM disclosure_request WHERE id = ?::uuid "
                                        + "AND requested_at BETWEEN now() - interval '2 minutes' AND now() "
                                        + "AND deadline = requested_at + interval '48 hours'",
                                request.getId()),
                "the owner's own receipt time and answer deadline");
        JsonPath listed = j.home(JIANGSHAN, "analyst")
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/alerts/disclosure-requests")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertFalse(listed.getBoolean("items.find { it.id == '" + request.getId() + "' }.overdue"));
    }

    @Test
    void theOwnerTakesARequestOnlyAfterACheckOfThatRequester() {
        String phone = "13955510034";
        String id = secret("仅比对：冒用比对编号", phone);
        String checkId = j.user(PUCHENG, "pc-analyst-34", "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", phone))))
                .when()
                .post("/api/v1/alerts/hit-checks")
                .then()
                .statusCode(200)
                .body("hits.alertId", hasItem(id))
                .extract()
                .path("checkId");
        // Guangfeng asks Jiangshan under Pucheng's check id, about something else
        var check = org.borderpolice.federation.proto.hitcheck.v1.HitCheckRequest.newBuilder()
                .setCheckId(checkId)
                .setRequestedBy("gf-analyst-34")
                .addRequesterRoles("analyst")
                .addIdentifiers(org.borderpolice.federation.proto.common.v1.CheckedIdentifier.newBuilder()
                        .addHashes(org.borderpolice.federation.proto.common.v1.KeyedHash.newBuilder()
                                .setKeyVersion(1)
                                .setHash(j.hash("PHONE", "13955519999"))))
                .build();
        ThreeJurisdictions.HitCheckCall call = j.grpcCheck(GUANGFENG, JIANGSHAN, check);
        assertEquals(io.grpc.Status.Code.OK, call.status(), call::description);
        assertEquals(0, call.response().getHitsCount());
        var request = AlertProto.DisclosureRequest.newBuilder()
                .setId(org.borderpolice.federation.validation.RecordIds.create(GUANGFENG)
                        .toString())
                .setRequester(GUANGFENG)
                .setOwner(JIANGSHAN)
                .setAlertId(id)
                .setReason("借用别家的命中")
                .setRequestedBy("gf-analyst-34")
                .setRequestedAt(ThreeJurisdictions.now())
                .setDeadline(ThreeJurisdictions.at(java.time.Instant.now().plusSeconds(3600)))
                .build();
        var result = j.deliver(
                        GUANGFENG,
                        JIANGSHAN,
                        ThreeJurisdictions.upsert(
                                GUANGFENG,
                                "intel.disclosure-request",
                                request.getId(),
                                1,
                                List.of(GUANGFENG, JIANGSHAN),
                                request))
                .getResults(0);
        assertEquals(org.borderpolice.federation.proto.replication.v1.Outcome.REJECTED, result.getOutcome());
        assertTrue(result.getReason().contains("hit"), result::getReason);
    }

    /**
     * An alert published before ids named their creator (a random version-4 UUID) reaches a
     * requester whose cut-over for legacy ids lies ahead (Guangfeng); a requester without one
     * (Pucheng) refuses it, and the owner sees the refusal: in its outbox view and its audit log.
     */
    @Test
    void aLegacyAlertReachesARequesterOnlyUntilItsCutOver() throws Exception {
        String phone = "13955510041";
        String legacy = java.util.UUID.randomUUID().toString();
        rekey(secret("仅比对：升级前发布的线索", phone), legacy);

        answer(request(GUANGFENG, legacy, phone), "APPROVED");
        j.awaitVisible(GUANGFENG, legacy);
        assertEquals("HIT_ONLY", view(GUANGFENG, GUANGFENG, legacy).getString("handling"));
        // and Guangfeng warns of it on every start
        assertTrue(
                j.processes.get(GUANGFENG).logText().contains("record-ids.legacy-accepted-until=2199-01-01T00:00:00Z"));

        // Pucheng takes no legacy ids: Jiangshan's hit on the alert is refused as malformed (review 25 C1)
        String check = j.home(PUCHENG, "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PHONE", "value", phone))))
                .when()
                .post("/api/v1/alerts/hit-checks")
                .then()
                .statusCode(200)
                .body("hits.alertId", not(hasItem(legacy)))
                .body("partnersUnavailable." + JIANGSHAN, equalTo("MALFORMED_ANSWER"))
                .extract()
                .path("checkId");
        assertEquals(
                1,
                j.db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.asked' "
                                        + "AND record_id = ? AND detail LIKE ?",
                                check,
                                "%malformed {" + JIANGSHAN + "=%legacy%"));
        // a hit Pucheng recorded while its cut-over still lay ahead (as such a check leaves it): the
        // approval of its request is refused on delivery
        j.db(PUCHENG)
                .execute(
                        "INSERT INTO federation.hit_check_hit (check_id, direction, requested_by, owner, record_type, "
                                + "record_id) VALUES (gen_random_uuid(), 'OUTBOUND', 'officer-350722', ?, 'intel.alert', ?)",
                        JIANGSHAN,
                        legacy);
        String refused = file(PUCHENG, legacy);
        answer(refused, "APPROVED");
        Await.until(
                PATIENCE,
                () -> refusalsAtJiangshan(PUCHENG).stream().anyMatch(r -> legacy.equals(r.get("recordId"))),
                () -> "the refusal shown at the owner");
        String reason = refusalsAtJiangshan(PUCHENG).stream()
                .filter(r -> legacy.equals(r.get("recordId")))
                .findFirst()
                .orElseThrow()
                .get("reason")
                .toString();
        assertTrue(reason.contains("legacy-accepted-until"), reason);
        j.drainedTo(PUCHENG);
        assertEquals(0, j.alertRows(PUCHENG, legacy));
        // the owner's record of the answer says the alert did not arrive
        Await.until(
                PATIENCE,
                () -> j.db(JIANGSHAN)
                                .count(
                                        "SELECT count(*) FROM federation.audit_log "
                                                + "WHERE action = 'disclosure.undelivered' AND record_id = ? AND detail LIKE ?",
                                        legacy,
                                        "%" + refused + "%")
                        == 1,
                () -> "the undelivered approval audited at the owner");
        // a version-8 id naming someone else is refused even where legacy ids are taken
        var forged = AlertProto.Sighting.newBuilder()
                .setId(org.borderpolice.federation.validation.RecordIds.create(PUCHENG)
                        .toString())
                .setPartner(JIANGSHAN)
                .setAlertId(legacy)
                .setAlertOrigin(GUANGFENG)
                .setKind(AlertProto.ReportKind.SIGHTING)
                .setObservedAt(ThreeJurisdictions.now())
                .setDescription("冒用")
                .setReportedBy("js-analyst")
                .setReportedAt(ThreeJurisdictions.now())
                .build();
        var result = j.deliver(
                        JIANGSHAN,
                        GUANGFENG,
                        ThreeJurisdictions.upsert(
                                JIANGSHAN, "intel.sighting", forged.getId(), 1, List.of(JIANGSHAN, GUANGFENG), forged))
                .getResults(0);
        assertEquals(org.borderpolice.federation.proto.replication.v1.Outcome.REJECTED, result.getOutcome());
        assertTrue(result.getReason().contains("not created by the sender"), result::getReason);
    }

    /** Give Jiangshan's alert the random id it would have had before RecordIds (as an upgrade leaves it). */
    void rekey(String id, String legacy) throws java.sql.SQLException {
        try (var c = j.db(JIANGSHAN).connect()) {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                // the foreign keys' triggers off for this transaction only: the rows move together
                s.execute("SET LOCAL session_replication_role = replica");
                for (String sql : List.of(
                        "UPDATE alert SET id = ?::uuid WHERE id = ?::uuid",
                        "UPDATE federation.subject_hash SET record_id = ? WHERE record_id = ? AND record_type = 'intel.alert'",
                        "UPDATE federation.blind_index_pending SET record_id = ? WHERE record_id = ? AND record_type = 'intel.alert'")) {
                    try (var update = c.prepareStatement(sql)) {
                        update.setString(1, legacy);
                        update.setString(2, id);
                        update.executeUpdate();
                    }
                }
            }
            c.commit();
        }
        assertEquals(1, j.alertRows(JIANGSHAN, legacy));
    }

    List<Map<String, Object>> refusalsAtJiangshan(String partner) {
        return j.home(JIANGSHAN, "commander")
                .when()
                .get("/api/v1/federation/outbox")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("find { it.partner == '" + partner + "' }.refusals");
    }
}
