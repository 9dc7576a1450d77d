package org.borderpolice.intel.fast;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.intel.fast.Callers.alert;
import static org.borderpolice.intel.fast.Callers.as;
import static org.borderpolice.intel.fast.Callers.home;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.validation.RecordIds;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * What a partner's user reads at our service: our own alerts while the agreement gives its
 * jurisdiction alerts, and its own jurisdiction's as we hold them; never our replicas of a third
 * jurisdiction's alerts (it reads those at their origin, which decides and audits the read), by
 * id, search, facets or statistics. And what the owner may no longer do once the agreement stopped
 * giving a partner alerts: approve its disclosure request.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "intel-sharing"),
            @ResourceArg(name = "categories", value = "intel"),
            // Shaowu: a partner of the agreement for cases only (its grant of alerts withdrawn)
            @ResourceArg(name = "more-partners", value = AlertScopeTest.SHAOWU),
            @ResourceArg(name = "categories." + AlertScopeTest.SHAOWU, value = "cases")
        })
class AlertScopeTest {

    static final String SHAOWU = "350781";

    @Inject
    AgroalDataSource db;

    void exec(String sql, Object... params) {
        Rows.exec(db, sql, params);
    }

    /** The first page of what {@code who} finds by {@code word}, with its facets. */
    static JsonPath page(RequestSpecification who, String word) {
        return who.queryParam("q", word)
                .queryParam("limit", 200)
                .queryParam("facets", true)
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static List<String> found(RequestSpecification who, String word) {
        return page(who, word).getList("items.id");
    }

    static Map<String, Integer> origins(RequestSpecification who, String word) {
        return page(who, word).getMap("facets.origin", String.class, Integer.class);
    }

    /** The alerts counted for this caller this year, per origin. */
    static Map<String, Integer> counted(RequestSpecification who) {
        int year = OffsetDateTime.now(ZoneOffset.ofHours(8)).getYear();
        JsonPath stats = who.queryParam("from", year + "-01-01")
                .queryParam("to", (year + 1) + "-01-01")
                .when()
                .get("/api/v1/alerts/statistics")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return stats.getMap("byOrigin", String.class, Integer.class);
    }

    @Test
    void aPartnersUserReadsOnlyOurAlertsAndItsOwnHere() {
        String word = "廿八都冷库";
        String ours = Callers.publish(alert(word + "走私冻品", PUCHENG, GUANGFENG));
        // shared with Shaowu before the agreement stopped giving it alerts
        exec(
                "UPDATE alert SET distribution = array_append(distribution, ?) WHERE id = ?",
                SHAOWU,
                UUID.fromString(ours));
        // Guangfeng's alert, naming us and Pucheng
        String guangfengs = RecordIds.create(GUANGFENG).toString();
        assertEquals(
                Outcome.APPLIED,
                Callers.deliver(
                                GUANGFENG,
                                Callers.upsert(
                                        GUANGFENG,
                                        "intel.alert",
                                        guangfengs,
                                        1,
                                        List.of(GUANGFENG, JIANGSHAN, PUCHENG),
                                        AlertReplicaRulesTest.alert(guangfengs, 1).toBuilder()
                                                .setOrigin(GUANGFENG)
                                                .setIssuingUnit("广丰区公安分局")
                                                .setTitle(word + "在逃人员")
                                                .clearDistribution()
                                                .addAllDistribution(List.of(JIANGSHAN, PUCHENG))
                                                .build()))
                        .getResults(0)
                        .getOutcome());
        assertEquals(Set.of(ours, guangfengs), Set.copyOf(found(home("analyst"), word)));

        // Pucheng: ours, not Guangfeng's
        as(PUCHENG, "analyst").when().get("/api/v1/alerts/" + ours).then().statusCode(200);
        as(PUCHENG, "analyst").when().get("/api/v1/alerts/" + guangfengs).then().statusCode(404);
        assertEquals(List.of(ours), found(as(PUCHENG, "analyst"), word));
        assertEquals(Map.of(JIANGSHAN, 1), origins(as(PUCHENG, "analyst"), word));
        assertEquals(null, counted(as(PUCHENG, "analyst")).get(GUANGFENG));
        // Guangfeng: its own as we hold it, and ours
        as(GUANGFENG, "analyst")
                .when()
                .get("/api/v1/alerts/" + guangfengs)
                .then()
                .statusCode(200);
        assertEquals(Set.of(ours, guangfengs), Set.copyOf(found(as(GUANGFENG, "analyst"), word)));
        // Shaowu, whose grant went: nothing of ours, although the stored distribution names it
        as(SHAOWU, "analyst").when().get("/api/v1/alerts/" + ours).then().statusCode(404);
        assertEquals(List.of(), found(as(SHAOWU, "analyst"), word));
        assertEquals(Map.of(), origins(as(SHAOWU, "analyst"), word));
        assertEquals(null, counted(as(SHAOWU, "analyst")).get(JIANGSHAN));

        // revoked: Shaowu, which holds the alert from before, is sent the deletion too
        home("analyst").when().post("/api/v1/alerts/" + ours + "/revoke").then().statusCode(200);
        for (String partner : List.of(PUCHENG, GUANGFENG, SHAOWU)) {
            assertEquals(
                    1,
                    Rows.count(
                            db,
                            "SELECT count(*) FROM federation.outbox WHERE record_id = ? AND destination = ?"
                                    + " AND tombstone",
                            ours,
                            partner),
                    partner);
        }
    }

    @Test
    void aDisclosureToAPartnerTheAgreementNoLongerGivesAlertsCanOnlyBeDenied() {
        Map<String, Object> body = alert("省界线索（仅比中）", PUCHENG);
        body.put("handling", "HIT_ONLY");
        String alertId = Callers.publish(body);
        UUID request = UUID.randomUUID();
        // Shaowu asked while it was still given alerts
        exec(
                "INSERT INTO disclosure_request (id, requester, owner, alert_id, reason, requested_by, requested_at,"
                        + " deadline, status) VALUES (?, ?, ?, ?, '比中后申请披露', 'shaowu-analyst', now(),"
                        + " now() + interval '3 days', 'PENDING')",
                request,
                SHAOWU,
                JIANGSHAN,
                UUID.fromString(alertId));
        String answer = "/api/v1/alerts/disclosure-requests/" + request + "/answer";
        home("analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVED"))
                .when()
                .post(answer)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        home("analyst")
                .when()
                .get("/api/v1/alerts/" + alertId)
                .then()
                .statusCode(200)
                .body("distribution", equalTo(List.of()));
        home("analyst")
                .contentType(ContentType.JSON)
                .body(Map.of("decision", "DENIED", "reason", "协作协议已不含预警"))
                .when()
                .post(answer)
                .then()
                .statusCode(200)
                .body("status", equalTo("DENIED"));
    }
}
