package org.borderpolice.mediation;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.borderpolice.federation.testing.Await;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * A land-boundary dispute between a Jiangshan and a Pucheng village, its agreement made at
 * Jiangshan and replicated to Pucheng with the printed document, a follow-up visit by Pucheng
 * flowing back as Pucheng's own record, and Guangfeng (not involved) seeing nothing; an overdue
 * instalment raising the dispute's risk on both sides and listing it for escalation; each side
 * down while the other writes, and every record there once after it is back: on the module's one
 * three-jurisdiction federation ({@link MediationFederation#shared()}).
 */
class AgreementReplicationIT {

    static final Duration PATIENCE = MediationFederation.PATIENCE;

    final MediationFederation j = MediationFederation.shared();

    /** A user of {@code code} at its own jurisdiction's service. */
    RequestSpecification home(String code, String... roles) {
        return j.home(code, roles);
    }

    String takeIn() {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "PATROL");
        body.put("kind", "LAND_BOUNDARY");
        body.put("title", "枫溪村与渔梁村山林边界纠纷");
        body.put("description", "两村因交界处山林权属及毛竹砍伐发生纠纷，双方村民多次发生口角。");
        body.put("place", "三山边界社会治理中心");
        body.put("countyCode", "330881");
        body.put("township", "廿八都镇");
        body.put("amountAtStake", new BigDecimal("9000"));
        body.put("consent", true);
        body.put(
                "parties",
                List.of(
                        Map.of(
                                "kind", "ORGANISATION",
                                "role", "APPLICANT",
                                "name", "江山市廿八都镇枫溪村村民委员会",
                                "jurisdiction", JIANGSHAN),
                        Map.of(
                                "kind", "ORGANISATION",
                                "role", "RESPONDENT",
                                "name", "浦城县仙阳镇渔梁村村民委员会",
                                "jurisdiction", PUCHENG)));
        String id = home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("to", "MEDIATING"))
                .when()
                .post("/api/v1/disputes/" + id + "/transitions")
                .then()
                .statusCode(200);
        return id;
    }

    int agreementStatusAt(String code, String dispute) {
        return home(code, "mediator")
                .when()
                .get("/api/v1/disputes/" + dispute + "/agreement")
                .statusCode();
    }

    JsonPath agreementAt(String code, String dispute) {
        return home(code, "mediator")
                .when()
                .get("/api/v1/disputes/" + dispute + "/agreement")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void theAgreementReachesThePartnerInvolvedAndItsFollowUpComesBack() throws IOException {
        String d = takeIn();
        LocalDate today = AgreementRules.today();
        Map<String, Object> agreement = new HashMap<>();
        agreement.put("terms", "一、以界桩为界，界桩以东山林归枫溪村。\n二、渔梁村赔偿已砍伐毛竹损失人民币九千元，分两期支付。");
        agreement.put("totalAmount", new BigDecimal("9000"));
        agreement.put(
                "instalments",
                List.of(
                        Map.of("dueOn", today.plusDays(30).toString(), "amount", new BigDecimal("6000")),
                        Map.of("dueOn", today.plusDays(60).toString(), "amount", new BigDecimal("3000"))));
        agreement.put("mediators", List.of("王建国（江山市公安局坛石派出所）", "林秀英（浦城县仙阳司法所）"));
        String sha = home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(agreement)
                .when()
                .put("/api/v1/disputes/" + d + "/agreement")
                .then()
                .statusCode(200)
                .extract()
                .path("documentSha256");
        for (int party = 0; party < 2; party++) {
            home(JIANGSHAN, "mediator")
                    .contentType(ContentType.JSON)
                    .body(Map.of("partyPosition", party, "method", "SEAL", "documentSha256", sha))
                    .when()
                    .post("/api/v1/disputes/" + d + "/agreement/signatures")
                    .then()
                    .statusCode(200);
        }

        // Pucheng holds the agreement in force, with the very document the parties signed
        Await.until(
                PATIENCE,
                () -> agreementStatusAt(PUCHENG, d) == 200
                        && "SIGNED".equals(agreementAt(PUCHENG, d).getString("status")),
                () -> "the signed agreement of " + d + " at Pucheng");
        byte[] pdf = home(PUCHENG, "investigator")
                .when()
                .get("/api/v1/disputes/" + d + "/agreement/document")
                .then()
                .statusCode(200)
                .contentType("application/pdf")
                .extract()
                .asByteArray();
        assertEquals(sha, org.borderpolice.mediation.service.AgreementDocuments.sha256(pdf));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("二、渔梁村赔偿已砍伐毛竹损失人民币九千元，分两期支付。"), text);
        }
        // Guangfeng is not involved: it holds nothing
        assertEquals(404, agreementStatusAt(GUANGFENG, d));

        // Pucheng's mediator follows up at Pucheng: its record reaches Jiangshan, and through it the agreement
        home(PUCHENG, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "visitedOn",
                        today.toString(),
                        "method",
                        "VISIT",
                        "satisfied",
                        true,
                        "recurred",
                        false,
                        "note",
                        "渔梁村已按期筹款，两村巡护正常。"))
                .when()
                .post("/api/v1/disputes/" + d + "/agreement/follow-ups")
                .then()
                .statusCode(201);
        Await.until(
                PATIENCE,
                () -> agreementAt(JIANGSHAN, d)
                        .getList("followUps.authorJurisdiction")
                        .contains(PUCHENG),
                () -> "Pucheng's follow-up at Jiangshan");
        Await.until(
                PATIENCE,
                () -> agreementAt(PUCHENG, d).getList("followUps").size() == 1,
                () -> "the follow-up once in the agreement at Pucheng");
        // a write of the origin's agreement at the partner is refused
        home(PUCHENG, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("partyPosition", 0, "method", "SEAL", "documentSha256", sha))
                .when()
                .post("/api/v1/disputes/" + d + "/agreement/signatures")
                .then()
                .statusCode(403);
    }

    /** Jiangshan's mediator signs for both parties: the agreement is in force, the dispute AGREED. */
    void signedByBothParties(String dispute, String sha) {
        for (int party = 0; party < 2; party++) {
            home(JIANGSHAN, "mediator")
                    .contentType(ContentType.JSON)
                    .body(Map.of("partyPosition", party, "method", "SEAL", "documentSha256", sha))
                    .when()
                    .post("/api/v1/disputes/" + dispute + "/agreement/signatures")
                    .then()
                    .statusCode(200);
        }
    }

    String draft(String dispute, LocalDate agreedOn, LocalDate firstDue, LocalDate secondDue) {
        Map<String, Object> agreement = new HashMap<>();
        agreement.put("terms", "一、以界桩为界，界桩以东山林归枫溪村。\n二、渔梁村赔偿毛竹损失人民币九千元，分两期支付。");
        agreement.put("totalAmount", new BigDecimal("9000"));
        agreement.put("agreedOn", agreedOn.toString());
        agreement.put(
                "instalments",
                List.of(
                        Map.of("dueOn", firstDue.toString(), "amount", new BigDecimal("6000")),
                        Map.of("dueOn", secondDue.toString(), "amount", new BigDecimal("3000"))));
        return home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(agreement)
                .when()
                .put("/api/v1/disputes/" + dispute + "/agreement")
                .then()
                .statusCode(200)
                .extract()
                .path("documentSha256");
    }

    JsonPath escalations(String code) {
        return home(code, "mediator")
                .queryParam("limit", 500)
                .when()
                .get("/api/v1/disputes/escalations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void anOverdueInstalmentRaisesTheRiskOnBothSidesAndListsTheDisputeForEscalation() {
        String d = takeIn();
        String path = "/api/v1/disputes/" + d;
        LocalDate today = AgreementRules.today();
        // agreed 50 days ago: the first instalment fell due 40 days ago (past the 3 grace days and the 30
        // days after which the risk is HIGH) and is unpaid; the second is due in 30 days
        signedByBothParties(d, draft(d, today.minusDays(50), today.minusDays(40), today.plusDays(30)));

        // Jiangshan's periodic check (every 2 s in this federation) raises the risk, and the dispute goes out again
        Await.until(
                PATIENCE,
                () -> "HIGH".equals(j.read(JIANGSHAN, path).getString("riskLevel")),
                () -> "the overdue check at Jiangshan");
        JsonPath atA = j.read(JIANGSHAN, path);
        List<String> reasons = atA.getList("riskReasons");
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("第1期分期履行逾期")), reasons.toString());
        assertTrue(reasons.stream().noneMatch(r -> r.startsWith("第2期")), reasons.toString());
        Await.until(
                PATIENCE,
                () -> j.read(PUCHENG, path).getLong("version") == atA.getLong("version"),
                () -> "the raised risk at Pucheng");
        JsonPath atB = j.read(PUCHENG, path);
        assertEquals("HIGH", atB.getString("riskLevel"));
        assertEquals(reasons, atB.getList("riskReasons"));
        assertEquals("AGREED", atB.getString("status"));

        // listed for escalation on both sides: the overdue instalment only, with the raised risk
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            JsonPath listed = escalations(code);
            String mine = "findAll { it.disputeId == '" + d + "' }";
            assertEquals(List.of(1), listed.getList(mine + ".instalment"), code);
            assertEquals(List.of(40), listed.getList(mine + ".daysOverdue"), code);
            assertEquals(List.of("HIGH"), listed.getList(mine + ".riskLevel"), code);
        }
        // Guangfeng is not involved: not on its list
        assertTrue(!escalations(GUANGFENG).getList("disputeId").contains(d));
    }

    /** Rows of {@code sql} (one parameter: {@code id}) at Jiangshan and at Pucheng. */
    List<Long> rowsAtBoth(String sql, String id) {
        return List.of(j.rows(JIANGSHAN, sql, id), j.rows(PUCHENG, sql, id));
    }

    /** Versions of {@code path}'s record at Jiangshan and at Pucheng, as read by a mediator. */
    List<Long> versionsAtBoth(RequestSpecification atJiangshan, RequestSpecification atPucheng, String path) {
        return List.of(
                atJiangshan
                        .when()
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("version"),
                atPucheng
                        .when()
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("version"));
    }

    @Test
    void eachSideDownWhileTheOtherWritesAndBackWithEveryRecordOnce() {
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        String jsAccount = "js-outage-" + suffix;
        String pcAccount = "pc-outage-" + suffix;
        String js = j.mediator(JIANGSHAN, "POLICE", "江山民警（停机测试）", jsAccount);
        String pc = j.mediator(PUCHENG, "JUDICIAL_OFFICE", "浦城司法所调解员（停机测试）", pcAccount);
        j.await(
                "Pucheng's mediator in Jiangshan's directory",
                () -> j.statusAt(JIANGSHAN, "/api/v1/mediators/" + pc) == 200);
        String d = takeIn();
        String path = "/api/v1/disputes/" + d;
        home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("mediators", List.of(js, pc)))
                .when()
                .put(path + "/team")
                .then()
                .statusCode(200);
        String session = home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "startsAt", "2027-03-10T09:00:00+08:00",
                        "endsAt", "2027-03-10T11:00:00+08:00",
                        "mode", "ONLINE",
                        "mediators", List.of(js, pc)))
                .when()
                .post(path + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        LocalDate today = AgreementRules.today();
        String sha = draft(d, today, today.plusDays(30), today.plusDays(60));
        Await.until(
                PATIENCE,
                () -> agreementStatusAt(PUCHENG, d) == 200
                        && j.read(PUCHENG, path + "/sessions").getList("id").contains(session),
                () -> "the draft and the session at Pucheng");
        String agreementId = agreementAt(JIANGSHAN, d).getString("id");
        Map<String, Object> visit = new HashMap<>();
        visit.put("visitedOn", today.toString());
        visit.put("method", "PHONE");
        visit.put("satisfied", true);
        visit.put("recurred", false);

        // Pucheng down: Jiangshan's mediator records the signatures, a payment, a tier override and a visit
        j.processes.get(PUCHENG).stop();
        try {
            signedByBothParties(d, sha);
            home(JIANGSHAN, "mediator")
                    .contentType(ContentType.JSON)
                    .header("Idempotency-Key", "outage-pay-" + d)
                    .body(Map.of("amount", new BigDecimal("6000"), "paidOn", today.toString()))
                    .when()
                    .post(path + "/agreement/instalments/1/payments")
                    .then()
                    .statusCode(201);
            home(JIANGSHAN, "mediator")
                    .contentType(ContentType.JSON)
                    .body(Map.of("tier", "CITY_CENTRE", "reason", "在三山边界社会治理中心联合调解"))
                    .when()
                    .put(path + "/tier")
                    .then()
                    .statusCode(200);
            home(JIANGSHAN, "mediator")
                    .contentType(ContentType.JSON)
                    .body(visit)
                    .when()
                    .post(path + "/agreement/follow-ups")
                    .then()
                    .statusCode(201);
        } finally {
            j.processes.get(PUCHENG).startAndAwait();
        }
        Await.until(
                PATIENCE,
                () -> agreementAt(PUCHENG, d).getList("followUps").size() == 1
                        && "CITY_CENTRE".equals(j.read(PUCHENG, path).getString("tier")),
                () -> "what Jiangshan wrote while Pucheng was down, at Pucheng");
        j.drained(JIANGSHAN, PUCHENG);
        JsonPath atB = j.read(PUCHENG, path);
        assertEquals("AGREED", atB.getString("status"));
        assertEquals("在三山边界社会治理中心联合调解", atB.getString("tierOverrideReason"));
        assertEquals("SIGNED", agreementAt(PUCHENG, d).getString("status"));
        assertEquals(
                0,
                new BigDecimal("6000")
                        .compareTo(new BigDecimal(agreementAt(PUCHENG, d).getString("instalments[0].paid"))));

        // Jiangshan down: Pucheng's mediator writes a note on the session and reports a visit, at home
        j.processes.get(JIANGSHAN).stop();
        try {
            j.user(PUCHENG, pcAccount, "mediator")
                    .contentType(ContentType.JSON)
                    .body(Map.of("text", "江山方服务中断期间：浦城方村委同意按协议分期筹款。"))
                    .when()
                    .post(path + "/sessions/" + session + "/notes")
                    .then()
                    .statusCode(201);
            visit.put("method", "VISIT");
            visit.put("note", "渔梁村已筹得第二期款项。");
            home(PUCHENG, "mediator")
                    .contentType(ContentType.JSON)
                    .body(visit)
                    .when()
                    .post(path + "/agreement/follow-ups")
                    .then()
                    .statusCode(201);
        } finally {
            j.processes.get(JIANGSHAN).startAndAwait();
        }
        Await.until(
                PATIENCE,
                () -> j.rows(JIANGSHAN, "SELECT count(*) FROM session_note WHERE session_id = ?::uuid", session) > 0
                        && agreementAt(JIANGSHAN, d)
                                .getList("followUps.authorJurisdiction")
                                .contains(PUCHENG),
                () -> "Pucheng's note and visit at Jiangshan");
        // the agreement, with Pucheng's visit in it, back at Pucheng
        Await.until(
                PATIENCE,
                () -> agreementAt(PUCHENG, d).getList("followUps").size() == 2,
                () -> "the agreement with both visits at Pucheng");
        j.drained(PUCHENG, JIANGSHAN);
        j.drained(JIANGSHAN, PUCHENG);

        // every record once on both sides, at the same version
        assertEquals(
                List.of(1L, 1L), rowsAtBoth("SELECT count(*) FROM session_note WHERE session_id = ?::uuid", session));
        assertEquals(
                List.of("江山方服务中断期间：浦城方村委同意按协议分期筹款。"),
                j.user(JIANGSHAN, jsAccount, "mediator")
                        .when()
                        .get(path + "/sessions/" + session + "/notes")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("text"));
        assertEquals(List.of(2L, 2L), rowsAtBoth("SELECT count(*) FROM follow_up_visit WHERE dispute_id = ?::uuid", d));
        assertEquals(
                List.of(2L, 2L),
                rowsAtBoth("SELECT count(*) FROM agreement_signature WHERE agreement_id = ?::uuid", agreementId));
        assertEquals(
                List.of(1L, 1L),
                rowsAtBoth("SELECT count(*) FROM agreement_payment WHERE agreement_id = ?::uuid", agreementId));
        List<Object> visits = agreementAt(JIANGSHAN, d).getList("followUps.id");
        assertEquals(visits, agreementAt(PUCHENG, d).getList("followUps.id"));
        assertEquals(
                List.of(JIANGSHAN, PUCHENG),
                agreementAt(JIANGSHAN, d).getList("followUps.authorJurisdiction").stream()
                        .sorted()
                        .toList());
        List<Long> agreementVersions =
                versionsAtBoth(home(JIANGSHAN, "mediator"), home(PUCHENG, "mediator"), path + "/agreement");
        assertEquals(agreementVersions.get(0), agreementVersions.get(1), "agreement versions " + agreementVersions);
        List<Long> disputeVersions = versionsAtBoth(home(JIANGSHAN, "analyst"), home(PUCHENG, "analyst"), path);
        assertEquals(disputeVersions.get(0), disputeVersions.get(1), "dispute versions " + disputeVersions);
        assertEquals(
                j.read(JIANGSHAN, path + "/sessions").getList("version"),
                j.read(PUCHENG, path + "/sessions").getList("version"));
    }
}
