package org.borderpolice.mediation;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * A land-boundary dispute between a Jiangshan and a Pucheng village mediated by a joint team at
 * the 三山 centre, across the module's federation of real processes: each side's mediators reach
 * the other's directory, the team and its session reach Pucheng, and Pucheng's mediator's note
 * and attendance come back to Jiangshan as Pucheng's records; Guangfeng learns nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamIT {

    static final String CENTRE = "三山边界社会治理中心";

    MediationFederation j;

    @BeforeAll
    void federation() {
        j = MediationFederation.shared();
    }

    /** A user {@code subject} of {@code code} at its own service. */
    RequestSpecification user(String code, String subject, String... roles) {
        return given().baseUri(j.url(code))
                .auth()
                .oauth2(j.federation
                        .issuer(code)
                        .token(code)
                        .roles(roles)
                        .subject(subject)
                        .unit(CENTRE)
                        .sign());
    }

    String register(String code, String kind, String name, String account) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", kind);
        body.put("name", name);
        body.put("unit", CENTRE);
        body.put("languages", List.of("zh"));
        body.put("account", account);
        return j.home(code, "commander")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/mediators")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Map<String, Object> landBoundary() {
        Map<String, Object> applicant = new HashMap<>();
        applicant.put("kind", "PERSON");
        applicant.put("role", "APPLICANT");
        applicant.put("name", "毛某");
        applicant.put("jurisdiction", JIANGSHAN);
        Map<String, Object> respondent = new HashMap<>();
        respondent.put("kind", "ORGANISATION");
        respondent.put("role", "RESPONDENT");
        respondent.put("name", "浦城县某村村民委员会");
        respondent.put("jurisdiction", PUCHENG);
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "PATROL");
        body.put("kind", "LAND_BOUNDARY");
        body.put("title", "江山浦城两村山林界址纠纷（联合调解）");
        body.put("description", "江山市廿八都镇某村与浦城县某村因山林边界界桩位置发生争执。");
        body.put("place", CENTRE);
        body.put("countyCode", JIANGSHAN);
        body.put("township", "廿八都镇");
        body.put("amountAtStake", new java.math.BigDecimal("86000.50"));
        body.put("riskLevel", "MEDIUM");
        body.put("riskReasons", List.of("双方村民多次现场对峙"));
        body.put("consent", true);
        body.put("parties", List.of(applicant, respondent));
        return body;
    }

    @Test
    void aJointTeamOfBothSidesMediatesAndPuchengsNotesAndAttendanceComeBack() {
        String js = register(JIANGSHAN, "POLICE", "江山民警", "js-team-mediator");
        String pc = register(PUCHENG, "JUDICIAL_OFFICE", "浦城司法所调解员", "pc-team-mediator");
        j.await(
                "Pucheng's mediator in Jiangshan's directory",
                () -> j.home(JIANGSHAN, "mediator")
                                .when()
                                .get("/api/v1/mediators/" + pc)
                                .statusCode()
                        == 200);
        String dispute = j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(landBoundary())
                .when()
                .post("/api/v1/disputes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String base = "/api/v1/disputes/" + dispute;
        j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("mediators", List.of(js, pc)))
                .when()
                .put(base + "/team")
                .then()
                .statusCode(200);
        String session = j.home(JIANGSHAN, "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "startsAt", "2026-12-20T09:00:00+08:00",
                        "endsAt", "2026-12-20T11:00:00+08:00",
                        "mode", "OFFLINE",
                        "place", CENTRE,
                        "mediators", List.of(js, pc)))
                .when()
                .post(base + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        j.await(
                "the team and the session at Pucheng",
                () -> j.statusAt(PUCHENG, base + "/team") == 200
                        && j.read(PUCHENG, base + "/sessions").getList("id").contains(session));
        assertEquals(2, j.read(PUCHENG, base + "/team").getList("members").size());

        // Pucheng's mediator writes at home, and records their own attendance
        user(PUCHENG, "pc-team-mediator", "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "浦城方村委同意以1987年界桩为准重新勘界。"))
                .when()
                .post(base + "/sessions/" + session + "/notes")
                .then()
                .statusCode(201);
        user(PUCHENG, "pc-team-mediator", "mediator")
                .contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("kind", "MEDIATOR", "attendee", pc, "present", true))))
                .when()
                .put(base + "/sessions/" + session + "/attendance")
                .then()
                .statusCode(200);

        j.await(
                "Pucheng's note at Jiangshan",
                () -> user(JIANGSHAN, "js-team-mediator", "mediator")
                        .when()
                        .get(base + "/sessions/" + session + "/notes")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("authorJurisdiction")
                        .contains(PUCHENG));
        j.await(
                "Pucheng's attendance at Jiangshan",
                () -> j.read(JIANGSHAN, base + "/sessions/" + session + "/attendance")
                        .getList("jurisdiction")
                        .contains(PUCHENG));
        JsonPath attendance = j.read(JIANGSHAN, base + "/sessions/" + session + "/attendance");
        assertEquals(pc, attendance.getString("find { it.jurisdiction == '" + PUCHENG + "' }.attendee"));

        // Guangfeng is not involved: nothing of the team or the session at its service
        assertEquals(404, j.statusAt(GUANGFENG, base + "/team"));
        assertEquals(404, j.statusAt(GUANGFENG, base + "/sessions"));
    }
}
