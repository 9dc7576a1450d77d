package org.borderpolice.mediation;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.mediation.MediationFederation.upsert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.proto.mediation.v1.DisputeProto;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Disputes between real processes: a land-boundary dispute between a Jiangshan and a Pucheng
 * village reaches Pucheng (parties' personal data included) and never Guangfeng; its changes
 * follow; a partner cannot forge or take over Jiangshan's dispute. A Pucheng that was down catching
 * up (the dispute's status and tier with the agreement, its payments and visits):
 * {@link AgreementReplicationIT#eachSideDownWhileTheOtherWritesAndBackWithEveryRecordOnce}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisputesIT {

    MediationFederation j;

    @BeforeAll
    void federation() {
        j = MediationFederation.shared();
    }

    static Map<String, Object> landBoundary(String title) {
        Map<String, Object> applicant = new HashMap<>();
        applicant.put("kind", "PERSON");
        applicant.put("role", "APPLICANT");
        applicant.put("name", "毛某");
        applicant.put("jurisdiction", JIANGSHAN);
        applicant.put("idNumber", MediationFederation.VALID_ID);
        applicant.put("contact", "13800138000");
        Map<String, Object> respondent = new HashMap<>();
        respondent.put("kind", "ORGANISATION");
        respondent.put("role", "RESPONDENT");
        respondent.put("name", "浦城县某村村民委员会");
        respondent.put("jurisdiction", PUCHENG);
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "PATROL");
        body.put("kind", "LAND_BOUNDARY");
        body.put("title", title);
        body.put("description", "江山市廿八都镇某村与浦城县某村因山林边界界桩位置发生争执，双方村民多次到现场对峙。");
        body.put("place", "三山边界社会治理中心");
        body.put("countyCode", JIANGSHAN);
        body.put("township", "廿八都镇");
        body.put("amountAtStake", new java.math.BigDecimal("86000.50"));
        body.put("riskLevel", "HIGH");
        body.put("riskReasons", List.of("双方村民多次现场对峙", "扬言动手"));
        body.put("consent", true);
        body.put("parties", List.of(applicant, respondent));
        return body;
    }

    String takeIn(String title) {
        return j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(landBoundary(title))
                .when()
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    void transition(String id, String to, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("to", to);
        if (reason != null) {
            body.put("reason", reason);
        }
        j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/disputes/" + id + "/transitions")
                .then()
                .statusCode(200);
    }

    @Test
    void aBorderDisputeReachesThePartyJurisdictionAndNoOther() {
        String id = takeIn("江山浦城两村山林边界纠纷");
        String path = "/api/v1/disputes/" + id;
        j.await("visible at Pucheng", () -> j.statusAt(PUCHENG, path) == 200);
        JsonPath atB = j.read(PUCHENG, path);
        assertEquals(JIANGSHAN, atB.getString("origin"));
        assertEquals("HIGH", atB.getString("riskLevel"));
        assertEquals(List.of("双方村民多次现场对峙", "扬言动手"), atB.getList("riskReasons"));
        assertEquals(MediationFederation.VALID_ID, atB.getString("parties[0].idNumber"));
        assertEquals("13800138000", atB.getString("parties[0].contact"));
        assertEquals(List.of(JIANGSHAN, PUCHENG), atB.getList("involved"));
        assertEquals("VILLAGE_FIRST", atB.getString("tierRule"));
        // Pucheng's search finds it in its replica, by words
        j.home(PUCHENG, "analyst")
                .queryParam("q", "山林边界")
                .when()
                .get("/api/v1/disputes/search")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));

        transition(id, "MEDIATING", null);
        transition(id, "FAILED", "村级调解不成");
        transition(id, "MEDIATING", "上提至乡级综治中心");
        j.await(
                "handed up at Pucheng",
                () -> "TOWNSHIP".equals(j.read(PUCHENG, path).getString("tier")));
        assertEquals("TOWNSHIP_AFTER_VILLAGE", j.read(PUCHENG, path).getString("tierRule"));
        assertEquals(
                j.read(JIANGSHAN, path).getLong("version"),
                j.read(PUCHENG, path).getLong("version"));

        // Guangfeng is not involved: nothing there, and Jiangshan's service shows it nothing
        j.drained(JIANGSHAN, PUCHENG);
        assertEquals(0, j.rows(GUANGFENG, "SELECT count(*) FROM dispute WHERE id = ?::uuid", id));
        assertEquals(0, j.rows(GUANGFENG, "SELECT count(*) FROM dispute_party WHERE dispute_id = ?::uuid", id));
        j.as(GUANGFENG, JIANGSHAN, "mediator").when().get(path).then().statusCode(404);
        // a partner changes nothing of Jiangshan's dispute, at Jiangshan or at home
        j.as(PUCHENG, JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("to", "AGREED"))
                .when()
                .post(path + "/transitions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        j.home(PUCHENG, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("to", "AGREED"))
                .when()
                .post(path + "/transitions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aPartnerCannotForgeOrTakeOverADispute() {
        String id = takeIn("伪造测试纠纷");
        String path = "/api/v1/disputes/" + id;
        j.await("visible at Pucheng", () -> j.statusAt(PUCHENG, path) == 200);
        j.drained(JIANGSHAN, PUCHENG);
        long version = j.read(PUCHENG, path).getLong("version");
        DisputeProto.Dispute forged = DisputeProto.Dispute.newBuilder()
                .setId(id)
                .setOrigin(GUANGFENG)
                .setChannel(DisputeProto.DisputeChannel.DISPUTE_CHANNEL_PATROL)
                .setKind(DisputeProto.DisputeKind.DISPUTE_KIND_LAND_BOUNDARY)
                .setStatus(DisputeProto.DisputeStatus.DISPUTE_STATUS_RESOLVED)
                .setTitle("篡改")
                .setDescription("篡改")
                .setReportedAt(MediationFederation.now())
                .setAmountAtStake("0.00")
                .setRiskLevel(DisputeProto.RiskLevel.RISK_LEVEL_LOW)
                .setTier(DisputeProto.MediationTier.MEDIATION_TIER_VILLAGE)
                .setTierRule("VILLAGE_FIRST")
                .addParties(DisputeProto.Party.newBuilder()
                        .setKind(DisputeProto.PartyKind.PARTY_KIND_PERSON)
                        .setRole(DisputeProto.PartyRole.PARTY_ROLE_APPLICANT)
                        .setName("某")
                        .setJurisdiction(PUCHENG)
                        .setPreferredLanguage("zh"))
                .addInvolved(GUANGFENG)
                .addInvolved(PUCHENG)
                .setCreatedAt(MediationFederation.now())
                .setUpdatedAt(MediationFederation.now())
                .setStatusChangedAt(MediationFederation.now())
                .build();
        DeliveryAck ack = j.deliver(
                GUANGFENG,
                PUCHENG,
                upsert(GUANGFENG, "mediation.dispute", id, version + 5, List.of(GUANGFENG, PUCHENG), forged));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        ack = j.deliver(
                GUANGFENG,
                PUCHENG,
                MediationFederation.tombstone(
                        GUANGFENG, "mediation.dispute", id, version + 5, List.of(GUANGFENG, PUCHENG)));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        // Jiangshan's own dispute that does not involve Pucheng: refused as a payload
        DisputeProto.Dispute notOurs = forged.toBuilder()
                .setId(id)
                .setOrigin(JIANGSHAN)
                .clearInvolved()
                .addInvolved(JIANGSHAN)
                .addInvolved(GUANGFENG)
                .build();
        ack = j.deliver(
                JIANGSHAN,
                PUCHENG,
                upsert(JIANGSHAN, "mediation.dispute", id, version + 6, List.of(JIANGSHAN, PUCHENG), notOurs));
        assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
        JsonPath atB = j.read(PUCHENG, path);
        assertEquals("伪造测试纠纷", atB.getString("title"));
        assertEquals(version, atB.getLong("version"));
    }
}
