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
 * flowing back as Pucheng's own record, and Guangfeng (not involved) seeing nothing: on the
 * module's one three-jurisdiction federation ({@link MediationFederation#shared()}).
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
}
