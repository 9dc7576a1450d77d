package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.ThreeJurisdictions.PATIENCE;
import static org.borderpolice.intel.ThreeJurisdictions.alert;
import static org.borderpolice.intel.ThreeJurisdictions.now;
import static org.borderpolice.intel.ThreeJurisdictions.upsert;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.borderpolice.federation.proto.intel.v1.AlertProto.Acknowledgement;
import org.borderpolice.federation.proto.intel.v1.AlertProto.ReportKind;
import org.borderpolice.federation.proto.intel.v1.AlertProto.Sighting;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Who sees what of an alert and its follow-up, who may change it, that every write and read is
 * audited, and that lists are paged: revoked alerts are gone for partners at the origin too; a
 * HIT_ONLY alert has no partners to acknowledge it, report on it or be overdue; the endpoints
 * without refusal tests elsewhere refuse strangers and store nothing. On the federation the
 * feature ITs share ({@link SharedJurisdictions}): each test makes its own alerts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedJurisdictions.class)
class AlertAccessIT {

    ThreeJurisdictions j;

    @BeforeAll
    void attach(ThreeJurisdictions shared) {
        // Jiangshan's short RED deadline (SharedJurisdictions) makes "overdue" happen within the test
        j = shared;
    }

    static Map<String, Object> red(String title, String handling, String... distribution) {
        Map<String, Object> body = alert(title, handling, distribution);
        body.put("severity", "RED");
        body.put("category", "WANTED_PERSON");
        return body;
    }

    @Test
    void aRevokedAlertIsHiddenFromPartnersAtTheOrigin() {
        String id = j.publish(alert("撤销后不可见", "GENERAL", PUCHENG));
        j.as(PUCHENG, JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200);
        j.home(JIANGSHAN, "analyst")
                .when()
                .post("/api/v1/alerts/" + id + "/revoke")
                .then()
                .statusCode(200);
        j.as(PUCHENG, JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(404);
        j.as(PUCHENG, JIANGSHAN, "analyst")
                .queryParam("status", "REVOKED")
                .queryParam("limit", 200)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));
        j.as(PUCHENG, JIANGSHAN, "analyst")
                .queryParam("facets", true)
                .queryParam("status", "REVOKED")
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("facets.origin", equalTo(Map.of()));
        // the origin's own users still see it, as revoked
        j.home(JIANGSHAN, "investigator")
                .when()
                .get("/api/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"));
        Await.until(PATIENCE, () -> j.alertRows(PUCHENG, id) == 0, () -> "revoked alert gone at Pucheng");
    }

    JsonPath overdue(String... roles) {
        return j.home(JIANGSHAN, roles)
                .when()
                .get("/api/v1/alerts/overdue")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aHitOnlyAlertHasNoPartnerToBeOverdueAcknowledgeOrReport() {
        String secret = j.publish(red("仅比对红色预警", "HIT_ONLY", "ALL"));
        String shared = j.publish(red("红色预警：两个伙伴", "GENERAL", PUCHENG, GUANGFENG));
        String confidential = j.publish(red("红色机密预警", "CONFIDENTIAL", PUCHENG));
        String revoked = j.publish(red("红色预警：已撤销", "GENERAL", PUCHENG));
        j.home(JIANGSHAN, "analyst")
                .when()
                .post("/api/v1/alerts/" + revoked + "/revoke")
                .then()
                .statusCode(200);
        j.awaitVisible(PUCHENG, shared);
        j.home(PUCHENG, "analyst")
                .contentType(ContentType.JSON)
                .body(Map.of())
                .when()
                .post("/api/v1/alerts/" + shared + "/acknowledgement")
                .then()
                .statusCode(200);
        j.awaitRow(JIANGSHAN, "SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid", shared);
        Await.until(
                PATIENCE,
                () -> overdue("analyst").getList("alertId").contains(confidential),
                () -> "RED deadline passed");

        JsonPath list = overdue("analyst");
        assertEquals(List.of(GUANGFENG), list.getList("find { it.alertId == '" + shared + "' }.partnersOverdue"));
        assertEquals(List.of(PUCHENG), list.getList("find { it.alertId == '" + confidential + "' }.partnersOverdue"));
        assertTrue(!list.getList("alertId").contains(secret), "a HIT_ONLY alert has nobody to be overdue");
        assertTrue(!list.getList("alertId").contains(revoked));
        // an investigator does not see the CONFIDENTIAL alert, so not in its overdue list either
        JsonPath investigator = overdue("investigator");
        assertTrue(investigator.getList("alertId").contains(shared));
        assertTrue(!investigator.getList("alertId").contains(confidential));
        j.home(JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/alerts/" + secret + "/acknowledgements")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));

        // Pucheng, nominally named, may not acknowledge it or report on it
        ReplicationEvent ack = upsert(
                PUCHENG,
                "intel.acknowledgement",
                secret + ":" + PUCHENG,
                1,
                List.of(JIANGSHAN, PUCHENG),
                Acknowledgement.newBuilder()
                        .setAlertId(secret)
                        .setAlertOrigin(JIANGSHAN)
                        .setPartner(PUCHENG)
                        .setAcknowledgedBy("x")
                        .setAcknowledgedAt(now())
                        .build());
        String sightingId =
                org.borderpolice.federation.validation.RecordIds.create(PUCHENG).toString();
        ReplicationEvent sighting = upsert(
                PUCHENG,
                "intel.sighting",
                sightingId,
                1,
                List.of(JIANGSHAN, PUCHENG),
                Sighting.newBuilder()
                        .setId(sightingId)
                        .setAlertId(secret)
                        .setAlertOrigin(JIANGSHAN)
                        .setPartner(PUCHENG)
                        .setKind(ReportKind.SIGHTING)
                        .setObservedAt(now())
                        .setDescription("见到")
                        .setReportedBy("x")
                        .setReportedAt(now())
                        .build());
        var result = j.deliver(PUCHENG, JIANGSHAN, ack, sighting);
        assertEquals(Outcome.REJECTED, result.getResults(0).getOutcome());
        assertEquals(Outcome.REJECTED, result.getResults(1).getOutcome());
        assertEquals(
                0,
                j.db(JIANGSHAN).count("SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid", secret));
        assertEquals(0, j.db(JIANGSHAN).count("SELECT count(*) FROM alert_sighting WHERE alert_id = ?::uuid", secret));
    }

    @Test
    void sightingsPageWithACursor() {
        String id = j.publish(alert("见到分页", "GENERAL", PUCHENG));
        j.awaitVisible(PUCHENG, id);
        List<String> reported = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reported.add(j.home(PUCHENG, "investigator")
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "kind",
                            "SIGHTING",
                            "description",
                            "第" + i + "次见到",
                            "observedAt",
                            "2026-01-0" + (i + 1) + "T08:00:00+08:00"))
                    .when()
                    .post("/api/v1/alerts/" + id + "/sightings")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        Await.until(
                PATIENCE,
                () -> j.db(JIANGSHAN).count("SELECT count(*) FROM alert_sighting WHERE alert_id = ?::uuid", id) == 5,
                () -> "five reports at Jiangshan");
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                RequestSpecification request = j.home(code, "analyst").queryParam("limit", 2);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                JsonPath page = request.when()
                        .get("/api/v1/alerts/" + id + "/sightings")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                List<String> items = page.getList("items.id");
                assertTrue(items.size() <= 2);
                // audited as the reports returned, not with the one fetched to know there is more
                String audited = lastAudit(code, "sighting.list");
                assertTrue(audited.startsWith(items.size() + " reports"), audited);
                seen.addAll(items);
                cursor = page.getString("nextCursor");
                pages++;
            } while (cursor != null && pages < 10);
            assertNull(cursor);
            assertEquals(3, pages);
            // newest observation first
            assertEquals(reported.reversed(), seen, "at " + code);
        }
        j.home(JIANGSHAN, "analyst")
                .queryParam("cursor", "garbage")
                .when()
                .get("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        j.home(JIANGSHAN, "analyst")
                .queryParam("limit", 0)
                .when()
                .get("/api/v1/alerts/" + id + "/sightings")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void theListsAuditNamesThePageReturnedNotTheRowFetchedToKnowThereIsMore() {
        // two alerts only this test's filter finds: a bank account of its own
        String account = String.format(
                "6222%015d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000_000_000L));
        List<String> published = new ArrayList<>();
        for (String title : List.of("审计分页之一", "审计分页之二")) {
            Map<String, Object> body = alert(title, "GENERAL", PUCHENG);
            body.put("subjects", List.of(Map.of("kind", "BANK_ACCOUNT", "value", account)));
            published.add(j.publish(body));
        }
        JsonPath first = j.home(JIANGSHAN, "analyst")
                .queryParam("subject", account)
                .queryParam("limit", 1)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> shown = first.getList("items.id");
        assertEquals(1, shown.size());
        String other = published.stream()
                .filter(id -> !id.equals(shown.get(0)))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "limit=1 returned=1: " + shown.get(0),
                lastListAudit(account).replaceFirst("^.* (limit=)", "$1"),
                "the alert fetched only to know there is a next page was not read");
        // the cursor still leads to it
        JsonPath second = j.home(JIANGSHAN, "analyst")
                .queryParam("subject", account)
                .queryParam("limit", 1)
                .queryParam("cursor", first.getString("nextCursor"))
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(other), second.getList("items.id"));
        assertNull(second.getString("nextCursor"));
        assertEquals("limit=1 returned=1: " + other, lastListAudit(account).replaceFirst("^.* (limit=)", "$1"));
    }

    /** The detail of the newest {@code action} entry at {@code code}. */
    String lastAudit(String code, String action) {
        try (var c = j.db(code).connect();
                var ps = c.prepareStatement(
                        "SELECT detail FROM federation.audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, action);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a " + action + " entry at " + code);
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The detail of Jiangshan's newest alert.list entry that names {@code word}. */
    String lastListAudit(String word) {
        try (var c = j.db(JIANGSHAN).connect();
                var ps = c.prepareStatement("SELECT detail FROM federation.audit_log WHERE action = 'alert.list'"
                        + " AND detail LIKE ? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, "%" + word + "%");
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next(), "an alert.list entry for " + word);
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The refusals every endpoint owes: 401 without or with an untrusted token, 403 for another jurisdiction or role. */
    void refusesStrangers(String method, String path, Map<String, ?> body, String rightRole, String wrongRole) {
        Supplier<RequestSpecification> none = () -> given().baseUri(j.url(JIANGSHAN));
        String untrusted =
                new TestIssuer("330822").token(JIANGSHAN).roles(rightRole).sign();
        List<RequestSpecification> unauthenticated =
                List.of(none.get(), none.get().auth().oauth2(untrusted));
        for (RequestSpecification r : unauthenticated) {
            call(r, method, path, body).then().statusCode(401).contentType("application/problem+json");
        }
        call(j.as(PUCHENG, JIANGSHAN, rightRole), method, path, body)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        call(j.home(JIANGSHAN, wrongRole), method, path, body)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    static io.restassured.response.Response call(
            RequestSpecification r, String method, String path, Map<String, ?> body) {
        if (body != null) {
            r = r.contentType(ContentType.JSON).body(body);
        }
        return r.when().request(method, path);
    }

    @Test
    void updateAndRevokeRefuseStrangersAndStoreNothing() {
        String id = j.publish(alert("拒绝修改", "GENERAL", PUCHENG));
        j.awaitVisible(PUCHENG, id);
        // Guangfeng's own alert, held at Jiangshan as a replica
        Map<String, Object> theirs = alert("广丰的预警", "GENERAL", JIANGSHAN);
        String guangfeng = j.home(GUANGFENG, "analyst")
                .contentType(ContentType.JSON)
                .body(theirs)
                .when()
                .post("/api/v1/alerts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        j.awaitVisible(JIANGSHAN, guangfeng);
        Map<String, Object> changed = alert("被篡改", "GENERAL", PUCHENG, GUANGFENG);

        refusesStrangers("PUT", "/api/v1/alerts/" + id, changed, "analyst", "investigator");
        refusesStrangers("POST", "/api/v1/alerts/" + id + "/revoke", null, "commander", "mediator");
        // not the owner: a partner's alert here, our alert at a partner
        j.home(JIANGSHAN, "analyst")
                .contentType(ContentType.JSON)
                .body(changed)
                .when()
                .put("/api/v1/alerts/" + guangfeng)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        j.home(JIANGSHAN, "analyst")
                .when()
                .post("/api/v1/alerts/" + guangfeng + "/revoke")
                .then()
                .statusCode(404);
        j.home(PUCHENG, "analyst")
                .contentType(ContentType.JSON)
                .body(changed)
                .when()
                .put("/api/v1/alerts/" + id)
                .then()
                .statusCode(404);
        j.home(PUCHENG, "commander")
                .when()
                .post("/api/v1/alerts/" + id + "/revoke")
                .then()
                .statusCode(404);

        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM alert WHERE id = ?::uuid AND version = 1 "
                                        + "AND title = '拒绝修改' AND revoked_at IS NULL",
                                id));
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM alert WHERE id = ?::uuid AND version = 1 "
                                        + "AND revoked_at IS NULL",
                                guangfeng));
        // nothing was sent: what Jiangshan sends Pucheng now arrives after anything queued before
        j.drainedTo(PUCHENG);
        assertEquals(1, j.db(PUCHENG).count("SELECT count(*) FROM alert WHERE id = ?::uuid AND version = 1", id));
    }

    @Test
    void sightingsAndStixExportRefuseStrangers() {
        String id = j.publish(alert("拒绝读取", "GENERAL", PUCHENG));
        String notForPucheng = j.publish(alert("不发浦城", "GENERAL", GUANGFENG));
        j.awaitVisible(PUCHENG, id);
        refusesStrangers("GET", "/api/v1/alerts/" + id + "/sightings", null, "analyst", "mediator");
        j.home(PUCHENG, "analyst")
                .when()
                .get("/api/v1/alerts/" + notForPucheng + "/sightings")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        long exports = j.auditRows(JIANGSHAN, "alert.export");
        refusesStrangers("GET", "/api/v1/alerts/export/stix?id=" + id, null, "analyst", "mediator");
        j.home(PUCHENG, "analyst")
                .queryParam("id", notForPucheng)
                .when()
                .get("/api/v1/alerts/export/stix")
                .then()
                .statusCode(404);
        assertEquals(exports, j.auditRows(JIANGSHAN, "alert.export"), "nothing was exported");
    }

    void audited(String code, String action, Runnable call) {
        long before = j.auditRows(code, action);
        call.run();
        assertEquals(before + 1, j.auditRows(code, action), action + " at " + code);
    }

    @Test
    void everyWriteAndReadIsAudited() {
        Map<String, Object> body = red("审计预警", "GENERAL", PUCHENG);
        String[] id = new String[1];
        audited(JIANGSHAN, "alert.published", () -> id[0] = j.publish(body));
        String alertId = id[0];
        body.put("title", "审计预警（更新）");
        audited(
                JIANGSHAN,
                "alert.updated",
                () -> j.home(JIANGSHAN, "analyst")
                        .contentType(ContentType.JSON)
                        .body(body)
                        .when()
                        .put("/api/v1/alerts/" + alertId)
                        .then()
                        .statusCode(200));
        Await.until(
                PATIENCE,
                () -> "审计预警（更新）"
                        .equals(j.home(PUCHENG, "analyst")
                                .get("/api/v1/alerts/" + alertId)
                                .path("title")),
                () -> "version 2 at Pucheng");
        audited(
                PUCHENG,
                "alert.acknowledged",
                () -> j.home(PUCHENG, "analyst")
                        .contentType(ContentType.JSON)
                        .body(Map.of())
                        .when()
                        .post("/api/v1/alerts/" + alertId + "/acknowledgement")
                        .then()
                        .statusCode(200));
        audited(
                PUCHENG,
                "sighting.reported",
                () -> j.home(PUCHENG, "analyst")
                        .contentType(ContentType.JSON)
                        .body(Map.of("kind", "FEEDBACK", "description", "已布控"))
                        .when()
                        .post("/api/v1/alerts/" + alertId + "/sightings")
                        .then()
                        .statusCode(201));

        audited(
                JIANGSHAN,
                "alert.read",
                () -> j.home(JIANGSHAN, "analyst")
                        .when()
                        .get("/api/v1/alerts/" + alertId)
                        .then()
                        .statusCode(200));
        audited(
                JIANGSHAN,
                "alert.receipts",
                () -> j.home(JIANGSHAN, "analyst")
                        .when()
                        .get("/api/v1/alerts/" + alertId + "/acknowledgements")
                        .then()
                        .statusCode(200));
        audited(
                JIANGSHAN,
                "alert.overdue",
                () -> j.home(JIANGSHAN, "analyst")
                        .when()
                        .get("/api/v1/alerts/overdue")
                        .then()
                        .statusCode(200));
        audited(
                JIANGSHAN,
                "sighting.list",
                () -> j.home(JIANGSHAN, "analyst")
                        .when()
                        .get("/api/v1/alerts/" + alertId + "/sightings")
                        .then()
                        .statusCode(200));
        audited(
                PUCHENG,
                "sighting.list",
                () -> j.home(PUCHENG, "analyst")
                        .when()
                        .get("/api/v1/alerts/" + alertId + "/sightings")
                        .then()
                        .statusCode(200));
        audited(
                JIANGSHAN,
                "alert.export",
                () -> j.home(JIANGSHAN, "analyst")
                        .queryParam("id", alertId)
                        .when()
                        .get("/api/v1/alerts/export/stix")
                        .then()
                        .statusCode(200));
        // a search records its terms and filters, also when nothing matched
        String nothing = "查无此词" + UUID.randomUUID().toString().substring(0, 4);
        audited(
                JIANGSHAN,
                "alert.list",
                () -> j.home(JIANGSHAN, "analyst")
                        .queryParam("q", nothing)
                        .queryParam("severity", "RED")
                        .queryParam("subject", "浙H999")
                        .when()
                        .get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .body("items.size()", equalTo(0)));
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'alert.list' "
                                        + "AND detail LIKE ? AND detail LIKE '%severity=RED%' AND detail LIKE '%浙H999%'",
                                "%" + nothing + "%"));
        audited(
                JIANGSHAN,
                "alert.facets",
                () -> j.home(JIANGSHAN, "analyst")
                        .queryParam("facets", true)
                        .queryParam("category", "WANTED_PERSON")
                        .when()
                        .get("/api/v1/alerts")
                        .then()
                        .statusCode(200));

        audited(
                JIANGSHAN,
                "alert.revoked",
                () -> j.home(JIANGSHAN, "commander")
                        .when()
                        .post("/api/v1/alerts/" + alertId + "/revoke")
                        .then()
                        .statusCode(200));
        assertEquals(
                1,
                j.db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'alert.revoked' "
                                        + "AND record_id = ?",
                                alertId));
        // intact once a partner holds an anchor of Jiangshan's chain (the first moments after a start)
        org.borderpolice.federation.testing.Await.until(
                org.borderpolice.federation.testing.Await.timer(
                        org.borderpolice.federation.testing.TestFederation.ANCHOR_EVERY, 10),
                () -> j.home(JIANGSHAN, "commander")
                        .when()
                        .get("/api/v1/audit/verify")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<Boolean>path("intact"),
                () -> "Jiangshan's audit chain verified intact");
    }

    long notFoundAudited(String code, String action, String jurisdiction, String id) {
        return j.db(code)
                .count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = ? AND jurisdiction = ? "
                                + "AND detail LIKE '%not found%' AND (record_id = ? OR detail LIKE ?)",
                        action, jurisdiction, id, "%" + id + "%");
    }

    @Test
    void readsOfMissingOrInvisibleAlertsAreAudited() {
        String missing = org.borderpolice.federation.validation.RecordIds.create(JIANGSHAN)
                .toString();
        String confidential = j.publish(alert("机密：调查人员不可见", "CONFIDENTIAL", PUCHENG));
        String notShared = j.publish(alert("不发浦城的预警", "GENERAL", GUANGFENG));

        j.home(JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/alerts/" + missing)
                .then()
                .statusCode(404);
        assertEquals(1, notFoundAudited(JIANGSHAN, "alert.read", JIANGSHAN, missing), "a read of a missing alert");
        j.home(JIANGSHAN, "investigator")
                .when()
                .get("/api/v1/alerts/" + confidential)
                .then()
                .statusCode(404);
        assertEquals(
                1, notFoundAudited(JIANGSHAN, "alert.read", JIANGSHAN, confidential), "a read of an invisible one");
        j.as(PUCHENG, JIANGSHAN, "analyst")
                .when()
                .get("/api/v1/alerts/" + notShared)
                .then()
                .statusCode(404);
        assertEquals(1, notFoundAudited(JIANGSHAN, "alert.read", PUCHENG, notShared), "a partner's user at the origin");

        long exports = j.db(JIANGSHAN)
                .count("SELECT count(*) FROM federation.audit_log WHERE action = 'alert.export' "
                        + "AND detail NOT LIKE '%not found%'");
        j.home(JIANGSHAN, "investigator")
                .when()
                .get("/api/v1/alerts/" + confidential + "/acknowledgements")
                .then()
                .statusCode(404);
        assertEquals(1, notFoundAudited(JIANGSHAN, "alert.receipts", JIANGSHAN, confidential));
        j.home(JIANGSHAN, "investigator")
                .when()
                .get("/api/v1/alerts/" + missing + "/sightings")
                .then()
                .statusCode(404);
        assertEquals(1, notFoundAudited(JIANGSHAN, "sighting.list", JIANGSHAN, missing));
        j.home(JIANGSHAN, "integrator")
                .queryParam("id", notShared)
                .queryParam("id", confidential)
                .when()
                .get("/api/v1/alerts/export/stix")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertEquals(
                1,
                notFoundAudited(JIANGSHAN, "alert.export", JIANGSHAN, confidential),
                "an export naming an alert the integrator may not see");
        assertEquals(
                exports,
                j.db(JIANGSHAN)
                        .count("SELECT count(*) FROM federation.audit_log WHERE action = "
                                + "'alert.export' AND detail NOT LIKE '%not found%'"),
                "and nothing exported");
    }
}
