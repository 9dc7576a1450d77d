package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.borderpolice.federation.proto.intel.v1.AlertProto;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Jiangshan (330881), Pucheng (350722) and Guangfeng (361103) run intel-sharing as processes
 * with their own databases; alerts published at Jiangshan reach partners over gRPC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String VALID_ID = "330881199001011238";

    TestFederation federation;
    Map<String, JurisdictionProcess> processes = new HashMap<>();

    @BeforeAll
    void start() {
        federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG, GUANGFENG);
        for (String code : List.of(JIANGSHAN, PUCHENG, GUANGFENG)) {
            // a short RED deadline at Jiangshan so that "overdue" happens within the test
            // and a small daily hit-check quota, so that running out of it happens too
            Map<String, String> settings = code.equals(JIANGSHAN)
                    ? Map.of("intel.acknowledgement.red", "3s", "intel.hit-check.daily-quota", "5")
                    : Map.of();
            processes.put(code, federation.process(code, JurisdictionProcess.packagedApplication(), settings).start());
        }
        processes.values().forEach(p -> p.awaitReady(Duration.ofSeconds(90)));
    }

    @AfterAll
    void stop() {
        processes.values().forEach(JurisdictionProcess::stop);
    }

    String url(String code) {
        return processes.get(code).baseUrl();
    }

    PostgresServer.Database db(String code) {
        return federation.database(code);
    }

    /** A user of `code` calling the service of `at`. */
    String token(String code, String at, String... roles) {
        return federation.issuer(code).token(at).roles(roles).unit("坛石派出所").sign();
    }

    static Map<String, Object> alert(String title, String handling, String... distribution) {
        Map<String, Object> body = new HashMap<>();
        body.put("category", "SMUGGLING");
        body.put("severity", "ORANGE");
        body.put("title", title);
        body.put("body", "一辆浙H牌照货车疑似运输走私烟，可能经205国道进入浦城。");
        body.put("subjects", List.of(Map.of("kind", "PERSON", "value", VALID_ID, "label", "张某"),
                Map.of("kind", "VEHICLE", "value", "浙H12345")));
        body.put("distribution", List.of(distribution));
        body.put("handling", handling);
        body.put("sourceReliability", "B");
        body.put("informationCredibility", 2);
        return body;
    }

    Response publish(Map<String, Object> body) {
        return given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/alerts");
    }

    String publishOk(Map<String, Object> body) {
        return publish(body).then().statusCode(201).extract().path("id");
    }

    int statusAt(String code, String id, String... roles) {
        return given().baseUri(url(code)).auth().oauth2(token(code, code, roles)).when().get("/api/v1/alerts/" + id)
                .statusCode();
    }

    void awaitVisible(String code, String id) {
        Await.until(PATIENCE, () -> statusAt(code, id, "analyst") == 200, () -> id + " visible at " + code);
    }

    Set<String> subjectHashes(String code, String id) {
        Set<String> hashes = new HashSet<>();
        try (var c = db(code).connect();
                var select = c.prepareStatement("SELECT hash FROM alert_subject_hash WHERE alert_id = ?::uuid")) {
            select.setString(1, id);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return hashes;
    }

    long rows(String code, String id) {
        return db(code).count("SELECT count(*) FROM alert WHERE id = ?::uuid", id);
    }

    @Test
    void publishedAtJiangshanIsVisibleAtPuchengOnly() {
        String id = publishOk(alert("走私烟草车辆预警", "GENERAL", PUCHENG));
        awaitVisible(PUCHENG, id);
        String readsOfIt = "SELECT count(*) FROM federation.audit_log WHERE action = 'alert.read' AND record_id = ? "
                + "AND jurisdiction = ?";
        long readsBefore = db(PUCHENG).count(readsOfIt, id, PUCHENG);
        given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "investigator"))
                .when().get("/api/v1/alerts/" + id)
                .then().statusCode(200)
                .body("origin", equalTo(JIANGSHAN))
                .body("title", equalTo("走私烟草车辆预警"))
                .body("issuingUnit", equalTo("坛石派出所"))
                .body("status", equalTo("ACTIVE"))
                .body("subjects.value", hasItem(VALID_ID));
        // the read is in Pucheng's audit log, and its chain holds
        assertEquals(readsBefore + 1, db(PUCHENG).count(readsOfIt, id, PUCHENG));
        // intact once a partner holds an anchor of Pucheng's chain (the first moments after a start)
        org.borderpolice.federation.testing.Await.until(java.time.Duration.ofSeconds(30),
                () -> given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "commander"))
                        .when().get("/api/v1/audit/verify").then().statusCode(200).extract().<Boolean>path("intact"),
                () -> "Pucheng's audit chain verified intact");
        // Guangfeng is not in the distribution: it never receives it, and cannot read it at Jiangshan either
        assertEquals(0, rows(GUANGFENG, id));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(GUANGFENG, JIANGSHAN, "analyst"))
                .when().get("/api/v1/alerts/" + id).then().statusCode(404);
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
        changed.put("subjects", List.of(Map.of("kind", "PERSON", "value", VALID_ID), Map.of("kind", "VEHICLE", "value", "浙H54321")));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "commander"))
                .contentType(ContentType.JSON).body(changed).when().put("/api/v1/alerts/" + id)
                .then().statusCode(200).body("version", equalTo(2));
        Await.until(PATIENCE, () -> "失踪人员协查（更新）".equals(given().baseUri(url(PUCHENG))
                .auth().oauth2(token(PUCHENG, PUCHENG, "analyst")).get("/api/v1/alerts/" + id).path("title")),
                () -> "version 2 at Pucheng");
        // the subjects' hashes follow the update at the origin and at the receiver: the old vehicle's is gone
        Set<String> hashesAfter = subjectHashes(JIANGSHAN, id);
        assertEquals(2, hashesAfter.size());
        assertEquals(1, hashesAfter.stream().filter(hashesBefore::contains).count(), "only the person's hash stays");
        assertEquals(hashesAfter, subjectHashes(PUCHENG, id));
        // Guangfeng was dropped from the distribution: it stops holding the alert
        Await.until(PATIENCE, () -> rows(GUANGFENG, id) == 0, () -> "dropped partner no longer holds it");

        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .when().post("/api/v1/alerts/" + id + "/revoke")
                .then().statusCode(200).body("status", equalTo("REVOKED"));
        Await.until(PATIENCE, () -> statusAt(PUCHENG, id, "analyst") == 404, () -> "revoked alert gone at Pucheng");
        assertEquals(0, rows(PUCHENG, id));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON).body(changed).when().put("/api/v1/alerts/" + id)
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void acknowledgementsFlowBackAndOverduePartnersAreFlagged() {
        Map<String, Object> red = alert("红色预警：持枪逃犯", "GENERAL", PUCHENG, GUANGFENG);
        red.put("severity", "RED");
        red.put("category", "WANTED_PERSON");
        String id = publishOk(red);
        awaitVisible(PUCHENG, id);
        String puchengAnalyst = token(PUCHENG, PUCHENG, "analyst");
        given().baseUri(url(PUCHENG)).auth().oauth2(puchengAnalyst).contentType(ContentType.JSON)
                .body(Map.of("note", "已部署卡口查控")).when().post("/api/v1/alerts/" + id + "/acknowledgement")
                .then().statusCode(200).body("partner", equalTo(PUCHENG)).body("alertOrigin", equalTo(JIANGSHAN));
        // idempotent
        given().baseUri(url(PUCHENG)).auth().oauth2(puchengAnalyst).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/alerts/" + id + "/acknowledgement").then().statusCode(200);

        String jiangshanAnalyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        Await.until(PATIENCE, () -> given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanAnalyst)
                .get("/api/v1/alerts/" + id + "/acknowledgements").jsonPath()
                .getString("find { it.partner == '350722' }.acknowledgedAt") != null,
                () -> "Pucheng's acknowledgement at Jiangshan");
        Await.until(PATIENCE, () -> given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanAnalyst)
                .get("/api/v1/alerts/" + id + "/acknowledgements").jsonPath()
                .getBoolean("find { it.partner == '361103' }.overdue"), () -> "Guangfeng overdue after 3 s");
        given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanAnalyst)
                .when().get("/api/v1/alerts/" + id + "/acknowledgements")
                .then().statusCode(200)
                .body("find { it.partner == '350722' }.overdue", equalTo(false))
                .body("find { it.partner == '350722' }.note", equalTo("已部署卡口查控"))
                .body("find { it.partner == '361103' }.required", equalTo(true));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanAnalyst).when().get("/api/v1/alerts/overdue")
                .then().statusCode(200)
                .body("find { it.alertId == '" + id + "' }.partnersOverdue", equalTo(List.of(GUANGFENG)));
        assertEquals(1, db(JIANGSHAN).count("SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid", id));

        // refused: own alert, missing role, partner reading our receipts, not distributed to the caller
        given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanAnalyst).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/alerts/" + id + "/acknowledgement").then().statusCode(409);
        given().baseUri(url(GUANGFENG)).auth().oauth2(token(GUANGFENG, GUANGFENG, "mediator"))
                .contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/alerts/" + id + "/acknowledgement").then().statusCode(403);
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(PUCHENG, JIANGSHAN, "analyst"))
                .when().get("/api/v1/alerts/" + id + "/acknowledgements").then().statusCode(403);
        String onlyPucheng = publishOk(alert("仅浦城", "GENERAL", PUCHENG));
        given().baseUri(url(GUANGFENG)).auth().oauth2(token(GUANGFENG, GUANGFENG, "analyst"))
                .contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/alerts/" + onlyPucheng + "/acknowledgement").then().statusCode(404);
    }

    @Test
    void aPartnerCannotAcknowledgeWhatWasNotSentToIt() {
        String onlyPucheng = publishOk(alert("不发广丰", "GENERAL", PUCHENG));
        var forged = AlertProto.Acknowledgement.newBuilder()
                .setAlertId(onlyPucheng).setAlertOrigin(JIANGSHAN).setPartner(GUANGFENG)
                .setAcknowledgedBy("x").setAcknowledgedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1))
                .build();
        var event = org.borderpolice.federation.proto.replication.v1.ReplicationEvent.newBuilder()
                .setEventId(java.util.UUID.randomUUID().toString()).setOrigin(GUANGFENG)
                .setRecordType("intel.acknowledgement").setRecordId(onlyPucheng + ":" + GUANGFENG).setVersion(1)
                .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1))
                .addDistribution(JIANGSHAN).addDistribution(GUANGFENG)
                .setPayload(com.google.protobuf.Any.pack(forged)).build();
        String peer = federation.issuer(GUANGFENG).token(JIANGSHAN).roles("peer").sign();
        try (var client = new org.borderpolice.federation.testing.ReplicationClient(processes.get(JIANGSHAN).httpPort())) {
            assertEquals(org.borderpolice.federation.proto.replication.v1.Outcome.REJECTED,
                    client.deliver(peer, event).getResults(0).getOutcome());
        }
        assertEquals(0, db(JIANGSHAN).count("SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid",
                onlyPucheng));
    }

    Response publishWithKey(String token, String key, Map<String, Object> body) {
        return given().baseUri(url(JIANGSHAN)).auth().oauth2(token).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/alerts");
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
        publishWithKey(analyst, key, body).then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", org.hamcrest.Matchers.endsWith(id)).body("id", equalTo(id));
        // several retries at once still make one alert
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        String racingKey = "race-" + java.util.UUID.randomUUID();
        Map<String, Object> racing = alert("幂等并发测试", "GENERAL", PUCHENG);
        List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> publishWithKey(analyst, racingKey, racing).then().statusCode(201)
                    .extract().<String>path("id")));
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
        publishWithKey(analyst, key, other).then().statusCode(422).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("idempotency-key-reused"));
        assertEquals(0, db(JIANGSHAN).count("SELECT count(*) FROM alert WHERE title = ?", "幂等键冲突测试"));
        // keys belong to their caller: another analyst's identical key is a new request
        String colleague = federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("analyst").subject("colleague")
                .unit("坛石派出所").sign();
        String second = publishWithKey(colleague, key, body).then().statusCode(201)
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue()).extract().path("id");
        assertFalse(second.equals(id));
        // a key that is not a key
        publishWithKey(analyst, "x".repeat(201), alert("幂等键过长测试", "GENERAL", PUCHENG)).then().statusCode(400)
                .contentType("application/problem+json");
        assertEquals(0, db(JIANGSHAN).count("SELECT count(*) FROM alert WHERE title = ?", "幂等键过长测试"));
        // the partner got the alert once
        awaitVisible(PUCHENG, id);
        assertEquals(1, db(PUCHENG).count("SELECT count(*) FROM federation.inbox_event WHERE record_id = ?", id));
    }

    List<String> search(String code, String query) {
        return given().baseUri(url(code)).auth().oauth2(token(code, code, "analyst")).queryParam("q", query)
                .queryParam("limit", 200).when().get("/api/v1/alerts").then().statusCode(200).extract().jsonPath()
                .getList("items.id");
    }

    @Test
    void searchFindsWordsNotCharacters() {
        Map<String, Object> smuggling = alert("浦城方向走私烟车辆", "GENERAL", PUCHENG);
        smuggling.put("body", "一辆厢式货车夜间运输走私烟，车牌闽HD12345。");
        smuggling.put("subjects", List.of(Map.of("kind", "VEHICLE", "value", "闽HD12345")));
        String smugglingId = publishOk(smuggling);
        Map<String, Object> fugitive = alert("在逃人员张三丰", "GENERAL", PUCHENG);
        fugitive.put("severity", "RED");
        fugitive.put("category", "WANTED_PERSON");
        fugitive.put("body", "张三丰涉嫌盗窃，可能藏匿于江山与浦城交界山区。");
        fugitive.put("subjects", List.of());
        String fugitiveId = publishOk(fugitive);
        Map<String, Object> scattered = alert("码头纠纷", "GENERAL", PUCHENG);
        scattered.put("body", "张某与丰某在三号码头发生争执。");
        scattered.put("subjects", List.of());
        String scatteredId = publishOk(scattered);
        // smartcn segments this as 车 主张 三 丰: the name's words never stand together
        Map<String, Object> glued = alert("可疑面包车", "GENERAL", PUCHENG);
        glued.put("severity", "ORANGE");
        glued.put("category", "SUSPECT_VEHICLE");
        glued.put("body", "车主张三丰，驾驶白色面包车往返两地。");
        glued.put("subjects", List.of());
        String gluedId = publishOk(glued);

        assertTrue(search(JIANGSHAN, "走私").contains(smugglingId), "走私 finds an alert about 走私烟");
        assertTrue(search(JIANGSHAN, "走私烟").contains(smugglingId));
        List<String> name = search(JIANGSHAN, "张三丰");
        assertTrue(name.contains(fugitiveId));
        assertFalse(name.contains(scatteredId), "a name is not matched character by character");
        assertTrue(name.contains(gluedId), "a name is found where the analyser glued it to its neighbour");
        assertEquals(List.of(fugitiveId), search(JIANGSHAN, "张三丰 盗窃"));
        assertTrue(search(JIANGSHAN, "张三丰 走私").isEmpty(), "every term is required");
        // a place name smartcn splits into characters is a word of the dictionary: 浦城 in the title
        // and in 江山与浦城交界; 厢式 (smartcn: 厢 式) before 货车
        List<String> place = search(JIANGSHAN, "浦城");
        assertTrue(place.containsAll(List.of(smugglingId, fugitiveId)), place::toString);
        assertEquals(List.of(smugglingId), search(JIANGSHAN, "厢式货车 浦城"));

        // the receiver indexes its replicas the same way
        awaitVisible(PUCHENG, smugglingId);
        assertTrue(search(PUCHENG, "走私").contains(smugglingId));

        String analyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst).queryParam("subject", "hd123")
                .when().get("/api/v1/alerts").then().statusCode(200).body("items.id", equalTo(List.of(smugglingId)));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst).queryParam("subject", "%")
                .when().get("/api/v1/alerts").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst).queryParam("q", "张三丰").queryParam("facets", true)
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("facets.severity", equalTo(Map.of("RED", 1, "ORANGE", 1)))
                .body("facets.category", equalTo(Map.of("WANTED_PERSON", 1, "SUSPECT_VEHICLE", 1)))
                .body("facets.origin", equalTo(Map.of(JIANGSHAN, 2)));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst).queryParam("q", "长".repeat(201))
                .when().get("/api/v1/alerts").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void newIndexEntriesAreMergedInTheBackgroundAtOriginAndReceiver() {
        String id = publishOk(alert("廿八都方向成品油走私预警", "GENERAL", PUCHENG));
        awaitVisible(PUCHENG, id);
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            try (var c = db(code).connect(); var s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            // the inserts left entries in the pending lists; the service merges them within seconds
            for (String index : List.of("alert_search", "alert_subject_values", "alert_distribution")) {
                Await.until(PATIENCE, () -> db(code).count("SELECT pending_pages FROM pgstatginindex(?::regclass)", index) == 0,
                        () -> index + " at " + code + " still has a pending list");
            }
            assertTrue(search(code, "成品油").contains(id), "found through the merged index at " + code);
        }
        String metrics = given().baseUri(processes.get(JIANGSHAN).managementUrl()).when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("border_search_pending_pages_merged_total")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0), "merged pages are counted");
    }

    Response hitCheck(String at, String token, List<Map<String, String>> identifiers) {
        return given().baseUri(url(at)).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("identifiers", identifiers)).when().post("/api/v1/alerts/hit-checks");
    }

    @Test
    void hitCheckFromAPartnerFindsANeverSharedAlertWithoutItsContent() {
        String person = "35072219850715001X";
        Map<String, Object> secret = alert("绝密线索不公开", "HIT_ONLY", PUCHENG);
        secret.put("body", "线人称此人携带管制刀具。");
        secret.put("subjects", List.of(Map.of("kind", "PERSON", "value", person)));
        String id = publishOk(secret);

        Response response = hitCheck(PUCHENG, token(PUCHENG, PUCHENG, "analyst"), List.of(
                Map.of("kind", "PERSON", "value", person.toLowerCase()), Map.of("kind", "PHONE", "value", "13912345678")));
        response.then().statusCode(200)
                .body("hits.size()", equalTo(1))
                .body("hits[0].identifier", equalTo(0))
                .body("hits[0].owner", equalTo(JIANGSHAN))
                .body("hits[0].ownerName", equalTo("江山市公安局"))
                .body("hits[0].alertId", equalTo(id))
                .body("hits[0].severity", equalTo("ORANGE"))
                .body("hits[0].local", equalTo(false))
                .body("partnersAsked", hasItem(JIANGSHAN))
                .body("partnersUnavailable", org.hamcrest.Matchers.anEmptyMap());
        String raw = response.asString();
        assertFalse(raw.contains("绝密线索") || raw.contains("管制刀具"), "no content of the alert: " + raw);
        String checkId = response.path("checkId");
        assertEquals(1, db(JIANGSHAN).count("SELECT count(*) FROM hit_check_log WHERE check_id = ?::uuid "
                + "AND direction = 'INBOUND' AND counterpart = ? AND hits = 1", checkId, PUCHENG));
        assertEquals(1, db(PUCHENG).count("SELECT count(*) FROM hit_check_log WHERE check_id = ?::uuid "
                + "AND direction = 'OUTBOUND' AND hits = 1", checkId));
        assertEquals(1, db(JIANGSHAN).count("SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.answered' "
                + "AND record_id = ?", checkId));
        // the never-shared alert is still not at Pucheng
        assertEquals(0, rows(PUCHENG, id));
    }

    @Test
    void localHitsFollowTheHandlingCodeOfTheCallersRoles() {
        String confidentialPhone = "13700000101";
        String generalPhone = "13700000102";
        Map<String, Object> confidential = alert("机密比对线索", "CONFIDENTIAL", PUCHENG);
        confidential.put("subjects", List.of(Map.of("kind", "PHONE", "value", confidentialPhone)));
        String confidentialId = publishOk(confidential);
        Map<String, Object> general = alert("一般比对线索", "GENERAL", PUCHENG);
        general.put("subjects", List.of(Map.of("kind", "PHONE", "value", generalPhone)));
        String generalId = publishOk(general);
        List<Map<String, String>> both = List.of(Map.of("kind", "PHONE", "value", confidentialPhone),
                Map.of("kind", "PHONE", "value", generalPhone));

        // an analyst opens all four handling codes, an investigator two: the rule binds each set alike
        hitCheck(JIANGSHAN, token(JIANGSHAN, JIANGSHAN, "analyst"), both).then().statusCode(200)
                .body("hits.size()", equalTo(2))
                .body("hits.alertId", containsInAnyOrder(confidentialId, generalId))
                .body("hits.local", everyItem(equalTo(true)))
                .body("hits.owner", everyItem(equalTo(JIANGSHAN)));
        hitCheck(JIANGSHAN, token(JIANGSHAN, JIANGSHAN, "investigator"), both).then().statusCode(200)
                .body("hits.size()", equalTo(1))
                .body("hits[0].alertId", equalTo(generalId))
                .body("hits[0].identifier", equalTo(1))
                .body("hits[0].local", equalTo(true));
    }

    @Test
    void aHitLeadsToADisclosureRequestThatTheOwnerApprovesOrDenies() {
        String person = "110105194912310029".substring(0, 17);
        person = person + org.borderpolice.federation.validation.ResidentIdNumbers.checkCharacter(person);
        Map<String, Object> secret = alert("涉案线索待批复", "HIT_ONLY", PUCHENG);
        secret.put("subjects", List.of(Map.of("kind", "PERSON", "value", person)));
        String alertId = publishOk(secret);
        String denied = publishOk(alert("不予披露线索", "HIT_ONLY", PUCHENG));

        String puchengAnalyst = token(PUCHENG, PUCHENG, "analyst");
        String hitAlert = hitCheck(PUCHENG, puchengAnalyst, List.of(Map.of("kind", "PERSON", "value", person)))
                .then().statusCode(200).extract().path("hits[0].alertId");
        assertEquals(alertId, hitAlert);
        String requestId = given().baseUri(url(PUCHENG)).auth().oauth2(puchengAnalyst).contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", alertId, "reason", "我局侦办盗窃案，嫌疑人身份证号与线索一致。"))
                .when().post("/api/v1/alerts/disclosure-requests")
                .then().statusCode(201).body("status", equalTo("PENDING")).extract().path("id");
        // a disclosure request needs a hit of ours on that alert first
        hitCheck(PUCHENG, puchengAnalyst, List.of(Map.of("kind", "PERSON", "value", VALID_ID))).then().statusCode(200)
                .body("hits.alertId", hasItem(denied));
        String otherRequest = given().baseUri(url(PUCHENG)).auth().oauth2(puchengAnalyst).contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", denied, "reason", "核实"))
                .when().post("/api/v1/alerts/disclosure-requests").then().statusCode(201).extract().path("id");

        String jiangshanCommander = token(JIANGSHAN, JIANGSHAN, "commander");
        Await.until(PATIENCE, () -> given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanCommander)
                .get("/api/v1/alerts/disclosure-requests").jsonPath().getList("items.id").contains(otherRequest),
                () -> "requests arrive at the owner");
        given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanCommander).when().get("/api/v1/alerts/disclosure-requests")
                .then().statusCode(200)
                .body("items.find { it.id == '" + requestId + "' }.requester", equalTo(PUCHENG))
                .body("items.find { it.id == '" + requestId + "' }.status", equalTo("PENDING"))
                .body("items.find { it.id == '" + requestId + "' }.overdue", equalTo(false));

        // refused: a mediator, and the requester trying to answer its own request
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "mediator"))
                .contentType(ContentType.JSON).body(Map.of("decision", "APPROVED"))
                .when().post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer").then().statusCode(403);
        given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "commander"))
                .contentType(ContentType.JSON).body(Map.of("decision", "APPROVED"))
                .when().post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer").then().statusCode(404);

        given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanCommander).contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVED", "reason", "同意，仅限本案使用"))
                .when().post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer")
                .then().statusCode(200).body("status", equalTo("APPROVED"));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanCommander).contentType(ContentType.JSON)
                .body(Map.of("decision", "DENIED")).when()
                .post("/api/v1/alerts/disclosure-requests/" + requestId + "/answer").then().statusCode(409);
        given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanCommander).contentType(ContentType.JSON)
                .body(Map.of("decision", "DENIED", "reason", "线索尚未核实"))
                .when().post("/api/v1/alerts/disclosure-requests/" + otherRequest + "/answer")
                .then().statusCode(200).body("status", equalTo("DENIED"));

        // approval shares the alert (still HIT_ONLY) with Pucheng; the denied one stays at Jiangshan
        Await.until(PATIENCE, () -> statusAt(PUCHENG, alertId, "analyst") == 200, () -> "approved alert at Pucheng");
        given().baseUri(url(PUCHENG)).auth().oauth2(puchengAnalyst).when().get("/api/v1/alerts/" + alertId)
                .then().body("title", equalTo("涉案线索待批复")).body("handling", equalTo("HIT_ONLY"));
        Await.until(PATIENCE, () -> "DENIED".equals(given().baseUri(url(PUCHENG)).auth().oauth2(puchengAnalyst)
                .get("/api/v1/alerts/disclosure-requests").jsonPath()
                .getString("items.find { it.id == '" + otherRequest + "' }.status")), () -> "denial at Pucheng");
        given().baseUri(url(PUCHENG)).auth().oauth2(puchengAnalyst).when().get("/api/v1/alerts/disclosure-requests")
                .then().body("items.find { it.id == '" + requestId + "' }.status", equalTo("APPROVED"))
                .body("items.find { it.id == '" + requestId + "' }.answerReason", equalTo("同意，仅限本案使用"));
        assertEquals(0, rows(PUCHENG, denied));

        // bad requests store nothing
        long before = db(PUCHENG).count("SELECT count(*) FROM disclosure_request");
        given().baseUri(url(PUCHENG)).auth().oauth2(puchengAnalyst).contentType(ContentType.JSON)
                .body(Map.of("owner", "110105", "alertId", alertId, "reason", "x"))
                .when().post("/api/v1/alerts/disclosure-requests").then().statusCode(400);
        given().baseUri(url(PUCHENG)).auth().oauth2(puchengAnalyst).contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", alertId))
                .when().post("/api/v1/alerts/disclosure-requests").then().statusCode(400)
                .body("errors.field", hasItem("reason"));
        assertEquals(before, db(PUCHENG).count("SELECT count(*) FROM disclosure_request"));
    }

    @Test
    void aPartnersDailyQuotaIsEnforcedByTheOwner() {
        String guangfeng = token(GUANGFENG, GUANGFENG, "analyst");
        List<Map<String, String>> six = List.of("13900000001", "13900000002", "13900000003", "13900000004",
                "13900000005", "13900000006").stream().map(v -> Map.of("kind", "PHONE", "value", v)).toList();
        hitCheck(GUANGFENG, guangfeng, six).then().statusCode(200)
                .body("partnersUnavailable.330881", equalTo("RESOURCE_EXHAUSTED"))
                .body("partnersUnavailable", not(org.hamcrest.Matchers.hasKey(PUCHENG)));
        // refused identifiers do not count against the quota
        hitCheck(GUANGFENG, guangfeng, six.subList(0, 5)).then().statusCode(200)
                .body("partnersUnavailable", org.hamcrest.Matchers.anEmptyMap());
        hitCheck(GUANGFENG, guangfeng, six.subList(0, 1)).then().statusCode(200)
                .body("partnersUnavailable.330881", equalTo("RESOURCE_EXHAUSTED"));
    }

    @Test
    void hitChecksRefuseWhatTheyShould() {
        List<Map<String, String>> one = List.of(Map.of("kind", "PHONE", "value", "13800138000"));
        hitCheck(PUCHENG, token(PUCHENG, PUCHENG, "mediator"), one).then().statusCode(403);
        hitCheck(PUCHENG, token(JIANGSHAN, PUCHENG, "analyst"), one).then().statusCode(403);
        given().baseUri(url(PUCHENG)).contentType(ContentType.JSON).body(Map.of("identifiers", one))
                .when().post("/api/v1/alerts/hit-checks").then().statusCode(401);
        hitCheck(PUCHENG, token(PUCHENG, PUCHENG, "analyst"),
                List.of(Map.of("kind", "PERSON", "value", "330881199001011237")))
                .then().statusCode(400).body("errors.field", hasItem("identifiers[0].value"));
        hitCheck(PUCHENG, token(PUCHENG, PUCHENG, "analyst"), List.of()).then().statusCode(400);
        List<Map<String, String>> tooMany = java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> Map.of("kind", "PHONE", "value", "139" + String.format("%08d", i))).toList();
        hitCheck(PUCHENG, token(PUCHENG, PUCHENG, "analyst"), tooMany).then().statusCode(400);
    }

    @Test
    void selectedAlertsExportAsAStixBundleWithTlpMarkings() {
        String general = publishOk(alert("一般预警导出", "GENERAL", PUCHENG));
        String confidential = publishOk(alert("机密预警导出", "CONFIDENTIAL", PUCHENG));
        String secret = publishOk(alert("仅比对不导出", "HIT_ONLY", PUCHENG));
        String analyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        io.restassured.path.json.JsonPath bundle = given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst)
                .queryParam("id", general).queryParam("id", confidential).queryParam("id", secret)
                .when().get("/api/v1/alerts/export/stix").then().statusCode(200).extract().jsonPath();
        assertEquals("bundle", bundle.getString("type"));
        assertTrue(bundle.getString("id").startsWith("bundle--"));
        assertEquals("江山市公安局", bundle.getString("objects.find { it.type == 'identity' }.name"));
        assertEquals(List.of("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"),
                bundle.getList("objects.find { it.name == '一般预警导出' }.object_marking_refs"));
        assertEquals(List.of("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"),
                bundle.getList("objects.find { it.name == '机密预警导出' }.object_marking_refs"));
        assertEquals(List.of("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"),
                bundle.getList("objects.find { it.name == '仅比对不导出' }.object_marking_refs"));
        // each report names its alert in external_references, under a STIX identifier (record ids are UUIDv8)
        assertTrue(bundle.getString("objects.find { it.name == '机密预警导出' }.external_references[0].external_id")
                .endsWith("/" + confidential));
        bundle.<String>getList("objects.findAll { it.type == 'report' }.id")
                .forEach(id -> assertTrue(StixMapperTest.IDENTIFIER.matcher(id).matches(), id));
        assertEquals(3, bundle.getList("objects.findAll { it.type == 'report' }").size());
        assertEquals(1, db(JIANGSHAN).count("SELECT count(*) FROM federation.audit_log WHERE action = 'alert.export' "
                + "AND detail LIKE ?", "%" + secret + "%"));

        // at Pucheng: the HIT_ONLY one is not there to export, a mediator may not export at all
        awaitVisible(PUCHENG, confidential);
        given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "analyst"))
                .queryParam("id", general).queryParam("id", secret)
                .when().get("/api/v1/alerts/export/stix").then().statusCode(404);
        given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "mediator")).queryParam("id", general)
                .when().get("/api/v1/alerts/export/stix").then().statusCode(403);
        given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "analyst"))
                .when().get("/api/v1/alerts/export/stix").then().statusCode(400).contentType("application/problem+json");
        given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "analyst")).queryParam("id", "not-a-uuid")
                .when().get("/api/v1/alerts/export/stix").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void sightingsFlowBackToThePublisher() {
        String id = publishOk(alert("嫌疑车辆布控", "GENERAL", PUCHENG, GUANGFENG));
        awaitVisible(PUCHENG, id);
        awaitVisible(GUANGFENG, id);
        given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "investigator")).contentType(ContentType.JSON)
                .body(Map.of("kind", "SIGHTING", "place", "205国道廿八都检查站",
                        "description", "目标车辆14时05分经过卡口，向浦城方向行驶。"))
                .when().post("/api/v1/alerts/" + id + "/sightings")
                .then().statusCode(201).body("partner", equalTo(PUCHENG)).body("kind", equalTo("SIGHTING"));
        String feedbackKey = "feedback-" + id;
        String feedbackId = given().baseUri(url(GUANGFENG)).auth().oauth2(token(GUANGFENG, GUANGFENG, "analyst"))
                .contentType(ContentType.JSON).header("Idempotency-Key", feedbackKey)
                .body(Map.of("kind", "FEEDBACK", "description", "辖区内未发现目标。"))
                .when().post("/api/v1/alerts/" + id + "/sightings").then().statusCode(201).extract().path("id");
        given().baseUri(url(GUANGFENG)).auth().oauth2(token(GUANGFENG, GUANGFENG, "analyst"))
                .contentType(ContentType.JSON).header("Idempotency-Key", feedbackKey)
                .body(Map.of("kind", "FEEDBACK", "description", "辖区内未发现目标。"))
                .when().post("/api/v1/alerts/" + id + "/sightings").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(feedbackId));
        assertEquals(1, db(GUANGFENG).count("SELECT count(*) FROM alert_sighting WHERE alert_id = ?::uuid", id),
                "a retried report with its idempotency key is stored once");

        String jiangshanAnalyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        Await.until(PATIENCE, () -> given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanAnalyst)
                .get("/api/v1/alerts/" + id + "/sightings").jsonPath().getList("items.partner").size() == 2,
                () -> "both reports at Jiangshan");
        given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanAnalyst).when().get("/api/v1/alerts/" + id + "/sightings")
                .then().statusCode(200)
                .body("items.find { it.partner == '350722' }.place", equalTo("205国道廿八都检查站"))
                .body("items.find { it.partner == '361103' }.kind", equalTo("FEEDBACK"));
        // a partner sees its own reports only
        given().baseUri(url(GUANGFENG)).auth().oauth2(token(GUANGFENG, GUANGFENG, "analyst"))
                .when().get("/api/v1/alerts/" + id + "/sightings").then().statusCode(200)
                .body("items.partner", equalTo(List.of(GUANGFENG)));
        // refused: bad input, wrong role, own alert
        given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "investigator")).contentType(ContentType.JSON)
                .body(Map.of("kind", "SIGHTING", "description", " ", "observedAt", "2999-01-01T00:00:00+08:00"))
                .when().post("/api/v1/alerts/" + id + "/sightings")
                .then().statusCode(400).body("errors.field", hasItem("description"))
                .body("errors.field", hasItem("observedAt"));
        given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "mediator")).contentType(ContentType.JSON)
                .body(Map.of("kind", "FEEDBACK", "description", "x")).when().post("/api/v1/alerts/" + id + "/sightings")
                .then().statusCode(403);
        given().baseUri(url(JIANGSHAN)).auth().oauth2(jiangshanAnalyst).contentType(ContentType.JSON)
                .body(Map.of("kind", "FEEDBACK", "description", "x")).when().post("/api/v1/alerts/" + id + "/sightings")
                .then().statusCode(409);
        assertEquals(2, db(JIANGSHAN).count("SELECT count(*) FROM alert_sighting WHERE alert_id = ?::uuid", id));
    }

    @Test
    void contributionAndFollowUpEndpointsRefuseStrangers() {
        String id = publishOk(alert("拒绝陌生人", "GENERAL", PUCHENG));
        awaitVisible(PUCHENG, id);
        // no token
        given().baseUri(url(PUCHENG)).when().get("/api/v1/alerts/overdue").then().statusCode(401);
        given().baseUri(url(PUCHENG)).when().get("/api/v1/alerts/disclosure-requests").then().statusCode(401);
        given().baseUri(url(PUCHENG)).contentType(ContentType.JSON).body(Map.of("kind", "FEEDBACK", "description", "x"))
                .when().post("/api/v1/alerts/" + id + "/sightings").then().statusCode(401);
        given().baseUri(url(PUCHENG)).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/alerts/" + id + "/acknowledgement").then().statusCode(401);
        // a user of another jurisdiction (trusted issuer, right audience) at Pucheng's service
        String foreign = token(JIANGSHAN, PUCHENG, "analyst", "commander");
        given().baseUri(url(PUCHENG)).auth().oauth2(foreign).when().get("/api/v1/alerts/overdue")
                .then().statusCode(403).contentType("application/problem+json");
        given().baseUri(url(PUCHENG)).auth().oauth2(foreign).when().get("/api/v1/alerts/disclosure-requests")
                .then().statusCode(403);
        given().baseUri(url(PUCHENG)).auth().oauth2(foreign).contentType(ContentType.JSON)
                .body(Map.of("owner", JIANGSHAN, "alertId", id, "reason", "x"))
                .when().post("/api/v1/alerts/disclosure-requests").then().statusCode(403);
        given().baseUri(url(PUCHENG)).auth().oauth2(foreign).contentType(ContentType.JSON)
                .body(Map.of("kind", "FEEDBACK", "description", "x"))
                .when().post("/api/v1/alerts/" + id + "/sightings").then().statusCode(403);
        given().baseUri(url(PUCHENG)).auth().oauth2(foreign).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/alerts/" + id + "/acknowledgement").then().statusCode(403);
        // nothing was stored at Pucheng by the refused calls
        assertEquals(0, db(PUCHENG).count("SELECT count(*) FROM alert_sighting WHERE alert_id = ?::uuid", id));
        assertEquals(0, db(PUCHENG).count("SELECT count(*) FROM alert_acknowledgement WHERE alert_id = ?::uuid", id));
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
        List<String> mediatorSees = given().baseUri(url(PUCHENG)).auth().oauth2(token(PUCHENG, PUCHENG, "mediator"))
                .when().get("/api/v1/alerts?limit=200").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertFalse(mediatorSees.contains(id));
    }

    @Test
    void listsPageWithACursorAndFilter() {
        for (int i = 0; i < 3; i++) {
            publishOk(alert("分页预警 " + i, "GENERAL", PUCHENG));
        }
        String analyst = token(JIANGSHAN, JIANGSHAN, "analyst");
        Response first = given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst)
                .when().get("/api/v1/alerts?limit=2&severity=ORANGE");
        first.then().statusCode(200);
        List<String> page1 = first.jsonPath().getList("items.id");
        String cursor = first.path("nextCursor");
        assertEquals(2, page1.size());
        assertNotNull(cursor);
        List<String> page2 = given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst).queryParam("cursor", cursor)
                .when().get("/api/v1/alerts?limit=2&severity=ORANGE").then().statusCode(200).extract().jsonPath()
                .getList("items.id");
        assertFalse(page2.isEmpty());
        assertTrue(page2.stream().noneMatch(page1::contains));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst).when().get("/api/v1/alerts?severity=RED")
                .then().statusCode(200).body("items.severity", not(hasItem("ORANGE")));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst).when().get("/api/v1/alerts?cursor=garbage")
                .then().statusCode(400).contentType("application/problem+json");
        given().baseUri(url(JIANGSHAN)).auth().oauth2(analyst).when().get("/api/v1/alerts?limit=5000")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void refusedCallsStoreNothing() {
        // what earlier tests queued has gone out: the outbox is empty, and stays so
        Await.until(PATIENCE, () -> db(JIANGSHAN).count("SELECT count(*) FROM federation.outbox") == 0,
                () -> "Jiangshan's outbox drained");
        long alerts = db(JIANGSHAN).count("SELECT count(*) FROM alert");
        long outbox = db(JIANGSHAN).count("SELECT count(*) FROM federation.outbox");
        Map<String, Object> good = alert("被拒绝的预警", "GENERAL", PUCHENG);

        given().baseUri(url(JIANGSHAN)).contentType(ContentType.JSON).body(good).when().post("/api/v1/alerts")
                .then().statusCode(401).contentType("application/problem+json");
        String untrusted = new TestIssuer("330822").token(JIANGSHAN).roles("analyst").sign();
        given().baseUri(url(JIANGSHAN)).auth().oauth2(untrusted).contentType(ContentType.JSON).body(good)
                .when().post("/api/v1/alerts").then().statusCode(401);
        // a partner's analyst may not publish in Jiangshan's name
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(PUCHENG, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON).body(good).when().post("/api/v1/alerts")
                .then().statusCode(403).contentType("application/problem+json");
        // a mediator may read but not publish
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "mediator"))
                .contentType(ContentType.JSON).body(good).when().post("/api/v1/alerts")
                .then().statusCode(403);
        // a peer service account is no user
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(PUCHENG, JIANGSHAN, "peer"))
                .when().get("/api/v1/alerts").then().statusCode(403);

        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON).body("{\"title\": \"半个").when().post("/api/v1/alerts")
                .then().statusCode(400).contentType("application/problem+json");

        Map<String, Object> wrongCheck = new HashMap<>(good);
        wrongCheck.put("subjects", List.of(Map.of("kind", "PERSON", "value", "330881199001011237")));
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON).body(wrongCheck).when().post("/api/v1/alerts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("subjects[0].value"));

        Map<String, Object> oversized = new HashMap<>(good);
        oversized.put("title", "长".repeat(201));
        oversized.put("informationCredibility", 9);
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON).body(oversized).when().post("/api/v1/alerts")
                .then().statusCode(400).body("errors.field", hasItem("title"))
                .body("errors.field", hasItem("informationCredibility"));

        Map<String, Object> badEnum = new HashMap<>(good);
        badEnum.put("severity", "PURPLE");
        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON).body(badEnum).when().post("/api/v1/alerts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("severity"));

        given().baseUri(url(JIANGSHAN)).auth().oauth2(token(JIANGSHAN, JIANGSHAN, "analyst"))
                .contentType(ContentType.JSON).body(alert("未知伙伴", "GENERAL", "110105"))
                .when().post("/api/v1/alerts")
                .then().statusCode(400).body("errors.field", hasItem("distribution"));

        assertEquals(alerts, db(JIANGSHAN).count("SELECT count(*) FROM alert"));
        assertEquals(outbox, db(JIANGSHAN).count("SELECT count(*) FROM federation.outbox"));
    }
}
