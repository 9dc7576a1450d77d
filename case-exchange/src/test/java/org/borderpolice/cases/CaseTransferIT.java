package org.borderpolice.cases;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * 先受理后移交 and case search across three processes of the packaged case-exchange: Jiangshan (A),
 * Pucheng (B) and Guangfeng (C). A report taken at C is offered to A, which accepts and owns the
 * successor while C keeps reading it and follows its status; A declines another with a reason C
 * sees; an open case of A is handed to B, which owns it from then on (A reads it and sees B's
 * changes; the time to acceptance is measured at both ends) while C, which declined A's
 * invitation, sees nothing of it anywhere, search and facets included; a case of A in which B and
 * C took part is handed to B, and C follows it: it reads B's case and B's later changes, and adds
 * its notes there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaseTransferIT {

    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final String A = JIANGSHAN;
    static final String B = PUCHENG;
    static final String C = GUANGFENG;
    static final String TRANSFERS = "/api/v1/federation/transfers";
    static final String TYPE = "cases.case";
    /**
     * A jurisdiction's own cases: what a refused call there could have stored. Its copies of
     * partners' cases are not counted: one of an earlier test may still be on its way (A's copy
     * of B's successor in {@code theOtherParticipantFollowsTheCaseToItsNewOwner} is not awaited).
     */
    static final String OWN_CASES = "SELECT count(*) FROM joint_case WHERE origin = ?";

    TestFederation federation;
    final Map<String, JurisdictionProcess> processes = new HashMap<>();

    /** C's case filed from the report, and A's case continuing it. */
    String reported;

    String reportOffer;
    String continued;
    /** A's open case handed to B, and B's case continuing it. */
    String handed;

    String successor;
    /** Just before A offered {@link #handed}, and just after B's acceptance answered. */
    Instant offeredFrom;

    Instant acceptedBy;
    /** C's case from a report A declined: A stays invited to it, as any invited partner. */
    String declined;

    @BeforeAll
    void start() {
        federation = new TestFederation("case-exchange", "cases", A, B, C);
        var app = JurisdictionProcess.packagedApplication();
        Map<String, String> quick =
                Map.of("border.federation.relay.initial-backoff", "200ms", "border.federation.relay.max-backoff", "2s");
        for (String code : List.of(A, B, C)) {
            processes.put(code, federation.process(code, app, quick));
        }
        JurisdictionProcess.startAll(PATIENCE, processes.values().toArray(JurisdictionProcess[]::new));
    }

    /**
     * Transfers write participant rows of their own (the successor's, the first bureau's copy):
     * every case's participating codes, which the search's visibility rule tests, stay those of its
     * participant rows.
     */
    @AfterEach
    void participatingCodesFollowTheParticipantRows() {
        for (String code : List.of(A, B, C)) {
            assertEquals(
                    0,
                    federation.database(code).count(CaseFederation.PARTICIPATING_OUT_OF_STEP),
                    "out of step at " + code);
        }
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(processes.values().toArray(JurisdictionProcess[]::new));
    }

    // --- helpers

    String token(String code, String at, String... roles) {
        return federation.issuer(code).token(at).roles(roles).unit("刑侦大队").sign();
    }

    /** A user of {@code code} at its own service. */
    RequestSpecification as(String code, String... roles) {
        return at(code, token(code, code, roles));
    }

    RequestSpecification at(String code, String token) {
        var spec = given().baseUri(processes.get(code).baseUrl()).contentType(ContentType.JSON);
        return token == null ? spec : spec.auth().oauth2(token);
    }

    RequestSpecification investigator(String code) {
        return as(code, "investigator");
    }

    RequestSpecification commander(String code) {
        return as(code, "commander");
    }

    static void problem(ValidatableResponse response, int status) {
        response.statusCode(status).contentType("application/problem+json");
    }

    static Map<String, Object> matter(String title, String county, Set<String> participants) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category", "SMUGGLING");
        m.put("title", title);
        m.put("summary", "群众报称在廿八都镇附近发现可疑车辆运输走私香烟，车辆已驶往浦城方向。");
        m.put("occurredAt", "2026-03-02T08:30:00+08:00");
        m.put("township", "廿八都镇");
        if (county != null) {
            m.put("countyCode", county);
        }
        m.put(
                "subjects",
                List.of(Map.of("kind", "PHONE", "value", "13912345678", "label", "报案人王某", "role", "WITNESS")));
        m.put("participants", participants);
        return m;
    }

    static Map<String, Object> report(Map<String, Object> matter, String competent, String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("matter", matter);
        r.put("reportedAt", "2026-03-02T09:00:00+08:00");
        r.put("competent", competent);
        r.put("reason", reason);
        return r;
    }

    JsonPath caseAt(String code, String id) {
        return investigator(code)
                .when()
                .get("/api/v1/cases/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    int caseStatusCode(String code, String id) {
        return investigator(code).when().get("/api/v1/cases/" + id).statusCode();
    }

    void awaitCase(String code, String id, String status) {
        Await.until(
                PATIENCE,
                () -> caseStatusCode(code, id) == 200
                        && status.equals(caseAt(code, id).getString("status")),
                () -> "case " + id + " " + status + " at " + code);
    }

    boolean offerArrived(String code, String origin, String offer) {
        return commander(code)
                        .when()
                        .get(TRANSFERS + "/" + origin + "/" + offer)
                        .statusCode()
                == 200;
    }

    JsonPath offerAt(String code, String origin, String offer) {
        return commander(code)
                .when()
                .get(TRANSFERS + "/" + origin + "/" + offer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Accept (retrying while the addressee does not hold the offered version yet: 409 "try again shortly"). */
    JsonPath accept(String code, String origin, String offer) {
        Await.until(PATIENCE, () -> offerArrived(code, origin, offer), () -> "offer " + offer + " at " + code);
        JsonPath[] accepted = new JsonPath[1];
        Await.until(
                PATIENCE,
                () -> {
                    var response = commander(code)
                            .body(Map.of("reason", "同意接收"))
                            .when()
                            .post(TRANSFERS + "/" + origin + "/" + offer + "/accept");
                    if (response.statusCode() == 200) {
                        accepted[0] = response.jsonPath();
                        return true;
                    }
                    assertEquals(409, response.statusCode(), response.asString());
                    return false;
                },
                () -> "acceptance of " + offer + " at " + code);
        return accepted[0];
    }

    /** {@code code}'s investigator answers its invitation at home; returns once the owner A holds the answer. */
    void answer(String code, String id, String decision, String state) {
        awaitCase(code, id, "OPEN");
        investigator(code)
                .body(
                        decision.equals("ACCEPT")
                                ? Map.of("decision", decision)
                                : Map.of("decision", decision, "reason", "不属本辖区"))
                .when()
                .post("/api/v1/cases/" + id + "/participation")
                .then()
                .statusCode(200);
        Await.until(
                PATIENCE,
                () -> state.equals(
                        caseAt(A, id).getString("participants.find { it.jurisdiction == '" + code + "' }.state")),
                () -> code + " " + state + " at " + A);
    }

    /** A's commander offers A's case; returns the offer's id. */
    String offer(String id, String to, String reason) {
        return commander(A)
                .body(Map.of("recordType", TYPE, "recordId", id, "to", to, "reason", reason))
                .when()
                .post(TRANSFERS)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("offerId");
    }

    static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonPath statistics(String code) {
        Instant now = Instant.now();
        return commander(code)
                .queryParam("from", now.minus(Duration.ofDays(1)).toString())
                .queryParam("to", now.plus(Duration.ofDays(1)).toString())
                .queryParam("bucket", "year")
                .when()
                .get("/api/v1/case-statistics")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static long count(PostgresServer.Database db, String sql) {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonPath search(String code, String query) {
        return investigator(code)
                .when()
                .get("/api/v1/cases/search?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    // --- 接报: a report taken at C, accepted by A

    @Test
    @Order(1)
    void aReportTakenAtCIsFiledThereAndOfferedToTheCompetentJurisdiction() {
        JsonPath taken = investigator(C)
                .body(report(matter("廿八都走私香烟线索", A, Set.of()), A, "案发地廿八都镇属江山市管辖"))
                .when()
                .post("/api/v1/case-reports")
                .then()
                .statusCode(201)
                .body("filed.origin", equalTo(C))
                .body("filed.status", equalTo("OPEN"))
                .body("filed.number", startsWith(C + "-"))
                .body("filed.participants.jurisdiction", equalTo(List.of(A)))
                .body("competent", equalTo(A))
                .body("offer.addressee", equalTo(A))
                .body("offer.state", equalTo("OFFERED"))
                .body("offer.decision", nullValue())
                .extract()
                .jsonPath();
        reported = taken.getString("filed.id");
        reportOffer = taken.getString("offer.offerId");
        // frozen while offered
        problem(
                commander(C)
                        .body(Map.of("to", "INVESTIGATING"))
                        .when()
                        .post("/api/v1/cases/" + reported + "/transitions")
                        .then(),
                409);
    }

    @Test
    @Order(2)
    void theCompetentJurisdictionAcceptsAndOwnsTheSuccessor() {
        JsonPath answer = accept(A, C, reportOffer);
        assertEquals("ACCEPTED", answer.getString("decision"));
        continued = answer.getString("successorId");
        JsonPath atA = caseAt(A, continued);
        assertEquals(A, atA.getString("origin"));
        assertTrue(atA.getString("number").startsWith(A + "-"), atA.getString("number"));
        assertEquals("OPEN", atA.getString("status"));
        assertEquals("廿八都走私香烟线索", atA.getString("title"));
        assertEquals(List.of("13912345678"), atA.getList("subjects.value"));
        // the first bureau takes part as accepted: it keeps reading
        assertEquals(List.of(C), atA.getList("participants.jurisdiction"));
        assertEquals(List.of("ACCEPTED"), atA.getList("participants.state"));
        commander(A)
                .when()
                .get("/api/v1/cases/" + continued + "/handover")
                .then()
                .statusCode(200)
                .body("predecessor.origin", equalTo(C))
                .body("predecessor.caseId", equalTo(reported))
                .body("successor", nullValue())
                .body("accepted[0].offerOrigin", equalTo(C))
                .body("accepted[0].successorId", equalTo(continued));
    }

    @Test
    @Order(3)
    void theFirstBureauReadsTheSuccessorAndItsOwnCaseIsClosedForChanges() {
        awaitCase(C, continued, "OPEN");
        assertEquals(A, caseAt(C, continued).getString("origin"));
        // the acceptance reached C: its case is read-only, the report says so, the time to acceptance is kept
        Await.until(
                PATIENCE,
                () -> investigator(C)
                                .when()
                                .get("/api/v1/cases/" + reported + "/handover")
                                .then()
                                .extract()
                                .jsonPath()
                                .getString("successor.caseId")
                        != null,
                () -> "successor of " + reported + " known at " + C);
        // C takes part in A's case as accepted, in its own copy too: the answer that closed C's
        // offer confirmed the link, whichever of the two (the successor, the answer) came first
        assertEquals(List.of(C), caseAt(C, continued).getList("participants.jurisdiction"));
        assertEquals(List.of("ACCEPTED"), caseAt(C, continued).getList("participants.state"));
        investigator(C)
                .when()
                .get("/api/v1/cases/" + reported + "/handover")
                .then()
                .statusCode(200)
                .body("successor.origin", equalTo(A))
                .body("successor.caseId", equalTo(continued))
                .body("successor.confirmed", equalTo(true))
                .body("successor.status", equalTo("OPEN"))
                .body("accepted[0].addressee", equalTo(A))
                .body("accepted[0].reportedAt", equalTo("2026-03-02T01:00:00Z"))
                .body("offers[0].decision", equalTo("ACCEPTED"));
        investigator(C)
                .when()
                .get("/api/v1/case-reports/" + reported)
                .then()
                .statusCode(200)
                .body("offer.decision", equalTo("ACCEPTED"))
                .body("offer.successorId", equalTo(continued))
                .body("offer.transferred", equalTo(true));
        problem(
                commander(C)
                        .body(Map.of("to", "INVESTIGATING"))
                        .when()
                        .post("/api/v1/cases/" + reported + "/transitions")
                        .then(),
                409);
        assertEquals(
                1,
                count(
                        federation.database(C),
                        "SELECT count(*) FROM case_transfer WHERE accepted_at >= offered_at AND reported_at IS NOT NULL"));
        assertEquals(1, count(federation.database(A), "SELECT count(*) FROM case_transfer"));
    }

    @Test
    @Order(4)
    void theFirstBureauSeesTheNewOwnersLaterStatus() {
        commander(A)
                .body(Map.of("to", "INVESTIGATING"))
                .when()
                .post("/api/v1/cases/" + continued + "/transitions")
                .then()
                .statusCode(200);
        awaitCase(C, continued, "INVESTIGATING");
        investigator(C)
                .when()
                .get("/api/v1/cases/" + reported + "/handover")
                .then()
                .statusCode(200)
                .body("successor.status", equalTo("INVESTIGATING"));
        // C only takes part: it does not change A's case
        problem(
                commander(C)
                        .body(Map.of("to", "SOLVED"))
                        .when()
                        .post("/api/v1/cases/" + continued + "/transitions")
                        .then(),
                403);
    }

    @Test
    @Order(5)
    void aDeclineWithAReasonReachesTheFirstBureauAndItsCaseIsItsOwnAgain() {
        JsonPath taken = investigator(C)
                .body(report(matter("江山境内盗窃电动车线索", A, Set.of()), A, "案发地属江山市"))
                .when()
                .post("/api/v1/case-reports")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String caseId = taken.getString("filed.id");
        declined = caseId;
        String offer = taken.getString("offer.offerId");
        Await.until(PATIENCE, () -> offerArrived(A, C, offer), () -> "offer " + offer + " at " + A);
        commander(A)
                .body(Map.of("reason", "经核实案发地在广丰区境内，不属我局管辖"))
                .when()
                .post(TRANSFERS + "/" + C + "/" + offer + "/decline")
                .then()
                .statusCode(200)
                .body("decision", equalTo("DECLINED"));
        Await.until(
                PATIENCE,
                () -> "DECLINED".equals(offerAt(C, C, offer).getString("decision")),
                () -> "decline of " + offer + " at " + C);
        investigator(C)
                .when()
                .get("/api/v1/case-reports/" + caseId)
                .then()
                .statusCode(200)
                .body("offer.decision", equalTo("DECLINED"))
                .body("offer.answerReason", equalTo("经核实案发地在广丰区境内，不属我局管辖"));
        investigator(C)
                .when()
                .get("/api/v1/cases/" + caseId + "/handover")
                .then()
                .statusCode(200)
                .body("successor", nullValue())
                .body("offers[0].answerReason", equalTo("经核实案发地在广丰区境内，不属我局管辖"));
        // the case is C's to handle again
        commander(C)
                .body(Map.of("to", "INVESTIGATING"))
                .when()
                .post("/api/v1/cases/" + caseId + "/transitions")
                .then()
                .statusCode(200);
        assertEquals(
                0,
                count(
                        federation.database(A),
                        "SELECT count(*) FROM joint_case WHERE title = '江山境内盗窃电动车线索' AND origin = '" + A + "'"));
    }

    // --- an open case handed from A to B

    @Test
    @Order(10)
    void anOpenCaseIsHandedToAParticipantThatOwnsItFromThenOn() {
        Map<String, Object> draft = matter("浦城方向走私成品油案", A, Set.of(B, C));
        handed = commander(A)
                .body(draft)
                .queryParam("open", true)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        // B accepts, C declines: the answers reached A (a new version of the case) before it offers
        answer(B, handed, "ACCEPT", "ACCEPTED");
        answer(C, handed, "DECLINE", "DECLINED");
        offeredFrom = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String offer = offer(handed, B, "主要犯罪地在浦城县");
        // a pause, so that the time to acceptance measured below is whole seconds, not 0
        sleep(Duration.ofMillis(1500));
        successor = accept(B, A, offer).getString("successorId");
        acceptedBy = Instant.now();
        assertNotEquals(handed, successor);
        JsonPath atB = caseAt(B, successor);
        assertEquals(B, atB.getString("origin"));
        assertTrue(atB.getString("number").startsWith(B + "-"));
        assertEquals(List.of(A), atB.getList("participants.jurisdiction"));
        assertEquals(
                1,
                federation
                        .database(B)
                        .count(
                                "SELECT count(*) FROM joint_case WHERE id = ?::uuid AND participating = ?::text[]",
                                successor,
                                "{" + A + "}"),
                "the successor's participant, on its row");
        // A keeps read access and sees B's changes
        awaitCase(A, successor, "OPEN");
        commander(B)
                .body(Map.of("to", "INVESTIGATING", "reason", "嫌疑人已落网"))
                .when()
                .post("/api/v1/cases/" + successor + "/transitions")
                .then()
                .statusCode(200);
        awaitCase(A, successor, "INVESTIGATING");
        // A's case is closed once B's acceptance arrived: read-only from then on
        Await.until(
                PATIENCE,
                () -> successor.equals(commander(A)
                        .when()
                        .get("/api/v1/cases/" + handed + "/handover")
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("successor.caseId")),
                () -> "A's case closed");
        problem(
                commander(A)
                        .body(Map.of("to", "INVESTIGATING"))
                        .when()
                        .post("/api/v1/cases/" + handed + "/transitions")
                        .then(),
                409);
        commander(A)
                .when()
                .get("/api/v1/cases/" + handed + "/handover")
                .then()
                .statusCode(200)
                .body("successor.origin", equalTo(B))
                .body("successor.caseId", equalTo(successor))
                .body("successor.status", equalTo("INVESTIGATING"));
        // B's own former replica of A's case is the closed version: it also names B's case
        Await.until(
                PATIENCE,
                () -> successor.equals(investigator(B)
                        .when()
                        .get("/api/v1/cases/" + handed + "/handover")
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("successor.caseId")),
                () -> "closing event at " + B);
    }

    @Test
    @Order(11)
    void theTimeToAcceptanceOfTheTransferIsMeasuredAtBothEnds() {
        // at B (the offer received, answered) and at A (the offer made, the acceptance received)
        for (String[] end : List.of(new String[] {B, successor}, new String[] {A, handed})) {
            JsonPath accepted = commander(end[0])
                    .when()
                    .get("/api/v1/cases/" + end[1] + "/handover")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals(List.of(A), accepted.getList("accepted.offerOrigin"), end[0]);
            assertEquals(B, accepted.getString("accepted[0].addressee"));
            assertEquals(successor, accepted.getString("accepted[0].successorId"));
            assertNull(accepted.getString("accepted[0].reportedAt"), "a case, not a report");
            Instant offeredAt = Instant.parse(accepted.getString("accepted[0].offeredAt"));
            Instant acceptedAt = Instant.parse(accepted.getString("accepted[0].acceptedAt"));
            // both between what this test saw: before the offer was made, after the acceptance answered
            // (at A: once the acceptance arrived, which may be after)
            assertFalse(offeredAt.isBefore(offeredFrom), offeredAt + " before " + offeredFrom);
            assertTrue(acceptedAt.isAfter(offeredAt), acceptedAt + " after " + offeredAt);
            if (end[0].equals(B)) {
                assertFalse(acceptedAt.isAfter(acceptedBy), acceptedAt + " after " + acceptedBy);
            }
            long seconds = accepted.getLong("accepted[0].secondsToAcceptance");
            assertEquals(Duration.between(offeredAt, acceptedAt).toSeconds(), seconds, end[0]);
            // the test paused 1.5 s between offer and acceptance
            assertTrue(seconds >= 1, end[0] + ": " + seconds);
            // and the statistics' transfers measure the same (rounded) time, the only transfer with the partner
            long exact = Math.round(Duration.between(offeredAt, acceptedAt).toNanos() / 1e9);
            JsonPath figures = statistics(end[0]);
            String direction = end[0].equals(B) ? "IN" : "OUT";
            String partner = end[0].equals(B) ? A : B;
            String row = "transfers.byPartner.find { it.partner == '" + partner + "' && it.direction == '" + direction
                    + "' }";
            assertEquals(1, figures.getLong(row + ".transfers"), end[0]);
            assertEquals(0, figures.getLong(row + ".reports"), end[0]);
            assertEquals(1, figures.getLong(row + ".acceptance.count"), end[0]);
            for (String figure : List.of("meanSeconds", "p50Seconds", "p90Seconds")) {
                assertEquals(exact, figures.getLong(row + ".acceptance." + figure), end[0] + " " + figure);
            }
        }
    }

    @Test
    @Order(12)
    void theParticipantThatDeclinedGetsNothingOfTheSuccessor() {
        // B's successor names A alone (C declined A's case: it is no participant of B's)
        assertEquals(List.of(A), caseAt(B, successor).getList("participants.jurisdiction"));
        problem(investigator(C).when().get("/api/v1/cases/" + successor).then(), 404);
        problem(
                at(B, token(C, B, "investigator"))
                        .when()
                        .get("/api/v1/cases/" + successor)
                        .then(),
                404);
        problem(investigator(C).when().get("/api/v1/cases/" + handed).then(), 404);
        // C's service holds neither case, nor any entry of their timelines
        var db = federation.database(C);
        assertEquals(
                0,
                count(
                        db,
                        "SELECT count(*) FROM joint_case WHERE id IN ('" + handed + "'::uuid, '" + successor
                                + "'::uuid)"));
        assertEquals(
                0,
                count(
                        db,
                        "SELECT count(*) FROM case_timeline_entry WHERE case_id IN ('" + handed + "'::uuid, '"
                                + successor + "'::uuid)"));
    }

    // --- search under the visibility rule

    @Test
    @Order(20)
    void searchFindsWordsOfTitleSummaryAndTimelineOnlyInVisibleCases() {
        // title words: A sees its handed case and B's successor
        JsonPath atA = search(A, "q=走私成品油");
        assertEquals(Set.of(handed, successor), Set.copyOf(atA.getList("items.id")));
        assertEquals(Map.of(A, 1, B, 1), atA.getMap("facets.origin"));
        // a timeline word (the reason of B's status change) finds the case at its owner and at A
        assertEquals(List.of(successor), search(B, "q=落网").getList("items.id"));
        assertEquals(List.of(successor), search(A, "q=落网").getList("items.id"));
        // C declined A's case and never took part in B's: nothing in items or facets, nothing by id
        JsonPath atC = search(C, "q=走私成品油");
        assertEquals(List.of(), atC.getList("items"));
        assertEquals(Map.of(), atC.getMap("facets.status"));
        assertEquals(Map.of(), atC.getMap("facets.origin"));
        assertEquals(List.of(), search(C, "q=落网").getList("items"));
        for (String id : List.of(handed, successor)) {
            problem(investigator(C).when().get("/api/v1/cases/" + id).then(), 404);
            problem(
                    investigator(C)
                            .when()
                            .get("/api/v1/cases/" + id + "/handover")
                            .then(),
                    404);
            // nor at the owners' services
            String owner = id.equals(handed) ? A : B;
            problem(
                    at(owner, token(C, owner, "commander"))
                            .when()
                            .get("/api/v1/cases/" + id + "/handover")
                            .then(),
                    404);
        }
        // a user of C asking at A's service sees no more than at home
        JsonPath cAtA = at(A, token(C, A, "investigator"))
                .when()
                .get("/api/v1/cases/search?q=走私成品油")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(), cAtA.getList("items"));
        assertEquals(Map.of(), cAtA.getMap("facets.category"));
        // and C's own cases are found at C
        JsonPath own = search(C, "q=盗窃电动车");
        assertEquals(1, own.getList("items").size());
        assertEquals(Map.of("INVESTIGATING", 1), own.getMap("facets.status"));
    }

    @Test
    @Order(21)
    void filtersFacetsAndCursorPaging() {
        JsonPath page1 = search(A, "q=走私&limit=1");
        assertEquals(1, page1.getList("items").size());
        String next = page1.getString("next");
        assertNotNull(next);
        JsonPath page2 = search(A, "q=走私&limit=1&cursor=" + next);
        assertEquals(1, page2.getList("items").size());
        assertNotEquals(page1.getString("items[0].id"), page2.getString("items[0].id"));
        // facets count every match, not one page
        assertEquals(
                page1.getMap("facets.status").values().stream()
                        .mapToInt(n -> ((Number) n).intValue())
                        .sum(),
                search(A, "q=走私&limit=200").getList("items").size());
        assertEquals(List.of(successor), search(A, "q=走私&origin=" + B).getList("items.id"));
        assertEquals(
                List.of(successor), search(A, "q=走私成品油&status=INVESTIGATING").getList("items.id"));
        // C takes part in A's continuing case only (it owns the reported one, it is no participant of it)
        assertEquals(List.of(continued), search(A, "participant=" + C).getList("items.id"));
        assertEquals(
                List.of(),
                search(A, "q=走私&filedFrom=2020-01-01T00:00:00Z&filedTo=2020-02-01T00:00:00Z")
                        .getList("items"));
        assertEquals(
                Set.of(handed, successor, continued, reported, declined),
                Set.copyOf(search(A, "q=走私&occurredFrom=2026-03-01T00:00:00Z&occurredTo=2026-03-03T00:00:00Z")
                        .getList("items.id")));
    }

    // --- a case with two participants handed to one of them (after the searches: it matches their words)

    @Test
    @Order(25)
    void theOtherParticipantFollowsTheCaseToItsNewOwner() {
        String own = commander(A)
                .body(matter("三地联办走私案", A, Set.of(B, C)))
                .queryParam("open", true)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        answer(B, own, "ACCEPT", "ACCEPTED");
        answer(C, own, "ACCEPT", "ACCEPTED");
        String next = accept(B, A, offer(own, B, "主要犯罪地在浦城县")).getString("successorId");
        // B owns it; A (the first bureau) and C (a participant that had accepted) take part as accepted
        JsonPath atB = caseAt(B, next);
        assertEquals(B, atB.getString("origin"));
        assertEquals(List.of(A, C), atB.getList("participants.jurisdiction"));
        assertEquals(List.of("ACCEPTED", "ACCEPTED"), atB.getList("participants.state"));
        // C receives B's case and reads it at home: B named as its owner, the same matter
        awaitCase(C, next, "OPEN");
        JsonPath atC = caseAt(C, next);
        assertEquals(B, atC.getString("origin"));
        assertEquals(atB.getString("number"), atC.getString("number"));
        assertEquals("三地联办走私案", atC.getString("title"));
        assertEquals(List.of(A, C), atC.getList("participants.jurisdiction"));
        // C's copy of A's case names its successor at B; C keeps reading it
        Await.until(
                PATIENCE,
                () -> next.equals(investigator(C)
                        .when()
                        .get("/api/v1/cases/" + own + "/handover")
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("successor.caseId")),
                () -> "A's closing event at " + C);
        investigator(C)
                .when()
                .get("/api/v1/cases/" + own + "/handover")
                .then()
                .statusCode(200)
                .body("origin", equalTo(A))
                .body("successor.origin", equalTo(B))
                .body("successor.confirmed", equalTo(true))
                .body("successor.number", equalTo(atB.getString("number")))
                .body("successor.status", equalTo("OPEN"));
        assertEquals(A, caseAt(C, own).getString("origin"));
        // B's later changes reach C: a status change and a note, on the timeline C reads
        commander(B)
                .body(Map.of("to", "INVESTIGATING"))
                .when()
                .post("/api/v1/cases/" + next + "/transitions")
                .then()
                .statusCode(200);
        investigator(B)
                .body(Map.of("text", "已在浦城查获涉案车辆"))
                .when()
                .post("/api/v1/cases/" + next + "/timeline")
                .then()
                .statusCode(201);
        awaitCase(C, next, "INVESTIGATING");
        Await.until(
                PATIENCE,
                () -> investigator(C)
                        .when()
                        .get("/api/v1/cases/" + next + "/timeline")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items.text")
                        .contains("已在浦城查获涉案车辆"),
                () -> "B's note at " + C);
        // and C, as an accepted participant of B's case, adds its own note there, which B takes
        investigator(C)
                .body(Map.of("text", "广丰方面已核实嫌疑人身份"))
                .when()
                .post("/api/v1/cases/" + next + "/timeline")
                .then()
                .statusCode(201)
                .body("pending", equalTo(true));
        Await.until(
                PATIENCE,
                () -> investigator(B)
                        .when()
                        .get("/api/v1/cases/" + next + "/timeline")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items.text")
                        .contains("广丰方面已核实嫌疑人身份"),
                () -> "C's note at " + B);
        // A's case stays read-only for A, C still only reads B's
        problem(
                commander(A)
                        .body(Map.of("to", "INVESTIGATING"))
                        .when()
                        .post("/api/v1/cases/" + own + "/transitions")
                        .then(),
                409);
        problem(
                commander(C)
                        .body(Map.of("to", "SOLVED"))
                        .when()
                        .post("/api/v1/cases/" + next + "/transitions")
                        .then(),
                403);
    }

    // --- refusals and bad input

    /** Every endpoint of ours, as a request a user of A would make at A. */
    List<Supplier<ValidatableResponse>> endpoints(Supplier<RequestSpecification> spec) {
        return List.of(
                () -> spec.get()
                        .body(report(matter("拒绝测试", A, Set.of()), B, "理由"))
                        .when()
                        .post("/api/v1/case-reports")
                        .then(),
                () -> spec.get().when().get("/api/v1/case-reports").then(),
                () -> spec.get().when().get("/api/v1/case-reports/" + reported).then(),
                () -> spec.get()
                        .when()
                        .get("/api/v1/cases/" + handed + "/handover")
                        .then(),
                () -> spec.get().when().get("/api/v1/cases/search?q=走私").then());
    }

    @Test
    @Order(30)
    void everyEndpointRefusesNoTokenAnUntrustedIssuerAndAMissingRole() {
        long cases = federation.database(A).count(OWN_CASES, A);
        String untrusted = new TestIssuer("330822").token(A).roles("commander").sign();
        for (var call : endpoints(() -> at(A, null))) {
            problem(call.get(), 401);
        }
        for (var call : endpoints(() -> at(A, untrusted))) {
            problem(call.get(), 401);
        }
        for (var call : endpoints(() -> as(A, "integrator"))) {
            problem(call.get(), 403);
        }
        assertEquals(cases, federation.database(A).count(OWN_CASES, A));
    }

    @Test
    @Order(31)
    void reportsAreTakenAndReadOnlyByTheirJurisdictionsUsers() {
        long cases = federation.database(A).count(OWN_CASES, A);
        // a user of B at A's service: takes no report there, reads none of A's
        problem(
                at(A, token(B, A, "investigator"))
                        .body(report(matter("越权接报", A, Set.of()), C, "理由"))
                        .when()
                        .post("/api/v1/case-reports")
                        .then(),
                403);
        problem(
                at(A, token(B, A, "commander"))
                        .when()
                        .get("/api/v1/case-reports")
                        .then(),
                403);
        // C's report is not A's: at A there is no report under that id (the case is C's)
        problem(commander(A).when().get("/api/v1/case-reports/" + reported).then(), 404);
        // an analyst reads but takes no report
        problem(
                as(A, "analyst")
                        .body(report(matter("分析员接报", A, Set.of()), B, "理由"))
                        .when()
                        .post("/api/v1/case-reports")
                        .then(),
                403);
        // not the owner: A cannot offer C's case, nor C's user A's successor
        problem(
                commander(A)
                        .body(Map.of("recordType", TYPE, "recordId", reported, "to", B, "reason", "越权移交"))
                        .when()
                        .post(TRANSFERS)
                        .then(),
                404);
        assertEquals(cases, federation.database(A).count(OWN_CASES, A));
    }

    @Test
    @Order(32)
    void badReportsAreRefusedAndStoreNothing() {
        var db = federation.database(C);
        long cases = db.count(OWN_CASES, C);
        long reports = count(db, "SELECT count(*) FROM case_report");
        long offers = count(db, "SELECT count(*) FROM federation.transfer_offer");
        List<Map<String, Object>> bad = List.of(
                // no place code
                report(matter("无地点", null, Set.of()), A, "理由"),
                // not a GB/T 2260 code
                report(matter("错误地点", "123", Set.of()), A, "理由"),
                // competent: not a code, ourselves, not a partner
                report(matter("错误管辖", A, Set.of()), "12345", "理由"),
                report(matter("本辖区", C, Set.of()), C, "理由"),
                report(matter("非伙伴", A, Set.of()), "330822", "理由"),
                // no reason
                report(matter("无理由", A, Set.of()), A, " "),
                // a NUL in the reason
                report(matter("坏理由", A, Set.of()), A, "理由\u0000"),
                // a bad subject
                report(
                        Map.of(
                                "category", "THEFT",
                                "title", "坏对象",
                                "summary", "摘要",
                                "countyCode", A,
                                "subjects", List.of(Map.of("kind", "PERSON", "value", "330881199001011230"))),
                        A,
                        "理由"));
        for (Map<String, Object> body : bad) {
            problem(
                    investigator(C)
                            .body(body)
                            .when()
                            .post("/api/v1/case-reports")
                            .then(),
                    400);
        }
        Map<String, Object> noReportedAt = new LinkedHashMap<>(report(matter("无时间", A, Set.of()), A, "理由"));
        noReportedAt.remove("reportedAt");
        problem(
                investigator(C)
                        .body(noReportedAt)
                        .when()
                        .post("/api/v1/case-reports")
                        .then(),
                400);
        problem(
                investigator(C)
                        .body("{not json")
                        .when()
                        .post("/api/v1/case-reports")
                        .then(),
                400);
        assertEquals(cases, db.count(OWN_CASES, C));
        assertEquals(reports, count(db, "SELECT count(*) FROM case_report"));
        assertEquals(offers, count(db, "SELECT count(*) FROM federation.transfer_offer"));
    }

    @Test
    @Order(33)
    void badSearchesAndReadsAreProblems() {
        for (String query : List.of(
                "cursor=not-a-cursor",
                "status=SOMEWHERE",
                "category=NOPE",
                "origin=12",
                "participant=abcdef",
                "filedFrom=yesterday",
                "filedFrom=2026-03-02T00:00:00Z&filedTo=2026-03-01T00:00:00Z",
                "occurredFrom=2026-03-02T00:00:00Z&occurredTo=2026-03-02T00:00:00Z",
                "limit=0",
                "limit=201",
                "q=" + "走".repeat(201))) {
            var response =
                    investigator(A).when().get("/api/v1/cases/search?" + query).then();
            response.contentType("application/problem+json");
            int status = response.extract().statusCode();
            assertTrue(status == 400, query + " gave " + status);
        }
        problem(investigator(A).when().get("/api/v1/case-reports/not-a-uuid").then(), 400);
        problem(
                investigator(A)
                        .when()
                        .get("/api/v1/cases/" + UUID.randomUUID() + "/handover")
                        .then(),
                404);
        problem(investigator(A).when().get("/api/v1/case-reports?limit=0").then(), 400);
    }

    @Test
    @Order(40)
    void aRepeatedReportWithTheSameKeyIsTakenOnce() {
        var db = federation.database(C);
        long reports = count(db, "SELECT count(*) FROM case_report");
        Map<String, Object> body = report(matter("重复提交的接报", A, Set.of()), A, "案发地属江山市");
        String first = investigator(C)
                .header("Idempotency-Key", "report-1")
                .body(body)
                .when()
                .post("/api/v1/case-reports")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("filed.id");
        investigator(C)
                .header("Idempotency-Key", "report-1")
                .body(body)
                .when()
                .post("/api/v1/case-reports")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("filed.id", equalTo(first));
        assertEquals(reports + 1, count(db, "SELECT count(*) FROM case_report"));
        investigator(C)
                .when()
                .get("/api/v1/case-reports")
                .then()
                .statusCode(200)
                .body("filed.id", hasItem(first))
                .body("filed.id", not(hasItem(handed)));
    }
}
