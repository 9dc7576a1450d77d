package org.borderpolice.e2e;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The scenarios end to end, black-box: one suite of the three jurisdictions (all
 * services and gateways as real processes, one Keycloak with the demo realms; {@link SharedSuite}'s,
 * started once for the run), every call through a gateway with a demo user's Keycloak token, never a service's
 * own port nor a development key. In order: what a Pucheng user sees at Jiangshan's gateway;
 * an alert's fan-out, acknowledgement and revocation; a joint case with assistance answered
 * across jurisdictions, then handed over; a notification on the right user's stream only; the
 * gateway's rate limit (429 problem+json); a dispute mediated jointly and escalated to a case;
 * Pucheng's intel-sharing stopped while Jiangshan publishes 1,000 alerts, all arriving once after
 * its restart.
 *
 * <p>The suite is {@link SharedSuite}'s (started by the first e2e class of the run, shared with
 * the others), with its settings: Guangfeng's gateway allows partners 40 requests an hour (the
 * 429 scenario; no other scenario or class calls Guangfeng's gateway with a partner's token),
 * Jiangshan's gateway 5,000 requests a minute per client (the 1,000 alerts of one analyst),
 * Jiangshan's intel-sharing relay waits at most 5 s between attempts (the outage's catch-up is
 * not a wait for a 2-minute backoff).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationScenariosIT {

    static final Duration PATIENCE = Duration.ofSeconds(120);
    static final int PARTNER_REQUESTS_AT_GUANGFENG = SharedSuite.PARTNER_REQUESTS_AT_GUANGFENG;
    static final int OUTAGE_ALERTS = 1000;
    static final String PROBLEM = "application/problem+json";

    Path repo;
    Suite suite;
    Instant classBegin;
    final Map<String, Map.Entry<String, Instant>> tokens = new ConcurrentHashMap<>();

    @BeforeAll
    void start() {
        classBegin = Instant.now();
        repo = SharedSuite.repo();
        suite = SharedSuite.get();
    }

    @AfterAll
    void stop() {
        // the suite is shared (SharedSuite stops it when the run ends)
        System.out.printf(
                "FederationScenariosIT: class wall time %.1f s (the suite's start included if this class started it)%n",
                Duration.between(classBegin, Instant.now()).toMillis() / 1000.0);
    }

    // --- calls through the gateways

    /**
     * A demo user's token for {@code at}'s services (Keycloak's, kept 2 of its 5 minutes: polling
     * asks no new one). One login at a time: with brute-force protection on, Keycloak refuses
     * concurrent logins of one user by default (invalid_grant; keycloak/keycloak#48272), as the
     * 1,000 alerts' four threads renewing together met.
     */
    synchronized String token(String code, String role, String at) {
        String key = code + "/" + role + "/" + at;
        Map.Entry<String, Instant> held = tokens.get(key);
        if (held == null || held.getValue().isBefore(Instant.now())) {
            held = Map.entry(
                    suite.userToken(DemoUsers.withRole(repo, code, role), at),
                    Instant.now().plusSeconds(120));
            tokens.put(key, held);
        }
        return held.getKey();
    }

    /** {@code code}'s demo user with this role at the gateway of {@code at}. */
    RequestSpecification as(String code, String role, String at) {
        return given().baseUri(suite.gateway(at).baseUrl())
                .auth()
                .oauth2(token(code, role, at))
                .contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    RequestSpecification home(String code, String role) {
        return as(code, role, code);
    }

    static JsonPath expect(int status, Response response, String what) {
        assertEquals(status, response.statusCode(), what + ": " + response.asString());
        return response.jsonPath();
    }

    /** 404 problem+json: nothing said about the record. */
    static void notFound(Response response, String what) {
        assertEquals(404, response.statusCode(), what + ": " + response.asString());
        assertTrue(response.contentType().startsWith(PROBLEM), what + ": " + response.contentType());
    }

    static void await(String what, BooleanSupplier condition) {
        await(PATIENCE, what, condition);
    }

    /** Polls every 300 ms (gentle with the gateways' rate limits and two shared cores). */
    static void await(Duration patience, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(patience);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + patience + ": " + what);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static <T> T awaitValue(String what, Supplier<T> value) {
        List<T> got = new ArrayList<>(1);
        await(what, () -> {
            T v = value.get();
            if (v != null) {
                got.add(v);
            }
            return v != null;
        });
        return got.get(0);
    }

    String publish(String code, String severity, String title, List<String> distribution) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("category", "SMUGGLING");
        alert.put("severity", severity);
        alert.put("title", title);
        alert.put("body", title + "：请沿线卡口注意查控。");
        alert.put("subjects", List.of());
        alert.put("distribution", distribution);
        alert.put("handling", "GENERAL");
        alert.put("sourceReliability", "B");
        alert.put("informationCredibility", 2);
        return expect(201, home(code, "analyst").body(alert).post("/api/v1/alerts"), "publish " + title)
                .getString("id");
    }

    /** An OPEN case of Jiangshan's 坛石 investigator with these partners invited. */
    String fileCase(String title, List<String> participants) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("category", "SMUGGLING");
        body.put("title", title);
        body.put("summary", "坛石派出所在205国道查获无合法手续运输卷烟的厢式货车，" + title + "。");
        body.put("occurredAt", "2026-11-10T22:30:00+08:00");
        body.put("township", "坛石镇");
        body.put("countyCode", JIANGSHAN);
        body.put("leadUnit", "坛石派出所");
        body.put("lossAmount", new BigDecimal("360000.00"));
        body.put("recoveredAmount", new BigDecimal("0.00"));
        body.put(
                "subjects", List.of(Map.of("kind", "VEHICLE", "value", "浙H12345", "label", "厢式货车", "role", "RELATED")));
        body.put("participants", participants);
        return expect(
                        201,
                        home(JIANGSHAN, "investigator")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .queryParam("open", true)
                                .body(body)
                                .post("/api/v1/cases"),
                        "file " + title)
                .getString("id");
    }

    static String participantState(Response read, String partner) {
        return read.statusCode() != 200
                ? null
                : read.jsonPath().getString("participants.find { it.jurisdiction == '" + partner + "' }.state");
    }

    // --- 1: a Pucheng token at Jiangshan's gateway sees exactly what is distributed to Pucheng

    @Test
    @Order(1)
    void aPuchengUserAtJiangshansGatewaySeesExactlyWhatIsDistributedToPucheng() {
        String forPucheng = publish(JIANGSHAN, "BLUE", "浙闽交界走私卷烟车辆预警", List.of(PUCHENG));
        String forGuangfeng = publish(JIANGSHAN, "BLUE", "浙赣交界走私卷烟车辆预警", List.of(GUANGFENG));
        String forAll = publish(JIANGSHAN, "YELLOW", "三省交界走私卷烟通报", List.of("ALL"));

        JsonPath seen = expect(200, as(PUCHENG, "analyst", JIANGSHAN).get("/api/v1/alerts/" + forPucheng), "P's");
        assertEquals("浙闽交界走私卷烟车辆预警", seen.getString("title"));
        assertEquals(JIANGSHAN, seen.getString("origin"));
        assertEquals(List.of(PUCHENG), seen.getList("distribution"));
        // an alert for everyone: Pucheng's user sees only Pucheng in its distribution
        assertEquals(
                List.of(PUCHENG),
                expect(200, as(PUCHENG, "analyst", JIANGSHAN).get("/api/v1/alerts/" + forAll), "all")
                        .getList("distribution"));
        notFound(as(PUCHENG, "analyst", JIANGSHAN).get("/api/v1/alerts/" + forGuangfeng), "Guangfeng's alert");
        // Jiangshan's own analyst sees all three, Guangfeng's in full
        assertEquals(
                List.of(GUANGFENG),
                expect(200, home(JIANGSHAN, "analyst").get("/api/v1/alerts/" + forGuangfeng), "J's")
                        .getList("distribution"));

        List<String> listed = expect(
                        200,
                        as(PUCHENG, "analyst", JIANGSHAN)
                                .queryParam("origin", JIANGSHAN)
                                .queryParam("limit", 200)
                                .get("/api/v1/alerts"),
                        "list")
                .getList("items.id");
        assertTrue(listed.containsAll(List.of(forPucheng, forAll)), listed.toString());
        assertFalse(listed.contains(forGuangfeng), listed.toString());
        List<String> found = expect(
                        200,
                        as(PUCHENG, "analyst", JIANGSHAN)
                                .queryParam("q", "走私卷烟")
                                .queryParam("limit", 200)
                                .get("/api/v1/alerts"),
                        "search")
                .getList("items.id");
        assertTrue(found.containsAll(List.of(forPucheng, forAll)), found.toString());
        assertFalse(found.contains(forGuangfeng), found.toString());
        List<String> foundAtHome = expect(
                        200,
                        home(JIANGSHAN, "analyst")
                                .queryParam("q", "走私卷烟")
                                .queryParam("limit", 200)
                                .get("/api/v1/alerts"),
                        "search at home")
                .getList("items.id");
        assertTrue(foundAtHome.containsAll(List.of(forPucheng, forAll, forGuangfeng)), foundAtHome.toString());

        // cases: one Pucheng is invited to, one it takes no part in
        String withPucheng = fileCase("浙闽交界卷烟走私案（浦城协查）", List.of(PUCHENG));
        String withoutPucheng = fileCase("浙赣交界卷烟走私案（广丰协查）", List.of(GUANGFENG));
        JsonPath invited =
                expect(200, as(PUCHENG, "investigator", JIANGSHAN).get("/api/v1/cases/" + withPucheng), "invited");
        assertEquals("浙闽交界卷烟走私案（浦城协查）", invited.getString("title"));
        assertEquals("INVITED", invited.getString("participants.find { it.jurisdiction == '" + PUCHENG + "' }.state"));
        notFound(as(PUCHENG, "investigator", JIANGSHAN).get("/api/v1/cases/" + withoutPucheng), "not its case");
        List<String> cases = expect(
                        200,
                        as(PUCHENG, "investigator", JIANGSHAN)
                                .queryParam("limit", 200)
                                .get("/api/v1/cases"),
                        "case list")
                .getList("items.id");
        assertTrue(cases.contains(withPucheng), cases.toString());
        assertFalse(cases.contains(withoutPucheng), cases.toString());
        List<String> searched = expect(
                        200,
                        as(PUCHENG, "investigator", JIANGSHAN)
                                .queryParam("q", "卷烟")
                                .queryParam("limit", 200)
                                .get("/api/v1/cases/search"),
                        "case search")
                .getList("items.id");
        assertTrue(searched.contains(withPucheng), searched.toString());
        assertFalse(searched.contains(withoutPucheng), searched.toString());
        List<String> searchedAtHome = expect(
                        200,
                        home(JIANGSHAN, "investigator")
                                .queryParam("q", "卷烟")
                                .queryParam("limit", 200)
                                .get("/api/v1/cases/search"),
                        "case search at home")
                .getList("items.id");
        assertTrue(searchedAtHome.containsAll(List.of(withPucheng, withoutPucheng)), searchedAtHome.toString());
    }

    // --- 2: alert fan-out, acknowledgement and revocation across the gateways

    @Test
    @Order(2)
    void anAlertFansOutIsAcknowledgedAndRevokedAcrossTheGateways() {
        String title = "跨省运输走私卷烟货车紧急预警";
        String alert = publish(JIANGSHAN, "RED", title, List.of("ALL"));
        for (String partner : List.of(PUCHENG, GUANGFENG)) {
            await(
                    "the alert at " + partner,
                    () -> home(partner, "analyst")
                                    .get("/api/v1/alerts/" + alert)
                                    .statusCode()
                            == 200);
            JsonPath copy = expect(200, home(partner, "analyst").get("/api/v1/alerts/" + alert), partner);
            assertEquals(title, copy.getString("title"));
            assertEquals(JIANGSHAN, copy.getString("origin"));
            assertEquals("RED", copy.getString("severity"));
            assertEquals(List.of(partner), copy.getList("distribution"));
        }
        // Pucheng acknowledges (签收) at its own gateway; Guangfeng does not
        JsonPath receipt = expect(
                200,
                home(PUCHENG, "commander")
                        .body(Map.of("note", "已签收，已通知仙阳派出所"))
                        .post("/api/v1/alerts/" + alert + "/acknowledgement"),
                "acknowledgement");
        assertEquals(PUCHENG, receipt.getString("partner"));
        await(
                "Pucheng's receipt at Jiangshan",
                () -> List.of(PUCHENG)
                        .equals(home(JIANGSHAN, "analyst")
                                .get("/api/v1/alerts/" + alert + "/acknowledgements")
                                .jsonPath()
                                .getList("findAll { it.acknowledgedAt != null }.partner")));
        JsonPath receipts = expect(
                200, home(JIANGSHAN, "analyst").get("/api/v1/alerts/" + alert + "/acknowledgements"), "receipts");
        assertEquals("已签收，已通知仙阳派出所", receipts.getString("find { it.partner == '" + PUCHENG + "' }.note"));
        assertNull(
                receipts.getString("find { it.partner == '" + GUANGFENG + "' }.acknowledgedAt"), receipts.prettify());

        // revoked: a tombstone to both partners, the origin keeps it REVOKED
        assertEquals(
                "REVOKED",
                expect(200, home(JIANGSHAN, "analyst").post("/api/v1/alerts/" + alert + "/revoke"), "revoke")
                        .getString("status"));
        for (String partner : List.of(PUCHENG, GUANGFENG)) {
            await(
                    "the tombstone at " + partner,
                    () -> home(partner, "analyst")
                                    .get("/api/v1/alerts/" + alert)
                                    .statusCode()
                            == 404);
            List<String> listed = expect(
                            200,
                            home(partner, "analyst")
                                    .queryParam("origin", JIANGSHAN)
                                    .queryParam("limit", 200)
                                    .get("/api/v1/alerts"),
                            "list at " + partner)
                    .getList("items.id");
            assertFalse(listed.contains(alert), listed.toString());
        }
        notFound(as(PUCHENG, "analyst", JIANGSHAN).get("/api/v1/alerts/" + alert), "revoked, Pucheng at Jiangshan");
        notFound(
                home(GUANGFENG, "commander")
                        .body(Map.of("note", "迟到的签收"))
                        .post("/api/v1/alerts/" + alert + "/acknowledgement"),
                "acknowledging a revoked alert");
        assertEquals(
                "REVOKED",
                expect(200, home(JIANGSHAN, "analyst").get("/api/v1/alerts/" + alert), "at the origin")
                        .getString("status"));
    }

    // --- 3: a joint case, assistance answered across jurisdictions, then a transfer

    @Test
    @Order(3)
    void aJointCaseWithAssistanceAnsweredAcrossJurisdictionsIsHandedOver() {
        String title = "浙闽交界跨省卷烟走私联合案";
        String caseId = fileCase(title, List.of(PUCHENG));
        String path = "/api/v1/cases/" + caseId;
        await(
                "the case at Pucheng",
                () -> home(PUCHENG, "investigator").get(path).statusCode() == 200);
        expect(
                200,
                home(PUCHENG, "investigator").body(Map.of("decision", "ACCEPT")).post(path + "/participation"),
                "participation");
        await(
                "Pucheng's acceptance at Jiangshan",
                () -> "ACCEPTED"
                        .equals(participantState(home(JIANGSHAN, "investigator").get(path), PUCHENG)));

        Map<String, Object> ask = new LinkedHashMap<>();
        ask.put("caseId", caseId);
        ask.put("addressee", PUCHENG);
        ask.put("kind", "LOCATE_VEHICLE");
        ask.put("priority", "URGENT");
        ask.put("details", "请协查浙H12345厢式货车近一个月在浦城县境内的行驶轨迹及装货地点。");
        ask.put("subjects", List.of(Map.of("kind", "VEHICLE", "value", "浙H12345", "label", "厢式货车")));
        String request = expect(
                        201,
                        home(JIANGSHAN, "investigator")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .body(ask)
                                .post("/api/v1/assistance-requests"),
                        "assistance request")
                .getString("id");
        String requestPath = "/api/v1/assistance-requests/" + request;
        await(
                "the request at Pucheng",
                () -> home(PUCHENG, "investigator").get(requestPath).statusCode() == 200);
        assertEquals(
                "SENT",
                expect(200, home(PUCHENG, "investigator").get(requestPath), "at Pucheng")
                        .getString("state"));
        expect(
                200,
                home(PUCHENG, "investigator").body(Map.of("officerName", "吴斌")).post(requestPath + "/acceptance"),
                "acceptance");
        String findings = "经查，该车11月5日至10日四次出现在仙阳镇某仓库，仓库承租人为李某，已固定视频证据。";
        expect(
                200,
                home(PUCHENG, "investigator").body(Map.of("findings", findings)).post(requestPath + "/answer"),
                "answer");
        await(
                "the answer at Jiangshan",
                () -> "ANSWERED"
                        .equals(home(JIANGSHAN, "investigator")
                                .get(requestPath)
                                .jsonPath()
                                .getString("state")));
        assertEquals(
                findings,
                expect(200, home(JIANGSHAN, "investigator").get(requestPath), "answered")
                        .getString("findings"));
        // Guangfeng is no side of it
        notFound(as(GUANGFENG, "investigator", JIANGSHAN).get(requestPath), "Guangfeng at Jiangshan");

        // 移交: Jiangshan's commander offers the case to Pucheng, whose commander accepts at its gateway
        String transfers = "/api/v1/services/case-exchange/federation/transfers";
        JsonPath offer = expect(
                200,
                home(JIANGSHAN, "commander")
                        .body(Map.of(
                                "recordType",
                                "cases.case",
                                "recordId",
                                caseId,
                                "to",
                                PUCHENG,
                                "reason",
                                "主要犯罪地在浦城县，移交浦城县公安局继续侦办"))
                        .post(transfers),
                "offer");
        assertEquals("OFFERED", offer.getString("state"));
        String offerId = offer.getString("offerId");
        String accept = transfers + "/" + JIANGSHAN + "/" + offerId + "/accept";
        await("Pucheng's acceptance of the offer", () -> {
            Response r =
                    home(PUCHENG, "commander").body(Map.of("reason", "同意接收")).post(accept);
            assertTrue(
                    r.statusCode() == 200 || r.statusCode() == 404 || r.statusCode() == 409,
                    "accept: " + r.statusCode() + " " + r.asString());
            return r.statusCode() == 200;
        });
        JsonPath handover = awaitValue("the successor confirmed at Jiangshan", () -> {
            Response r = home(JIANGSHAN, "investigator").get(path + "/handover");
            return r.statusCode() == 200 && Boolean.TRUE.equals(r.jsonPath().get("successor.confirmed"))
                    ? r.jsonPath()
                    : null;
        });
        assertEquals(PUCHENG, handover.getString("successor.origin"));
        String successor = handover.getString("successor.caseId");
        JsonPath continued = expect(200, home(PUCHENG, "investigator").get("/api/v1/cases/" + successor), "successor");
        assertEquals(PUCHENG, continued.getString("origin"));
        assertEquals(title, continued.getString("title"));
        assertTrue(continued.getString("number").startsWith(PUCHENG + "-"), continued.getString("number"));
        assertEquals(
                "ACCEPTED", continued.getString("participants.find { it.jurisdiction == '" + JIANGSHAN + "' }.state"));
        assertEquals(
                caseId,
                expect(200, home(PUCHENG, "commander").get("/api/v1/cases/" + successor + "/handover"), "handover")
                        .getString("predecessor.caseId"));
        // handed over once: a second offer of it is refused
        Response again = home(JIANGSHAN, "commander")
                .body(Map.of("recordType", "cases.case", "recordId", caseId, "to", PUCHENG, "reason", "再次移交"))
                .post(transfers);
        assertEquals(409, again.statusCode(), again.asString());
        assertTrue(again.contentType().startsWith(PROBLEM), again.contentType());
    }

    // --- 4: a notification on the stream of the right user, not of others

    @Test
    @Order(4)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aPartnersAlertToAcknowledgeIsOnTheStreamOfTheRightUserOnly() {
        URI stream = URI.create(suite.gateway(JIANGSHAN).baseUrl() + "/api/v1/notifications/stream");
        try (SseClient merged = SseClient.open(stream, token(JIANGSHAN, "analyst", JIANGSHAN), null);
                SseClient investigators = SseClient.open(stream, token(JIANGSHAN, "investigator", JIANGSHAN), null)) {
            assertEquals(200, merged.status());
            assertTrue(merged.contentType().startsWith("text/event-stream"), merged.contentType());
            assertEquals(200, investigators.status());
            for (SseClient opened : List.of(merged, investigators)) {
                while (opened.lastEventId() == null || !opened.lastEventId().contains("intel-sharing:")) {
                    opened.next(); // intel-sharing's stream is open once the merged id names it
                }
            }
            String since = merged.lastEventId().replaceAll(".*intel-sharing:([0-9]+).*", "$1");
            // Pucheng publishes a RED alert for Jiangshan: Jiangshan must acknowledge it (签收)
            String alert = publish(PUCHENG, "RED", "闽浙交界走私香烟货车预警", List.of(JIANGSHAN));
            SseClient.Received event = merged.nextEvent();
            while (!event.data().contains(alert)) {
                event = merged.nextEvent(); // another service's notification meanwhile (the JUnit timeout bounds this)
            }
            assertEquals("alert.acknowledgement-due", event.name());
            assertTrue(event.data().contains(alert), event.data());
            // not on the investigator's stream: nothing of it before a keep-alive sent since (every
            // 5 s: SharedSuite), not one that waited unread from before the alert
            List<SseClient.Received> toInvestigator = investigators.eventsUntilCommentAfter(Duration.ofMillis(2500));
            assertTrue(toInvestigator.stream().noneMatch(e -> e.data().contains(alert)), toInvestigator.toString());
            // nor the investigator's and mediator's (the stream's read, as a list through the gateway)
            String notifications = "/api/v1/services/intel-sharing/notifications?after=" + since;
            for (String other : List.of("investigator", "mediator")) {
                List<String> theirs = expect(200, home(JIANGSHAN, other).get(notifications), other)
                        .getList("recordId");
                assertFalse(theirs.contains(alert), other + ": " + theirs);
            }
            assertTrue(
                    expect(200, home(JIANGSHAN, "commander").get(notifications), "commander")
                            .getList("recordId")
                            .contains(alert),
                    "Jiangshan's commander has it too");
            // a partner's user has no stream at Jiangshan
            assertEquals(
                    403, as(PUCHENG, "analyst", JIANGSHAN).get(notifications).statusCode());
        }
    }

    // --- 5: the rate limit answered with 429

    @Test
    @Order(5)
    void aPartnerOverItsLimitIsAnswered429WithRetryAfter() {
        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < PARTNER_REQUESTS_AT_GUANGFENG + 5 && refused == null; i++) {
            // all of Pucheng's users share Pucheng's bucket at Guangfeng's gateway
            String role = i % 2 == 0 ? "analyst" : "investigator";
            Response r = as(PUCHENG, role, GUANGFENG).queryParam("limit", 1).get("/api/v1/alerts");
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                refused = r;
            }
        }
        assertNotNull(refused, statuses.toString());
        int first = statuses.indexOf(429);
        assertTrue(
                statuses.subList(0, first).stream().allMatch(s -> s == 200),
                "all before the limit served: " + statuses);
        // the bucket holds 40; one more may have been refilled meanwhile (40 an hour)
        assertTrue(
                first == PARTNER_REQUESTS_AT_GUANGFENG || first == PARTNER_REQUESTS_AT_GUANGFENG + 1,
                statuses.toString());
        assertTrue(refused.contentType().startsWith(PROBLEM), refused.contentType());
        assertEquals(429, refused.jsonPath().getInt("status"), refused.asString());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
        // another partner, Guangfeng's own users, and Pucheng at another gateway are served
        expect(200, as(JIANGSHAN, "analyst", GUANGFENG).get("/api/v1/alerts"), "Jiangshan at Guangfeng");
        expect(200, home(GUANGFENG, "analyst").get("/api/v1/alerts"), "Guangfeng at home");
        expect(200, as(PUCHENG, "analyst", JIANGSHAN).get("/api/v1/alerts"), "Pucheng at Jiangshan");
        assertEquals(
                429,
                as(PUCHENG, "commander", GUANGFENG).get("/api/v1/alerts").statusCode(),
                "Pucheng's commander shares Pucheng's bucket");
    }

    // --- 6: a dispute mediated jointly and escalated to a case

    String mediator(String code, String kind, String name, String unit, String account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("name", name);
        body.put("unit", unit);
        body.put("languages", List.of("zh"));
        body.put("account", account);
        Response registered = home(code, "commander")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body)
                .post("/api/v1/mediators");
        if (registered.statusCode() == 409) {
            // the shared suite's demo data (ConsolePagesIT) registered this account before: the same person
            List<Map<String, Object>> ours = expect(
                            200,
                            home(code, "commander").get("/api/v1/mediators?origin=" + code + "&limit=200"),
                            "mediators of " + code)
                    .getList("items");
            return ours.stream()
                    .filter(m -> account.equals(m.get("account")))
                    .map(m -> (String) m.get("id"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "409 for " + account + ", yet no mediator has it: " + registered.asString()));
        }
        return expect(201, registered, "mediator of " + code).getString("id");
    }

    @Test
    @Order(6)
    void aDisputeMediatedJointlyIsEscalatedToACase() {
        String centre = "三山边界社会治理中心";
        String ours = mediator(JIANGSHAN, "POLICE", "毛卫东", centre, "sanshan-mediator");
        String theirs = mediator(GUANGFENG, "JUDICIAL_OFFICE", "李华", "广丰区嵩峰司法所", "guangfeng-mediator");
        await(
                "Guangfeng's mediator at Jiangshan",
                () -> home(JIANGSHAN, "mediator")
                                .get("/api/v1/mediators/" + theirs)
                                .statusCode()
                        == 200);

        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("kind", "ORGANISATION");
        applicant.put("role", "APPLICANT");
        applicant.put("name", "江山市廿八都镇枫溪村村民委员会");
        applicant.put("jurisdiction", JIANGSHAN);
        Map<String, Object> respondent = new LinkedHashMap<>();
        respondent.put("kind", "ORGANISATION");
        respondent.put("role", "RESPONDENT");
        respondent.put("name", "上饶市广丰区嵩峰乡十五都村村民委员会");
        respondent.put("jurisdiction", GUANGFENG);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "PATROL");
        body.put("kind", "LAND_BOUNDARY");
        body.put("title", "枫溪村与十五都村山林边界纠纷");
        body.put("description", "浙赣两村因交界处山林界桩位置及毛竹砍伐发生争执，双方村民多次现场对峙并持械聚集。");
        body.put("reportedAt", "2026-11-15T10:00:00+08:00");
        body.put("place", centre);
        body.put("countyCode", JIANGSHAN);
        body.put("township", "廿八都镇");
        body.put("amountAtStake", new BigDecimal("12000"));
        body.put("riskLevel", "HIGH");
        body.put("riskReasons", List.of("双方村民持械聚集，有民转刑风险"));
        body.put("consent", true);
        body.put("parties", List.of(applicant, respondent));
        String dispute = expect(
                        201,
                        home(JIANGSHAN, "mediator")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .body(body)
                                .post("/api/v1/disputes"),
                        "dispute")
                .getString("id");
        String base = "/api/v1/disputes/" + dispute;
        if ("RECEIVED".equals(home(JIANGSHAN, "mediator").get(base).jsonPath().getString("status"))) {
            expect(
                    200,
                    home(JIANGSHAN, "mediator").body(Map.of("to", "MEDIATING")).post(base + "/transitions"),
                    "MEDIATING");
        }
        expect(
                200,
                home(JIANGSHAN, "mediator")
                        .body(Map.of("mediators", List.of(ours, theirs)))
                        .put(base + "/team"),
                "team");
        String session = expect(
                        201,
                        home(JIANGSHAN, "mediator")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .body(Map.of(
                                        // not the demo data's session of the same mediators (DemoData.SESSION_STARTS)
                                        "startsAt", "2026-11-24T14:00:00+08:00",
                                        "endsAt", "2026-11-24T16:00:00+08:00",
                                        "mode", "OFFLINE",
                                        "place", centre,
                                        "mediators", List.of(ours, theirs)))
                                .post(base + "/sessions"),
                        "session")
                .getString("id");
        expect(
                200,
                home(JIANGSHAN, "mediator")
                        .body(Map.of("to", "HELD", "outcome", "NO_AGREEMENT"))
                        .post(base + "/sessions/" + session + "/transitions"),
                "session held");
        // the joint team's Guangfeng side holds the dispute, its team and the held session at home
        await(
                "the dispute at Guangfeng",
                () -> home(GUANGFENG, "mediator").get(base).statusCode() == 200);
        await(
                "the held session at Guangfeng",
                () -> "HELD"
                        .equals(home(GUANGFENG, "mediator")
                                .get(base + "/sessions")
                                .jsonPath()
                                .getString("find { it.id == '" + session + "' }.status")));
        List<String> team = expect(200, home(GUANGFENG, "mediator").get(base + "/team"), "team at Guangfeng")
                .getList("members.origin");
        assertEquals(Set.of(JIANGSHAN, GUANGFENG), Set.copyOf(team), team.toString());

        // 民转刑: Jiangshan's investigator escalates it; the case names the dispute and the dispute the case
        JsonPath escalated = expect(201, home(JIANGSHAN, "investigator").post(base + "/escalation"), "escalation");
        String caseId = escalated.getString("escalatedCase");
        assertNotNull(caseId, escalated.prettify());
        assertTrue(escalated.getString("escalatedCaseNumber").startsWith(JIANGSHAN + "-"), escalated.prettify());
        JsonPath opened = expect(200, home(JIANGSHAN, "investigator").get("/api/v1/cases/" + caseId), "the case");
        assertEquals(dispute, opened.getString("linkedDispute"));
        assertEquals("OPEN", opened.getString("status"));
        assertTrue(opened.getString("title").startsWith("民转刑风险纠纷："), opened.getString("title"));
        assertTrue(opened.getString("title").contains("枫溪村与十五都村山林边界纠纷"), opened.getString("title"));
        // once per dispute
        assertEquals(
                caseId,
                expect(200, home(JIANGSHAN, "mediator").post(base + "/escalation"), "again")
                        .getString("escalatedCase"));
        // an analyst may not; Guangfeng's mediator may not escalate Jiangshan's dispute
        assertEquals(403, home(JIANGSHAN, "analyst").post(base + "/escalation").statusCode());
        await(
                "the escalation known at Guangfeng",
                () -> caseId.equals(
                        home(GUANGFENG, "mediator").get(base).jsonPath().getString("escalatedCase")));
        // Pucheng is not involved: at Jiangshan's gateway the dispute is not there for it
        notFound(as(PUCHENG, "mediator", JIANGSHAN).get(base), "Pucheng and the dispute");
        List<String> listed = expect(
                        200,
                        as(PUCHENG, "mediator", JIANGSHAN)
                                .queryParam("limit", 200)
                                .get("/api/v1/disputes"),
                        "disputes for Pucheng")
                .getList("items.id");
        assertFalse(listed.contains(dispute), listed.toString());
    }

    // --- 7: Pucheng's intel-sharing stopped while Jiangshan publishes 1,000 alerts; restarted, all arrive once

    @Test
    @Order(7)
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void alertsPublishedWhilePuchengIsDownAllArriveOnceAfterItsRestart() throws Exception {
        JurisdictionProcess puchengIntel = suite.service(Suite.INTEL, PUCHENG);
        puchengIntel.stop();
        assertFalse(puchengIntel.isAlive());
        Response down = home(PUCHENG, "analyst").get("/api/v1/alerts");
        assertEquals(502, down.statusCode(), down.asString());
        assertTrue(down.contentType().startsWith(PROBLEM), down.contentType());

        Instant publishing = Instant.now();
        List<String> published;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 1; i <= OUTAGE_ALERTS; i++) {
                String title = "停机期间批量预警第" + i + "条";
                futures.add(pool.submit(() -> publish(JIANGSHAN, "BLUE", title, List.of(PUCHENG))));
            }
            published = new ArrayList<>();
            for (Future<String> f : futures) {
                published.add(f.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(
                "FederationScenariosIT: %d alerts published in %.1f s%n",
                OUTAGE_ALERTS, Duration.between(publishing, Instant.now()).toMillis() / 1000.0);
        Set<String> ids = Set.copyOf(published);
        assertEquals(OUTAGE_ALERTS, ids.size());

        puchengIntel.start().awaitReady(Duration.ofMinutes(3));
        Instant restarted = Instant.now();
        Map<String, Integer> times = new HashMap<>();
        await(Duration.ofMinutes(5), "the 1,000 alerts at Pucheng", () -> {
            times.clear();
            for (String id : listedAt(PUCHENG)) {
                if (ids.contains(id)) {
                    times.merge(id, 1, Integer::sum);
                }
            }
            return times.size() == OUTAGE_ALERTS;
        });
        System.out.printf(
                "FederationScenariosIT: all at Pucheng %.1f s after its restart%n",
                Duration.between(restarted, Instant.now()).toMillis() / 1000.0);
        Map<String, Integer> twice = times.entrySet().stream()
                .filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), twice, "each alert once");
        // and each with its content: a sample read at Pucheng's gateway
        String sample = published.get(OUTAGE_ALERTS - 1);
        assertEquals(
                "停机期间批量预警第" + OUTAGE_ALERTS + "条",
                expect(200, home(PUCHENG, "analyst").get("/api/v1/alerts/" + sample), "sample")
                        .getString("title"));
    }

    /** Every alert of Jiangshan's that Pucheng holds, page by page (its analyst at its gateway). */
    List<String> listedAt(String code) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request =
                    home(code, "analyst").queryParam("origin", JIANGSHAN).queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/alerts");
            if (page.statusCode() != 200) {
                return all; // not ready yet
            }
            all.addAll(page.jsonPath().getList("items.id"));
            cursor = page.jsonPath().getString("nextCursor");
        } while (cursor != null);
        return all;
    }
}
