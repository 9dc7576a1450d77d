package org.borderpolice.cases;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseStatisticsIT {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // as written: 50.00 stays 50.00 (the 2 decimal places are part of what is checked)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

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
}
