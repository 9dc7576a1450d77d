package org.borderpolice.cases;

import static io.restassured.RestAssured.given;
import static org.borderpolice.cases.CaseFederation.tombstone;
import static org.borderpolice.cases.CaseFederation.upsert;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A joint case across three jurisdictions as real processes: Jiangshan files and invites Pucheng
 * and Guangfeng, Pucheng accepts and Guangfeng declines, status changes and notes reach every
 * participant, a partner that declined or was removed drops the case, one not invited sees
 * nothing, partners change only their own contributions, forged records are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JointCasesIT {

    CaseFederation j;

    @BeforeAll
    void start() {
        j = new CaseFederation();
    }

    @AfterAll
    void stop() {
        if (j != null) {
            j.close();
        }
    }

    /**
     * Whatever a test changed (invitations, answers, removals, joins, replicas applied, dropped
     * or forged), every case's participating codes, which the search's visibility rule tests,
     * are those of its participant rows, at every jurisdiction.
     */
    @AfterEach
    void participatingCodesFollowTheParticipantRows() {
        for (String code : List.of(JIANGSHAN, PUCHENG, GUANGFENG)) {
            assertEquals(0, j.rows(code, CaseFederation.PARTICIPATING_OUT_OF_STEP), "out of step at " + code);
        }
    }

    Response answer(String code, String id, String decision, String reason, String... roles) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("decision", decision);
        if (reason != null) {
            body.put("reason", reason);
        }
        return j.home(code, roles)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/cases/" + id + "/participation");
    }

    Response transition(String id, String to, String reason) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("to", to);
        if (reason != null) {
            body.put("reason", reason);
        }
        return j.home(JIANGSHAN, "commander")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/cases/" + id + "/transitions");
    }

    Response note(String code, String id, String text) {
        return j.home(code, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", text))
                .when()
                .post("/api/v1/cases/" + id + "/timeline");
    }

    String stateAt(String code, String id, String participant) {
        return j.read(code, id).getString("participants.find { it.jurisdiction == '" + participant + "' }.state");
    }

    /** Pucheng's analyst's search with facets at Jiangshan's service, answered 200. */
    io.restassured.response.ValidatableResponse puchengSearchesAtJiangshan(String words) {
        return j.as(PUCHENG, JIANGSHAN, "analyst")
                .queryParam("q", words)
                .queryParam("facets", true)
                .when()
                .get("/api/v1/cases/search")
                .then()
                .statusCode(200);
    }

    @Test
    void aJointCaseReachesItsParticipantsWhoAnswerAddNotesAndFollowItsStatus() {
        String id = j.file("浙闽赣交界电信诈骗案", PUCHENG, GUANGFENG);
        j.awaitVisible(PUCHENG, id);
        j.awaitVisible(GUANGFENG, id);
        JsonPath atA = j.read(JIANGSHAN, id);
        JsonPath atB = j.read(PUCHENG, id);
        assertEquals(atA.getString("number"), atB.getString("number"));
        assertTrue(atB.getString("number").matches(JIANGSHAN + "-[0-9]{4}-[0-9]{6}"));
        assertEquals("OPEN", atB.getString("status"));
        assertEquals(List.of("INVITED", "INVITED"), atB.getList("participants.state"));
        // both invited: the codes the search's visibility rule tests, at the owner and in the replica
        assertTrue(j.participating(JIANGSHAN, id, PUCHENG, GUANGFENG));
        assertTrue(j.participating(PUCHENG, id, PUCHENG, GUANGFENG));
        assertEquals(
                List.of(VALID_PLATE(), CaseFederation.VALID_ID).size(),
                atB.getList("subjects").size());
        assertEquals("浙H12345", atB.getString("subjects[1].value"));
        // exact amounts at the partner
        assertEquals(
                1,
                j.rows(
                        PUCHENG,
                        "SELECT count(*) FROM joint_case WHERE id = ?::uuid AND loss_amount = 125000.50"
                                + " AND recovered_amount = 30000.05",
                        id));

        // Pucheng accepts at home; Jiangshan takes the answer in, and Guangfeng sees it
        answer(PUCHENG, id, "ACCEPT", null, "investigator")
                .then()
                .statusCode(200)
                .body("participants.find { it.jurisdiction == '" + PUCHENG + "' }.state", equalTo("ACCEPTED"));
        j.await("Pucheng accepted at Jiangshan", () -> "ACCEPTED".equals(stateAt(JIANGSHAN, id, PUCHENG)));
        j.await("Pucheng accepted at Guangfeng", () -> "ACCEPTED".equals(stateAt(GUANGFENG, id, PUCHENG)));

        // the owner's status change reaches both
        transition(id, "INVESTIGATING", null).then().statusCode(200);
        for (String code : List.of(PUCHENG, GUANGFENG)) {
            j.await(
                    "INVESTIGATING at " + code,
                    () -> "INVESTIGATING".equals(j.read(code, id).getString("status")));
        }

        // Pucheng's note: its own record, put on the timeline by Jiangshan, seen by all three
        note(PUCHENG, id, "已调取浦城县城关镇监控，嫌疑车辆于14时经过。")
                .then()
                .statusCode(201)
                .body("pending", equalTo(true))
                .body("authorJurisdiction", equalTo(PUCHENG));
        for (String code : List.of(JIANGSHAN, PUCHENG, GUANGFENG)) {
            j.await(
                    "Pucheng's note on the timeline at " + code,
                    () -> j.timeline(code, id)
                                    .getList("items.findAll { it.kind == 'NOTE' && it.authorJurisdiction == '" + PUCHENG
                                            + "' && !it.pending }")
                                    .size()
                            == 1);
        }
        // confirmed at Pucheng: shown once, no longer pending
        assertEquals(
                1,
                j.timeline(PUCHENG, id)
                        .getList("items.findAll { it.kind == 'NOTE' }")
                        .size());
        // Guangfeng, only invited, may not add notes
        note(GUANGFENG, id, "广丰尚未接受").then().statusCode(403).contentType("application/problem+json");

        // Guangfeng declines with a reason: it drops the case, Jiangshan records why
        answer(GUANGFENG, id, "DECLINE", null, "investigator").then().statusCode(400);
        answer(GUANGFENG, id, "DECLINE", "不属本辖区管辖", "commander").then().statusCode(200);
        assertEquals(404, j.statusAt(GUANGFENG, id), "a decline hides the case at once");
        j.await("Guangfeng declined at Jiangshan", () -> "DECLINED".equals(stateAt(JIANGSHAN, id, GUANGFENG)));
        j.await(
                "Guangfeng's replica gone",
                () -> j.rows(GUANGFENG, "SELECT count(*) FROM joint_case WHERE id = ?::uuid", id) == 0
                        && j.rows(GUANGFENG, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid", id)
                                == 0);
        assertEquals(
                "不属本辖区管辖",
                j.read(JIANGSHAN, id).getString("participants.find { it.jurisdiction == '" + GUANGFENG + "' }.reason"));
        JsonPath timeline = j.timeline(JIANGSHAN, id);
        assertEquals("不属本辖区管辖", timeline.getString("items.find { it.kind == 'DECLINED' }.text"));
        assertEquals(GUANGFENG, timeline.getString("items.find { it.kind == 'DECLINED' }.authorJurisdiction"));
        // Pucheng learns Guangfeng left
        j.await("Guangfeng declined at Pucheng", () -> "DECLINED".equals(stateAt(PUCHENG, id, GUANGFENG)));
        assertTrue(j.participating(JIANGSHAN, id, PUCHENG), "a decline takes the code off the case");
        assertTrue(j.participating(PUCHENG, id, PUCHENG), "and off the replica, as replication applies it");

        // later changes reach Pucheng only
        transition(id, "SOLVED", null).then().statusCode(200);
        j.await("SOLVED at Pucheng", () -> "SOLVED".equals(j.read(PUCHENG, id).getString("status")));
        j.drainedTo(GUANGFENG);
        assertEquals(0, j.rows(GUANGFENG, "SELECT count(*) FROM joint_case WHERE id = ?::uuid", id));
        assertEquals(0, j.rows(GUANGFENG, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid", id));
        // ... and Guangfeng sees nothing at Jiangshan either, nor may it answer again
        j.as(GUANGFENG, JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/cases/" + id)
                .then()
                .statusCode(404);
        j.as(GUANGFENG, JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/cases/" + id + "/timeline")
                .then()
                .statusCode(404);
        answer(GUANGFENG, id, "ACCEPT", null, "commander").then().statusCode(404);

        // the whole timeline is the same at the owner and at the participant
        j.await(
                "Pucheng's timeline complete",
                () -> j.timeline(PUCHENG, id)
                        .getList("items.id")
                        .equals(j.timeline(JIANGSHAN, id).getList("items.id")));
        assertEquals(
                List.of(
                        "STATUS_CHANGED",
                        "DECLINED",
                        "NOTE",
                        "STATUS_CHANGED",
                        "ACCEPTED",
                        "INVITED",
                        "INVITED",
                        "CREATED"),
                j.timeline(PUCHENG, id).getList("items.kind"));

        // a participant changes only its own contributions: not the owner's case
        j.home(PUCHENG, "commander")
                .contentType(ContentType.JSON)
                .body(CaseFederation.caseBody("浦城篡改"))
                .when()
                .put("/api/v1/cases/" + id)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        j.home(PUCHENG, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("to", "CLOSED"))
                .when()
                .post("/api/v1/cases/" + id + "/transitions")
                .then()
                .statusCode(403);
        j.home(PUCHENG, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("jurisdictions", List.of(GUANGFENG)))
                .when()
                .post("/api/v1/cases/" + id + "/participants")
                .then()
                .statusCode(403);
        j.home(PUCHENG, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/cases/" + id + "/participants/" + PUCHENG + "/removal")
                .then()
                .statusCode(403);
        assertEquals("SOLVED", j.read(JIANGSHAN, id).getString("status"));
    }

    private static String VALID_PLATE() {
        return "浙H12345";
    }

    @Test
    void aPartnerNotInvitedSeesNothingAnywhere() {
        String id = j.file("仅邀请浦城的案件", PUCHENG);
        j.awaitVisible(PUCHENG, id);
        j.drainedTo(GUANGFENG);
        assertEquals(0, j.rows(GUANGFENG, "SELECT count(*) FROM joint_case WHERE id = ?::uuid", id));
        assertEquals(
                0,
                j.rows(
                        JIANGSHAN,
                        "SELECT count(*) FROM federation.outbox WHERE destination = ? AND record_id = ?",
                        GUANGFENG,
                        id));
        for (String at : List.of(GUANGFENG, JIANGSHAN)) {
            j.as(GUANGFENG, at, "commander")
                    .when()
                    .get("/api/v1/cases/" + id)
                    .then()
                    .statusCode(404);
            j.as(GUANGFENG, at, "commander")
                    .when()
                    .get("/api/v1/cases/" + id + "/timeline")
                    .then()
                    .statusCode(404);
            for (Map.Entry<String, String> filter : Map.of(
                            "origin", JIANGSHAN, "participant", PUCHENG, "status", "OPEN", "category", "TELECOM_FRAUD")
                    .entrySet()) {
                j.as(GUANGFENG, at, "commander")
                        .queryParam(filter.getKey(), filter.getValue())
                        .queryParam("limit", 200)
                        .when()
                        .get("/api/v1/cases")
                        .then()
                        .statusCode(200)
                        .body("items.id", not(hasItem(id)));
            }
        }
        answer(GUANGFENG, id, "ACCEPT", null, "commander").then().statusCode(404);
        note(GUANGFENG, id, "未受邀").then().statusCode(404);
        // Pucheng finds it with the filters
        j.home(PUCHENG, "analyst")
                .queryParam("origin", JIANGSHAN)
                .queryParam("participant", PUCHENG)
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/cases")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
        // every read was audited, also those that found nothing
        assertTrue(j.rows(
                        GUANGFENG,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'case.read' AND record_id = ?"
                                + " AND detail = 'not found or not visible'",
                        id)
                > 0);
        assertTrue(j.rows(
                        JIANGSHAN,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'case.read' AND record_id = ?"
                                + " AND jurisdiction = ?",
                        id,
                        GUANGFENG)
                > 0);
    }

    @Test
    void aRemovedParticipantDropsTheCaseAndTakesItWithItsWholeTimelineWhenInvitedAgain() {
        String id = j.file("移出后再邀请", PUCHENG);
        j.awaitVisible(PUCHENG, id);
        answer(PUCHENG, id, "ACCEPT", null, "investigator").then().statusCode(200);
        j.await("accepted at Jiangshan", () -> "ACCEPTED".equals(stateAt(JIANGSHAN, id, PUCHENG)));
        note(JIANGSHAN, id, "江山的备注").then().statusCode(201).body("pending", equalTo(false));

        j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "管辖调整"))
                .when()
                .post("/api/v1/cases/" + id + "/participants/" + PUCHENG + "/removal")
                .then()
                .statusCode(200)
                .body("participants[0].state", equalTo("REMOVED"));
        j.await(
                "removed: gone at Pucheng",
                () -> j.rows(PUCHENG, "SELECT count(*) FROM joint_case WHERE id = ?::uuid", id) == 0);
        assertEquals(404, j.statusAt(PUCHENG, id));
        assertTrue(j.participating(JIANGSHAN, id), "a removal takes the code off the case");
        puchengSearchesAtJiangshan("移出后再邀请").body("items.size()", equalTo(0)).body("facets.matches", equalTo(0));

        j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("jurisdictions", List.of(PUCHENG)))
                .when()
                .post("/api/v1/cases/" + id + "/participants")
                .then()
                .statusCode(200)
                .body("participants[0].state", equalTo("INVITED"));
        j.awaitVisible(PUCHENG, id);
        assertTrue(j.participating(JIANGSHAN, id, PUCHENG), "invited again");
        assertTrue(j.participating(PUCHENG, id, PUCHENG));
        puchengSearchesAtJiangshan("移出后再邀请")
                .body("items.id", equalTo(List.of(id)))
                .body("facets.matches", equalTo(1));
        j.await(
                "the whole timeline again at Pucheng",
                () -> j.timeline(PUCHENG, id)
                        .getList("items.id")
                        .equals(j.timeline(JIANGSHAN, id).getList("items.id")));
        // its second answer counts on from its first
        answer(PUCHENG, id, "ACCEPT", null, "investigator").then().statusCode(200);
        j.await("accepted again at Jiangshan", () -> "ACCEPTED".equals(stateAt(JIANGSHAN, id, PUCHENG)));
        assertEquals(
                2,
                j.rows(
                        JIANGSHAN,
                        "SELECT answer_version FROM case_participant WHERE case_id = ?::uuid AND jurisdiction = ?",
                        id,
                        PUCHENG));
        // an accepted participant may leave
        answer(PUCHENG, id, "ACCEPT", null, "investigator").then().statusCode(409);
        answer(PUCHENG, id, "DECLINE", "本局不再参与", "investigator").then().statusCode(200);
        j.await(
                "left: gone at Pucheng",
                () -> j.rows(PUCHENG, "SELECT count(*) FROM joint_case WHERE id = ?::uuid", id) == 0);
    }

    @Test
    void aParticipantThatWasDownCatchesUpWithEveryChangeOnce() {
        String id = j.file("浦城停机期间的变更", PUCHENG);
        j.awaitVisible(PUCHENG, id);
        answer(PUCHENG, id, "ACCEPT", null, "investigator").then().statusCode(200);
        j.await("accepted at Jiangshan", () -> "ACCEPTED".equals(stateAt(JIANGSHAN, id, PUCHENG)));
        j.processes.get(PUCHENG).stop();
        try {
            Map<String, Object> edited = CaseFederation.caseBody("浦城停机期间的变更（已修改）");
            edited.put("recoveredAmount", new java.math.BigDecimal("120000.50"));
            j.home(JIANGSHAN, "investigator")
                    .contentType(ContentType.JSON)
                    .body(edited)
                    .when()
                    .put("/api/v1/cases/" + id)
                    .then()
                    .statusCode(200);
            transition(id, "INVESTIGATING", null).then().statusCode(200);
            note(JIANGSHAN, id, "嫌疑人已在广丰落脚").then().statusCode(201);
            j.home(JIANGSHAN, "investigator")
                    .contentType(ContentType.JSON)
                    .body(Map.of("jurisdictions", List.of(GUANGFENG)))
                    .when()
                    .post("/api/v1/cases/" + id + "/participants")
                    .then()
                    .statusCode(200);
            transition(id, "SOLVED", null).then().statusCode(200);
        } finally {
            j.processes.get(PUCHENG).startAndAwait();
        }
        j.await("SOLVED at Pucheng", () -> "SOLVED".equals(j.read(PUCHENG, id).getString("status")));
        j.drainedTo(PUCHENG);
        JsonPath atB = j.read(PUCHENG, id);
        JsonPath atA = j.read(JIANGSHAN, id);
        assertEquals(atA.getLong("version"), atB.getLong("version"));
        assertEquals("浦城停机期间的变更（已修改）", atB.getString("title"));
        assertEquals(120000.50f, atB.getFloat("recoveredAmount"));
        assertEquals(
                List.of(PUCHENG, GUANGFENG).size(), atB.getList("participants").size());
        List<String> ids = j.timeline(PUCHENG, id).getList("items.id");
        assertEquals(j.timeline(JIANGSHAN, id).getList("items.id"), ids);
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "every entry once");
        assertEquals(
                j.rows(JIANGSHAN, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid", id),
                j.rows(PUCHENG, "SELECT count(*) FROM case_timeline_entry WHERE case_id = ?::uuid", id));
    }

    @Test
    void theListsAuditNamesThePageReturnedNotTheRowFetchedToKnowThereIsMore() {
        // the two newest of Jiangshan's cases: a page of one, and the one after it
        List<String> filed = List.of(j.file("审计分页之一"), j.file("审计分页之二"));
        JsonPath first = listOurs(null);
        List<String> shown = first.getList("items.id");
        assertEquals(1, shown.size());
        assertTrue(filed.contains(shown.get(0)), shown + " is one of " + filed);
        String other = filed.get(filed.indexOf(shown.get(0)) == 0 ? 1 : 0);
        String audited = lastCaseList();
        assertTrue(audited.endsWith(" limit=1 returned=1: " + shown.get(0)), audited);
        assertFalse(audited.contains(other), "fetched only to know there is a next page, not read: " + audited);
        // the cursor still leads to it
        JsonPath second = listOurs(first.getString("next"));
        assertEquals(List.of(other), second.getList("items.id"));
        audited = lastCaseList();
        assertTrue(audited.endsWith(" limit=1 returned=1: " + other), audited);
    }

    JsonPath listOurs(String cursor) {
        RequestSpecification request =
                j.home(JIANGSHAN, "analyst").queryParam("origin", JIANGSHAN).queryParam("limit", 1);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.when()
                .get("/api/v1/cases")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The detail of Jiangshan's newest case.list entry. */
    String lastCaseList() {
        try (var c = j.db(JIANGSHAN).connect();
                var ps = c.prepareStatement(
                        "SELECT detail FROM federation.audit_log WHERE action = 'case.list' ORDER BY seq DESC LIMIT 1");
                var rs = ps.executeQuery()) {
            assertTrue(rs.next(), "a case.list entry at Jiangshan");
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void partnerEndpointsRefuseStrangers() {
        String id = j.file("伙伴端拒绝", PUCHENG);
        j.awaitVisible(PUCHENG, id);
        String base = "/api/v1/cases/" + id;
        // this case's notes, and what Pucheng queues from now on: notes of earlier tests' cases may
        // still reach Pucheng, and its relay deletes what it delivers of their answers meanwhile
        String notesOfIt = "SELECT count(*) FROM case_note WHERE case_id = ?::uuid";
        long notes = j.rows(PUCHENG, notesOfIt, id);
        long queuedBefore = j.rows(PUCHENG, "SELECT coalesce(max(id), 0) FROM federation.outbox");
        for (String[] call : List.of(
                new String[] {"POST", base + "/participation", "{\"decision\":\"ACCEPT\"}"},
                new String[] {"POST", base + "/timeline", "{\"text\":\"备注\"}"},
                new String[] {"GET", base + "/timeline", null},
                new String[] {"GET", base, null},
                new String[] {"GET", "/api/v1/cases", null})) {
            String untrusted =
                    new TestIssuer("330822").token(PUCHENG).roles("commander").sign();
            String elsewhere = j.federation
                    .issuer(PUCHENG)
                    .token(JIANGSHAN)
                    .roles("commander")
                    .sign();
            for (RequestSpecification r : List.of(
                    given().baseUri(j.url(PUCHENG)),
                    given().baseUri(j.url(PUCHENG)).auth().oauth2(untrusted),
                    given().baseUri(j.url(PUCHENG)).auth().oauth2(elsewhere))) {
                send(r, call).then().statusCode(401).contentType("application/problem+json");
            }
            send(j.home(PUCHENG, "mediator"), call).then().statusCode(403).contentType("application/problem+json");
            if (call[0].equals("POST")) {
                // the owner's users contribute nothing at a partner's service; analysts do not answer or write
                send(j.as(JIANGSHAN, PUCHENG, "commander"), call)
                        .then()
                        .statusCode(403)
                        .contentType("application/problem+json");
                send(j.home(PUCHENG, "analyst"), call).then().statusCode(403).contentType("application/problem+json");
                // Guangfeng's user at Pucheng: not its business
                send(j.as(GUANGFENG, PUCHENG, "commander"), call).then().statusCode(403);
            } else if (!call[1].equals("/api/v1/cases")) {
                send(j.as(GUANGFENG, PUCHENG, "commander"), call).then().statusCode(404);
            }
        }
        assertEquals(notes, j.rows(PUCHENG, notesOfIt, id));
        assertEquals(0, j.rows(PUCHENG, "SELECT count(*) FROM federation.outbox WHERE id > ?", queuedBefore));
        assertEquals("INVITED", stateAt(PUCHENG, id, PUCHENG));
    }

    static Response send(RequestSpecification r, String[] call) {
        if (call[2] != null) {
            r = r.contentType(ContentType.JSON).body(call[2]);
        }
        return r.when().request(call[0], call[1]);
    }

    JsonPath joinRequestAt(String code, String requestId) {
        return j.home(code, "investigator")
                .when()
                .get("/api/v1/case-join-requests/" + requestId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    String askToJoin(String code, String number, String reason) {
        return j.home(code, "investigator")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "join-" + java.util.UUID.randomUUID())
                .body(Map.of("caseNumber", number, "reason", reason, "hitReference", "命中 " + number))
                .when()
                .post("/api/v1/case-join-requests")
                .then()
                .statusCode(201)
                .body("state", equalTo("PENDING"))
                .extract()
                .path("id");
    }

    void awaitJoinState(String code, String requestId, String state) {
        j.await(
                "request " + requestId + " " + state + " at " + code,
                () -> j.home(code, "investigator")
                                        .when()
                                        .get("/api/v1/case-join-requests/" + requestId)
                                        .then()
                                        .extract()
                                        .statusCode()
                                == 200
                        && state.equals(joinRequestAt(code, requestId).getString("state")));
    }

    @Test
    void aPartnerNotInvitedAsksToJoinAndTheOwnersCommanderApprovesOrDenies() {
        // a suspect of this case alone, so that Guangfeng's check hits this case
        String suspect = "35072219880808452X";
        Map<String, Object> body = CaseFederation.caseBody("申请加入获批的案件", PUCHENG);
        body.put("subjects", List.of(Map.of("kind", "PERSON", "value", suspect, "label", "王某", "role", "SUSPECT")));
        String id = j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", true)
                .body(body)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        j.awaitVisible(PUCHENG, id);
        note(JIANGSHAN, id, "加入前的备注").then().statusCode(201);
        String number = j.read(JIANGSHAN, id).getString("number");
        // before any check of Guangfeng hit it, Guangfeng's own service refuses to ask (nothing sent)
        j.home(GUANGFENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("caseNumber", number, "reason", "猜的编号"))
                .when()
                .post("/api/v1/case-join-requests")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        // Guangfeng, not invited, learns the number from a hit (a request follows a hit) and asks to join
        j.home(GUANGFENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PERSON", "value", suspect))))
                .when()
                .post("/api/v1/cases/hit-checks")
                .then()
                .statusCode(200)
                .body("hits.recordId", equalTo(List.of(id)))
                .body("hits[0].summary.number", equalTo(number));
        String asked = askToJoin(GUANGFENG, number, "本局在办案件涉及同一嫌疑人");
        awaitJoinState(JIANGSHAN, asked, "PENDING");
        j.home(JIANGSHAN, "commander")
                .queryParam("direction", "INCOMING")
                .queryParam("state", "PENDING")
                .when()
                .get("/api/v1/case-join-requests")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(asked));
        assertEquals(404, j.statusAt(GUANGFENG, id));
        j.home(JIANGSHAN, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("note", "同一嫌疑人，并案侦查"))
                .when()
                .post("/api/v1/case-join-requests/" + asked + "/approval")
                .then()
                .statusCode(200)
                .body("state", equalTo("APPROVED"));
        // Guangfeng now holds the case as an accepted participant, with the whole timeline
        j.awaitVisible(GUANGFENG, id);
        awaitJoinState(GUANGFENG, asked, "APPROVED");
        assertEquals(id, joinRequestAt(GUANGFENG, asked).getString("caseId"));
        assertEquals("ACCEPTED", stateAt(GUANGFENG, id, GUANGFENG));
        assertEquals("ACCEPTED", stateAt(JIANGSHAN, id, GUANGFENG));
        int entries = j.timeline(JIANGSHAN, id).getList("items").size();
        j.await(
                "Guangfeng's timeline whole",
                () -> j.timeline(GUANGFENG, id).getList("items").size() == entries);
        JsonPath atC = j.timeline(GUANGFENG, id);
        assertTrue(atC.getList("items.kind").containsAll(List.of("CREATED", "INVITED", "NOTE", "JOINED")));
        assertEquals(GUANGFENG, atC.getString("items.find { it.kind == 'JOINED' }.participant"));
        j.await(
                "Pucheng sees Guangfeng join",
                () -> j.timeline(PUCHENG, id).getList("items.kind").contains("JOINED")
                        && "ACCEPTED".equals(stateAt(PUCHENG, id, GUANGFENG)));
        // it takes part as any accepted participant: its note reaches the owner's timeline
        note(GUANGFENG, id, "广丰补充线索").then().statusCode(201);
        j.await(
                "Guangfeng's note at Jiangshan",
                () -> j.timeline(JIANGSHAN, id).getList("items.text").contains("广丰补充线索"));

        // Pucheng asks to join a case it is not invited to: denied, with the reason it reads at home
        String otherSuspect = "350722198909094532";
        Map<String, Object> otherBody = CaseFederation.caseBody("不同意加入的案件", GUANGFENG);
        otherBody.put(
                "subjects", List.of(Map.of("kind", "PERSON", "value", otherSuspect, "label", "赵某", "role", "SUSPECT")));
        String other = j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", true)
                .body(otherBody)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        j.awaitVisible(GUANGFENG, other);
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", List.of(Map.of("kind", "PERSON", "value", otherSuspect))))
                .when()
                .post("/api/v1/cases/hit-checks")
                .then()
                .statusCode(200)
                .body("hits.recordId", equalTo(List.of(other)));
        String denied = askToJoin(PUCHENG, j.read(JIANGSHAN, other).getString("number"), "怀疑涉及本辖区人员");
        awaitJoinState(JIANGSHAN, denied, "PENDING");
        j.home(JIANGSHAN, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("reason", "与贵局案件无关联"))
                .when()
                .post("/api/v1/case-join-requests/" + denied + "/denial")
                .then()
                .statusCode(200);
        awaitJoinState(PUCHENG, denied, "DENIED");
        JsonPath atB = joinRequestAt(PUCHENG, denied);
        assertEquals("与贵局案件无关联", atB.getString("decisionReason"));
        assertEquals(null, atB.getString("caseId"));
        assertEquals(null, atB.getString("decidedBy"));
        // a number no check of Pucheng hit (here one that does not exist) is refused at Pucheng itself,
        // nothing sent (the owner's answer to such a request, naming nothing: fast/CaseJoinRulesTest)
        long sent = j.rows(PUCHENG, "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.join-request'");
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("caseNumber", JIANGSHAN + "-2026-999999", "reason", "比对命中"))
                .when()
                .post("/api/v1/case-join-requests")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(
                sent,
                j.rows(PUCHENG, "SELECT count(*) FROM federation.outbox WHERE record_type = 'cases.join-request'"));
        j.drainedTo(PUCHENG);
        assertEquals(404, j.statusAt(PUCHENG, other));
        assertEquals(0, j.rows(PUCHENG, "SELECT count(*) FROM joint_case WHERE id = ?::uuid", other));
        assertEquals(
                0,
                j.rows(
                        JIANGSHAN,
                        "SELECT count(*) FROM federation.outbox WHERE destination = ? AND record_id = ?",
                        PUCHENG,
                        other));
        // Guangfeng asking in Pucheng's name is refused at the owner's inbox
        String forgedId = RecordIds.create(GUANGFENG).toString();
        DeliveryAck ack = j.deliver(
                GUANGFENG,
                JIANGSHAN,
                upsert(
                        GUANGFENG,
                        "cases.join-request",
                        forgedId,
                        1,
                        List.of(GUANGFENG, JIANGSHAN),
                        org.borderpolice.federation.proto.cases.v1.JoinProto.JoinRequest.newBuilder()
                                .setId(forgedId)
                                .setRequester(PUCHENG)
                                .setCaseOrigin(JIANGSHAN)
                                .setCaseNumber(number)
                                .setReason("冒名申请")
                                .setRequestedBy("forger")
                                .setRequestedAt(CaseFederation.now())
                                .build()));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        assertEquals(0, j.rows(JIANGSHAN, "SELECT count(*) FROM case_join_request WHERE id = ?::uuid", forgedId));
    }

    @Test
    void forgedAndMisdirectedRecordsAreRefused() {
        String id = j.file("伪造测试", PUCHENG);
        j.awaitVisible(PUCHENG, id);
        CaseProto.JointCase real = CaseProto.JointCase.newBuilder()
                .setId(id)
                .setOrigin(GUANGFENG)
                .setNumber(GUANGFENG + "-2026-000001")
                .setCategory(CaseProto.CaseCategory.FRAUD)
                .setStatus(CaseProto.CaseStatus.OPEN)
                .setTitle("伪造")
                .setSummary("伪造")
                .setLeadUnit("x")
                .setLossAmount("0.00")
                .setRecoveredAmount("0.00")
                .setCreatedAt(CaseFederation.now())
                .setUpdatedAt(CaseFederation.now())
                .setStatusChangedAt(CaseFederation.now())
                .addParticipants(CaseProto.Participant.newBuilder()
                        .setJurisdiction(PUCHENG)
                        .setState(CaseProto.ParticipantState.ACCEPTED)
                        .setInvitedAt(CaseFederation.now()))
                .build();
        // Guangfeng takes over Jiangshan's case at Pucheng: refused, the case stays Jiangshan's
        DeliveryAck ack = j.deliver(
                GUANGFENG, PUCHENG, upsert(GUANGFENG, "cases.case", id, 99, List.of(GUANGFENG, PUCHENG), real));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        ack = j.deliver(GUANGFENG, PUCHENG, tombstone(GUANGFENG, "cases.case", id, 99, List.of(GUANGFENG, PUCHENG)));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        assertEquals(JIANGSHAN, j.read(PUCHENG, id).getString("origin"));

        // Guangfeng answers and writes on a case it was never invited to: refused at Jiangshan
        CaseProto.ParticipationAnswer answer = CaseProto.ParticipationAnswer.newBuilder()
                .setCaseId(id)
                .setCaseOrigin(JIANGSHAN)
                .setPartner(GUANGFENG)
                .setDecision(CaseProto.Decision.ACCEPT)
                .setAnsweredBy("x")
                .setAnsweredAt(CaseFederation.now())
                .build();
        String noteId = RecordIds.create(GUANGFENG).toString();
        CaseProto.TimelineNote note = CaseProto.TimelineNote.newBuilder()
                .setId(noteId)
                .setCaseId(id)
                .setCaseOrigin(JIANGSHAN)
                .setAuthorJurisdiction(GUANGFENG)
                .setAuthor("x")
                .setText("伪造备注")
                .setWrittenAt(CaseFederation.now())
                .build();
        ack = j.deliver(
                GUANGFENG,
                JIANGSHAN,
                upsert(
                        GUANGFENG,
                        "cases.participation",
                        id + ":" + GUANGFENG,
                        1,
                        List.of(GUANGFENG, JIANGSHAN),
                        answer),
                upsert(GUANGFENG, "cases.timeline-note", noteId, 1, List.of(GUANGFENG, JIANGSHAN), note));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        assertEquals(Outcome.REJECTED, ack.getResults(1).getOutcome(), ack.toString());

        // Pucheng, only invited: it may answer, but not write notes; nor answer for Guangfeng
        String pnote = RecordIds.create(PUCHENG).toString();
        ack = j.deliver(
                PUCHENG,
                JIANGSHAN,
                upsert(
                        PUCHENG,
                        "cases.timeline-note",
                        pnote,
                        1,
                        List.of(PUCHENG, JIANGSHAN),
                        note.toBuilder()
                                .setId(pnote)
                                .setAuthorJurisdiction(PUCHENG)
                                .build()),
                upsert(PUCHENG, "cases.participation", id + ":" + GUANGFENG, 1, List.of(PUCHENG, JIANGSHAN), answer),
                tombstone(PUCHENG, "cases.participation", id + ":" + PUCHENG, 5, List.of(PUCHENG, JIANGSHAN)));
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.REJECTED, ack.getResults(i).getOutcome(), ack.toString());
        }
        assertFalse(j.read(JIANGSHAN, id).getList("participants.jurisdiction").contains(GUANGFENG));
        assertEquals("INVITED", stateAt(JIANGSHAN, id, PUCHENG));
        assertEquals(0, j.rows(JIANGSHAN, "SELECT count(*) FROM case_note WHERE case_id = ?::uuid", id));

        // Pucheng writes "Jiangshan's" timeline: an entry of its own origin on Jiangshan's case, refused
        String forgedEntry = RecordIds.create(PUCHENG).toString();
        CaseProto.TimelineEntry entry = CaseProto.TimelineEntry.newBuilder()
                .setId(forgedEntry)
                .setCaseId(id)
                .setCaseOrigin(PUCHENG)
                .setKind(CaseProto.EntryKind.ENTRY_STATUS_CHANGED)
                .setAuthorJurisdiction(JIANGSHAN)
                .setAuthor("某某")
                .setText("已破案")
                .setStatusFrom(CaseProto.CaseStatus.OPEN)
                .setStatusTo(CaseProto.CaseStatus.SOLVED)
                .setOccurredAt(CaseFederation.now())
                .build();
        ack = j.deliver(
                PUCHENG,
                JIANGSHAN,
                upsert(PUCHENG, "cases.timeline-entry", forgedEntry, 1, List.of(PUCHENG, JIANGSHAN), entry));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        assertEquals(0, j.rows(JIANGSHAN, "SELECT count(*) FROM case_timeline_entry WHERE id = ?::uuid", forgedEntry));
        assertFalse(j.timeline(JIANGSHAN, id).getList("items.text").contains("已破案"));
    }

    /**
     * A partner accepts and writes its first note at once: both in one batch, in that order. The
     * note's check needs the acceptance, so it is checked again after the acceptance is applied
     * (replication.proto: events are applied in the order sent), not refused for good (review 31).
     */
    @Test
    void anAcceptanceAndANoteInOneBatchAreAppliedInTheirOrder() {
        String id = j.file("同批次受理与备注", PUCHENG);
        j.awaitVisible(PUCHENG, id);
        CaseProto.ParticipationAnswer accept = CaseProto.ParticipationAnswer.newBuilder()
                .setCaseId(id)
                .setCaseOrigin(JIANGSHAN)
                .setPartner(PUCHENG)
                .setDecision(CaseProto.Decision.ACCEPT)
                .setAnsweredBy("蒲城民警")
                .setAnsweredAt(CaseFederation.now())
                .build();
        String noteId = RecordIds.create(PUCHENG).toString();
        CaseProto.TimelineNote note = CaseProto.TimelineNote.newBuilder()
                .setId(noteId)
                .setCaseId(id)
                .setCaseOrigin(JIANGSHAN)
                .setAuthorJurisdiction(PUCHENG)
                .setAuthor("蒲城民警")
                .setText("已受理，嫌疑车辆曾在仙阳镇出现。")
                .setWrittenAt(CaseFederation.now())
                .build();
        // the note as Pucheng's service keeps it (this test speaks as its relay): the entry Jiangshan
        // makes of it comes back to Pucheng, which takes a note in its name only as it wrote it
        j.db(PUCHENG)
                .execute(
                        "INSERT INTO case_note (id, case_id, case_origin, author_jurisdiction, author, text, written_at)"
                                + " VALUES (?::uuid, ?::uuid, ?, ?, ?, ?, now())",
                        noteId,
                        id,
                        JIANGSHAN,
                        PUCHENG,
                        note.getAuthor(),
                        note.getText());
        DeliveryAck ack = j.deliver(
                PUCHENG,
                JIANGSHAN,
                upsert(PUCHENG, "cases.participation", id + ":" + PUCHENG, 1, List.of(PUCHENG, JIANGSHAN), accept),
                upsert(PUCHENG, "cases.timeline-note", noteId, 1, List.of(PUCHENG, JIANGSHAN), note));

        assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome(), ack.toString());
        assertEquals(Outcome.APPLIED, ack.getResults(1).getOutcome(), ack.toString());
        assertEquals("ACCEPTED", stateAt(JIANGSHAN, id, PUCHENG));
        assertEquals(1, j.rows(JIANGSHAN, "SELECT count(*) FROM case_note WHERE id = ?::uuid", noteId));
    }
}
