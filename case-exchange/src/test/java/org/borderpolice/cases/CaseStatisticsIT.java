package org.borderpolice.cases;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * 统计 across three jurisdictions as processes: Jiangshan files a case with Pucheng, which accepts
 * and helps solve it, and one of its own; Guangfeng is invited to nothing. Each jurisdiction's
 * analysts get the figures of what it sees, at home and at Jiangshan's service: Guangfeng's are
 * empty everywhere, Pucheng's hold the shared case only.
 *
 * <p>Then 比对 (hit/no-hit checks over suspects, after the figures: it files a case): Jiangshan's
 * agreement gives Guangfeng no joint cases (only {@code cases.timeline-note}), Pucheng all of them;
 * Pucheng, not invited, learns the case's number, unit and category by a hit, and nothing more
 * from reads, lists, search or statistics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaseStatisticsIT {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // as written: 50.00 stays 50.00 (the 2 decimal places are part of what is checked)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    CaseFederation j;

    @BeforeAll
    void start() {
        j = new CaseFederation(Map.of(
                JIANGSHAN, Map.of("border.federation.partners." + GUANGFENG + ".categories", "cases.timeline-note")));
    }

    @AfterAll
    void stop() {
        if (j != null) {
            j.close();
        }
    }

    void transition(String id, String to) {
        j.home(JIANGSHAN, "commander")
                .contentType(ContentType.JSON)
                .body(Map.of("to", to))
                .when()
                .post("/api/v1/cases/" + id + "/transitions")
                .then()
                .statusCode(200);
    }

    JsonNode statistics(RequestSpecification caller) throws Exception {
        Instant now = Instant.now();
        return JSON.readTree(
                caller.queryParam("from", now.minus(Duration.ofDays(1)).toString())
                        .queryParam("to", now.plus(Duration.ofDays(1)).toString())
                        .queryParam("bucket", "year")
                        .when()
                        .get("/api/v1/case-statistics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    static List<String> assisted(JsonNode s) {
        List<String> a = new ArrayList<>();
        s.get("assistedSolved")
                .forEach(n -> a.add(
                        n.get("jurisdiction").asText() + ":" + n.get("cases").asLong()));
        return a;
    }

    @Test
    @Order(1)
    void aPartnerNotInvitedGetsFiguresWithoutTheCasesItWasNotInvitedTo() throws Exception {
        String shared = j.file("浙闽交界电信诈骗统计案", PUCHENG);
        j.file("江山本地盗窃统计案");
        j.awaitVisible(PUCHENG, shared);
        j.home(PUCHENG, "investigator")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "ACCEPT"))
                .when()
                .post("/api/v1/cases/" + shared + "/participation")
                .then()
                .statusCode(200);
        j.await(
                "Pucheng accepted at Jiangshan",
                () -> j.rows(
                                JIANGSHAN,
                                "SELECT count(*) FROM case_participant WHERE case_id = ?::uuid AND jurisdiction = ?"
                                        + " AND state = 'ACCEPTED'",
                                shared,
                                PUCHENG)
                        == 1);
        transition(shared, "INVESTIGATING");
        transition(shared, "SOLVED");
        j.await(
                "the solved case at Pucheng",
                () -> j.rows(
                                PUCHENG,
                                "SELECT count(*) FROM joint_case WHERE id = ?::uuid AND solved_at IS NOT NULL",
                                shared)
                        == 1);

        // Jiangshan: both cases, one solved with Pucheng's help
        JsonNode home = statistics(j.home(JIANGSHAN, "analyst"));
        assertEquals(2, home.get("cases").get("filed").asLong());
        assertEquals(1, home.get("cases").get("solved").asLong());
        assertEquals(new BigDecimal("50.00"), home.get("cases").get("solveRate").decimalValue());
        assertEquals(
                new BigDecimal("250001.00"), home.get("cases").get("lossAmount").decimalValue());
        assertEquals(List.of(PUCHENG + ":1"), assisted(home));

        // Pucheng, at home (its replica) and at Jiangshan's service: the shared case only
        for (RequestSpecification pucheng :
                List.of(j.home(PUCHENG, "commander"), j.as(PUCHENG, JIANGSHAN, "analyst"))) {
            JsonNode p = statistics(pucheng);
            assertEquals(1, p.get("cases").get("filed").asLong());
            assertEquals("{\"SOLVED\":1}", p.get("cases").get("byStatus").toString());
            assertEquals(
                    new BigDecimal("125000.50"),
                    p.get("cases").get("lossAmount").decimalValue());
            assertEquals(
                    new BigDecimal("30000.05"),
                    p.get("cases").get("recoveredAmount").decimalValue());
            assertEquals(
                    new BigDecimal("24.00"), p.get("cases").get("recoveryRate").decimalValue());
            assertEquals(List.of(PUCHENG + ":1"), assisted(p));
        }

        // Guangfeng, invited to nothing: nothing counted, at home or at Jiangshan's service
        for (RequestSpecification guangfeng :
                List.of(j.home(GUANGFENG, "analyst"), j.as(GUANGFENG, JIANGSHAN, "commander"))) {
            JsonNode g = statistics(guangfeng);
            assertEquals(0, g.get("cases").get("filed").asLong());
            assertEquals(0, g.get("cases").get("byStatus").size());
            assertEquals(
                    new BigDecimal("0.00"), g.get("cases").get("lossAmount").decimalValue());
            assertTrue(g.get("cases").get("solveRate").isNull());
            assertEquals(List.of(), assisted(g));
            g.get("periods").forEach(b -> assertEquals(0, b.get("filed").asLong()));
        }

        // an investigator of Jiangshan does not read figures; every read above was audited
        j.home(JIANGSHAN, "investigator")
                .queryParam("from", "2026-01-01")
                .queryParam("to", "2027-01-01")
                .when()
                .get("/api/v1/case-statistics")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        assertEquals(
                3, j.rows(JIANGSHAN, "SELECT count(*) FROM federation.audit_log WHERE action = 'case.statistics'"));
    }

    static final String HIT_SUSPECT = "361103198808087895";

    RequestSpecification check(RequestSpecification caller, String... persons) {
        return caller.contentType(ContentType.JSON)
                .body(Map.of(
                        "identifiers",
                        java.util.Arrays.stream(persons)
                                .map(p -> Map.of("kind", "PERSON", "value", p))
                                .toList()));
    }

    @Test
    @Order(2)
    void aPartnerOfTheAgreementHitsACaseByItsSuspectAndLearnsItsNumberUnitAndCategoryOnly() throws Exception {
        // Jiangshan files a case (no participants) with a suspect
        Map<String, Object> body = new java.util.HashMap<>(CaseFederation.caseBody("比对测试：跨省走私案"));
        body.put("category", "SMUGGLING");
        body.put("leadUnit", "江山市公安局治安大队");
        body.put("subjects", List.of(Map.of("kind", "PERSON", "value", HIT_SUSPECT, "label", "王某", "role", "SUSPECT")));
        var filed = j.home(JIANGSHAN, "investigator")
                .contentType(ContentType.JSON)
                .queryParam("open", true)
                .body(body)
                .when()
                .post("/api/v1/cases")
                .then()
                .statusCode(201)
                .extract();
        String id = filed.path("id");
        String number = filed.path("number");

        // Pucheng's investigator checks the ID at home: Jiangshan answers with the case, nothing more
        var hit = check(j.home(PUCHENG, "investigator"), HIT_SUSPECT)
                .when()
                .post("/api/v1/cases/hit-checks")
                .then()
                .statusCode(200)
                .extract();
        assertEquals(List.of(JIANGSHAN, GUANGFENG), hit.path("partnersAsked"));
        assertEquals(Map.of(), hit.path("partnersUnavailable"));
        assertEquals(1, (int) hit.path("hits.size()"));
        assertEquals("cases.case", hit.path("hits[0].recordType"));
        assertEquals(JIANGSHAN, hit.path("hits[0].owner"));
        assertEquals(id, hit.path("hits[0].recordId"));
        assertEquals("江山市公安局治安大队", hit.path("hits[0].unit"));
        assertEquals(Map.of("number", number, "category", "SMUGGLING"), hit.path("hits[0].summary"));
        assertEquals(false, hit.path("hits[0].local"));
        for (String secret : List.of("比对测试", "跨省走私案", "王某", "犯罪嫌疑人冒充客服")) {
            assertFalse(hit.asString().contains(secret), secret + " in " + hit.asString());
        }
        String checkId = hit.path("checkId");
        // audited at both ends, with the case it hit
        assertEquals(
                1,
                j.rows(
                        PUCHENG,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.asked' AND record_id = '"
                                + checkId + "' AND detail LIKE '%" + JIANGSHAN + "/" + id + "%'"));
        assertEquals(
                1,
                j.rows(
                        JIANGSHAN,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.answered' AND record_id = '"
                                + checkId + "' AND jurisdiction = '" + PUCHENG + "' AND detail LIKE '%" + id + "%'"));
        assertEquals(
                1,
                j.rows(
                        JIANGSHAN,
                        "SELECT count(*) FROM federation.hit_check_hit WHERE direction = 'INBOUND' AND counterpart = '"
                                + PUCHENG + "' AND record_id = '" + id + "'"));

        // and that is all Pucheng, not invited, learns of the case: reads, lists, search and statistics show
        // it nothing, at home (where it holds nothing) and at Jiangshan's service (docs/decisions.md)
        assertEquals(0, j.rows(PUCHENG, "SELECT count(*) FROM joint_case WHERE id = ?::uuid", id));
        for (RequestSpecification pucheng :
                List.of(j.home(PUCHENG, "commander"), j.as(PUCHENG, JIANGSHAN, "commander"))) {
            pucheng.when().get("/api/v1/cases/" + id).then().statusCode(404);
        }
        for (String at : List.of(PUCHENG, JIANGSHAN)) {
            j.as(PUCHENG, at, "analyst")
                    .when()
                    .get("/api/v1/cases/" + id + "/timeline")
                    .then()
                    .statusCode(404);
            j.as(PUCHENG, at, "analyst")
                    .queryParam("limit", 200)
                    .when()
                    .get("/api/v1/cases")
                    .then()
                    .statusCode(200)
                    .body("items.id", not(hasItem(id)));
            j.as(PUCHENG, at, "analyst")
                    .queryParam("q", "走私")
                    .when()
                    .get("/api/v1/cases/search")
                    .then()
                    .statusCode(200)
                    .body("items", empty())
                    .body("facets.category", anEmptyMap());
            JsonNode p = statistics(j.as(PUCHENG, at, "analyst"));
            assertEquals(1, p.get("cases").get("filed").asLong(), "the shared case only");
            assertFalse(p.get("cases").get("byCategory").has("SMUGGLING"), p.toString());
        }
        // while Jiangshan's own users find it
        j.home(JIANGSHAN, "analyst")
                .queryParam("q", "走私")
                .when()
                .get("/api/v1/cases/search")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));

        // Guangfeng, which Jiangshan's agreement gives no joint cases: no hit, Jiangshan refused to answer
        var none = check(j.home(GUANGFENG, "analyst"), HIT_SUSPECT)
                .when()
                .post("/api/v1/cases/hit-checks")
                .then()
                .statusCode(200)
                .extract();
        assertEquals(0, (int) none.path("hits.size()"));
        assertEquals(Map.of(JIANGSHAN, "PERMISSION_DENIED"), none.path("partnersUnavailable"));
        assertEquals(
                1,
                j.rows(
                        JIANGSHAN,
                        "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.refused' AND jurisdiction = '"
                                + GUANGFENG + "'"));

        // refused at Pucheng's service: no token, a token of an issuer nobody trusts, a role that does not check
        long asked = j.rows(PUCHENG, "SELECT count(*) FROM federation.hit_check_log");
        check(io.restassured.RestAssured.given().baseUri(j.url(PUCHENG)), HIT_SUSPECT)
                .when()
                .post("/api/v1/cases/hit-checks")
                .then()
                .statusCode(401);
        check(
                        io.restassured.RestAssured.given()
                                .baseUri(j.url(PUCHENG))
                                .auth()
                                .oauth2(new org.borderpolice.federation.testing.TestIssuer(
                                                PUCHENG, "https://idp.example.org/realms/untrusted")
                                        .token(PUCHENG)
                                        .roles("investigator")
                                        .sign()),
                        HIT_SUSPECT)
                .when()
                .post("/api/v1/cases/hit-checks")
                .then()
                .statusCode(401);
        check(j.home(PUCHENG, "mediator"), HIT_SUSPECT)
                .when()
                .post("/api/v1/cases/hit-checks")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        assertEquals(asked, j.rows(PUCHENG, "SELECT count(*) FROM federation.hit_check_log"));
    }
}
