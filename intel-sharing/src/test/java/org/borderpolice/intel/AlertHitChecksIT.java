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

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Hit/no-hit checks across jurisdictions: hits without content, the callers' roles, the owner's
 * daily quota per partner, refusals.
 */
class AlertHitChecksIT extends FeatureIT {

    @Test
    void hitCheckFromAPartnerFindsANeverSharedAlertWithoutItsContent() {
        String person = "35072219850715001X";
        Map<String, Object> secret = alert("绝密线索不公开", "HIT_ONLY", PUCHENG);
        secret.put("body", "线人称此人携带管制刀具。");
        secret.put("subjects", List.of(Map.of("kind", "PERSON", "value", person)));
        String id = publishOk(secret);

        Response response = hitCheck(
                PUCHENG,
                token(PUCHENG, PUCHENG, "analyst"),
                List.of(
                        Map.of("kind", "PERSON", "value", person.toLowerCase()),
                        Map.of("kind", "PHONE", "value", "13912345678")));
        response.then()
                .statusCode(200)
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
        assertEquals(
                1,
                db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.hit_check_log WHERE check_id = ?::uuid "
                                        + "AND direction = 'INBOUND' AND counterpart = ? AND hits = 1",
                                checkId,
                                PUCHENG));
        assertEquals(
                1,
                db(PUCHENG)
                        .count(
                                "SELECT count(*) FROM federation.hit_check_log WHERE check_id = ?::uuid "
                                        + "AND direction = 'OUTBOUND' AND hits = 1",
                                checkId));
        assertEquals(
                1,
                db(JIANGSHAN)
                        .count(
                                "SELECT count(*) FROM federation.audit_log WHERE action = 'hitcheck.answered' "
                                        + "AND record_id = ?",
                                checkId));
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
        List<Map<String, String>> both = List.of(
                Map.of("kind", "PHONE", "value", confidentialPhone), Map.of("kind", "PHONE", "value", generalPhone));

        // an analyst opens all four handling codes, an investigator two: the rule binds each set alike
        hitCheck(JIANGSHAN, token(JIANGSHAN, JIANGSHAN, "analyst"), both)
                .then()
                .statusCode(200)
                .body("hits.size()", equalTo(2))
                .body("hits.alertId", containsInAnyOrder(confidentialId, generalId))
                .body("hits.local", everyItem(equalTo(true)))
                .body("hits.owner", everyItem(equalTo(JIANGSHAN)));
        hitCheck(JIANGSHAN, token(JIANGSHAN, JIANGSHAN, "investigator"), both)
                .then()
                .statusCode(200)
                .body("hits.size()", equalTo(1))
                .body("hits[0].alertId", equalTo(generalId))
                .body("hits[0].identifier", equalTo(1))
                .body("hits[0].local", equalTo(true));
    }

    @Test
    void aPartnersDailyQuotaIsEnforcedByTheOwner() {
        String guangfeng = token(GUANGFENG, GUANGFENG, "analyst");
        List<Map<String, String>> six =
                List.of("13900000001", "13900000002", "13900000003", "13900000004", "13900000005", "13900000006")
                        .stream()
                        .map(v -> Map.of("kind", "PHONE", "value", v))
                        .toList();
        hitCheck(GUANGFENG, guangfeng, six)
                .then()
                .statusCode(200)
                .body("partnersUnavailable.330881", equalTo("RESOURCE_EXHAUSTED"))
                .body("partnersUnavailable", not(org.hamcrest.Matchers.hasKey(PUCHENG)));
        // refused identifiers do not count against the quota
        hitCheck(GUANGFENG, guangfeng, six.subList(0, 5))
                .then()
                .statusCode(200)
                .body("partnersUnavailable", org.hamcrest.Matchers.anEmptyMap());
        hitCheck(GUANGFENG, guangfeng, six.subList(0, 1))
                .then()
                .statusCode(200)
                .body("partnersUnavailable.330881", equalTo("RESOURCE_EXHAUSTED"));
    }

    @Test
    void hitChecksRefuseWhatTheyShould() {
        List<Map<String, String>> one = List.of(Map.of("kind", "PHONE", "value", "13800138000"));
        hitCheck(PUCHENG, token(PUCHENG, PUCHENG, "mediator"), one).then().statusCode(403);
        hitCheck(PUCHENG, token(JIANGSHAN, PUCHENG, "analyst"), one).then().statusCode(403);
        given().baseUri(url(PUCHENG))
                .contentType(ContentType.JSON)
                .body(Map.of("identifiers", one))
                .when()
                .post("/api/v1/alerts/hit-checks")
                .then()
                .statusCode(401);
        hitCheck(
                        PUCHENG,
                        token(PUCHENG, PUCHENG, "analyst"),
                        List.of(Map.of("kind", "PERSON", "value", "330881199001011237")))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("identifiers[0].value"));
        hitCheck(PUCHENG, token(PUCHENG, PUCHENG, "analyst"), List.of()).then().statusCode(400);
        List<Map<String, String>> tooMany = java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> Map.of("kind", "PHONE", "value", "139" + String.format("%08d", i)))
                .toList();
        hitCheck(PUCHENG, token(PUCHENG, PUCHENG, "analyst"), tooMany).then().statusCode(400);
    }
}
