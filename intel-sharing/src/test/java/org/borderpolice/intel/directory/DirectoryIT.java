package org.borderpolice.intel.directory;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The liaison directory replicated between Jiangshan and Pucheng, each the packaged intel-sharing
 * in a process of its own (one federation for all methods): units, officers and duty shifts reach
 * the partner, a withdrawn shift leaves it; a meeting chaired by Pucheng gets its minutes at
 * Pucheng and they reach the organiser; a patrol's outcome reaches the party.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String D = "/api/v1/directory";

    final TestFederation federation = new TestFederation("intel-sharing", "intel,liaison", JIANGSHAN, PUCHENG);
    final Map<String, JurisdictionProcess> processes = new HashMap<>();

    @BeforeAll
    void start() {
        for (String code : List.of(JIANGSHAN, PUCHENG)) {
            processes.put(
                    code,
                    federation
                            .process(code, JurisdictionProcess.packagedApplication(), Map.of())
                            .start());
        }
        processes.values().forEach(p -> p.awaitReady(Duration.ofSeconds(120)));
    }

    @AfterAll
    void stop() {
        processes.values().forEach(JurisdictionProcess::stop);
    }

    RequestSpecification at(String at, String user, String... roles) {
        return given().baseUri(processes.get(at).baseUrl())
                .auth()
                .oauth2(federation
                        .issuer(user)
                        .token(at)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign())
                .contentType(ContentType.JSON);
    }

    String create(String at, String collection, Object body) {
        return at(at, at, "commander")
                .body(body)
                .post(D + "/" + collection)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    void awaitStatus(String at, String path, int status) {
        Await.until(
                PATIENCE,
                () -> at(at, at, "investigator").get(path).statusCode() == status,
                () -> path + " answers " + status + " at " + at);
    }

    @Test
    void unitsOfficersAndDutyReachThePartnerAndAWithdrawnShiftLeavesIt() {
        String unit = create(
                JIANGSHAN,
                "units",
                Map.of(
                        "code", "TS",
                        "name", "坛石派出所",
                        "kind", "POLICE_STATION",
                        "county", JIANGSHAN,
                        "phone", "0570-4012110"));
        String officer = create(
                JIANGSHAN,
                "officers",
                Map.of("unitId", unit, "name", "王建军", "phone", "13905701234", "role", "LIAISON"));
        Instant now = Instant.now();
        String shift = create(
                JIANGSHAN,
                "duty",
                Map.of(
                        "unitId",
                        unit,
                        "startsAt",
                        now.minusSeconds(600).toString(),
                        "endsAt",
                        now.plus(12, ChronoUnit.HOURS).toString(),
                        "name",
                        "李明",
                        "phone",
                        "0570-4012110"));
        awaitStatus(PUCHENG, D + "/officers/" + officer, 200);
        at(PUCHENG, PUCHENG, "investigator")
                .get(D + "/units/" + unit)
                .then()
                .statusCode(200)
                .body("origin", equalTo(JIANGSHAN))
                .body("record.name", equalTo("坛石派出所"));
        awaitStatus(PUCHENG, D + "/duty/" + shift, 200);
        at(PUCHENG, PUCHENG, "investigator")
                .get(D + "/duty/now?jurisdiction=" + JIANGSHAN)
                .then()
                .statusCode(200)
                .body("id", hasItem(shift))
                .body("record.phone", hasItem("0570-4012110"));
        // Pucheng's commanders do not change Jiangshan's unit there
        at(PUCHENG, PUCHENG, "commander")
                .body(Map.of(
                        "code",
                        "TS",
                        "name",
                        "改名",
                        "kind",
                        "POLICE_STATION",
                        "county",
                        JIANGSHAN,
                        "phone",
                        "0599-2812110"))
                .put(D + "/units/" + unit)
                .then()
                .statusCode(403);
        at(JIANGSHAN, JIANGSHAN, "commander")
                .delete(D + "/duty/" + shift)
                .then()
                .statusCode(204);
        awaitStatus(PUCHENG, D + "/duty/" + shift, 404);
        at(PUCHENG, PUCHENG, "investigator")
                .get(D + "/duty/now?jurisdiction=" + JIANGSHAN)
                .then()
                .body("id", not(hasItem(shift)));
    }

    @Test
    void theChairsSideWritesTheMinutesAndTheyReachTheOrganiser() {
        Map<String, Object> meeting = new HashMap<>();
        meeting.put("heldAt", "2027-01-15T02:00:00Z");
        meeting.put("place", "三山边界社会治理中心");
        meeting.put("chair", PUCHENG);
        meeting.put("agenda", "通报边界治安形势，研究联合巡逻安排。");
        meeting.put("parties", List.of(PUCHENG));
        String id = create(JIANGSHAN, "meetings", meeting);
        awaitStatus(PUCHENG, D + "/meetings/" + id, 200);
        // the organiser is not the chair
        at(JIANGSHAN, JIANGSHAN, "commander")
                .body(Map.of("text", "纪要"))
                .put(D + "/meetings/" + id + "/minutes")
                .then()
                .statusCode(403);
        at(PUCHENG, PUCHENG, "commander")
                .body(Map.of("text", "会议纪要：双方商定每月开展一次联合巡逻。"))
                .put(D + "/meetings/" + id + "/minutes")
                .then()
                .statusCode(200)
                .body("origin", equalTo(PUCHENG));
        awaitStatus(JIANGSHAN, D + "/meetings/" + id + "/minutes", 200);
        at(JIANGSHAN, JIANGSHAN, "investigator")
                .get(D + "/meetings/" + id + "/minutes")
                .then()
                .body("record.text", equalTo("会议纪要：双方商定每月开展一次联合巡逻。"));
        // a Pucheng user reads at Jiangshan the meeting shared with Pucheng
        at(JIANGSHAN, PUCHENG, "investigator").get(D + "/meetings/" + id).then().statusCode(200);
    }

    @Test
    void aPatrolsOutcomeReachesTheParty() {
        Instant from = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String id = create(
                JIANGSHAN,
                "patrols",
                Map.of(
                        "startsAt",
                        from.toString(),
                        "endsAt",
                        from.plus(4, ChronoUnit.HOURS).toString(),
                        "area",
                        "205国道浙闽交界段",
                        "parties",
                        List.of(PUCHENG),
                        "sides",
                        List.of(
                                Map.of("jurisdiction", JIANGSHAN, "units", List.of("坛石派出所")),
                                Map.of("jurisdiction", PUCHENG, "units", List.of("仙阳派出所")))));
        awaitStatus(PUCHENG, D + "/patrols/" + id, 200);
        at(JIANGSHAN, JIANGSHAN, "commander")
                .body(Map.of("status", "DONE", "report", "巡逻4小时，盘查车辆12辆。"))
                .post(D + "/patrols/" + id + "/outcome")
                .then()
                .statusCode(200);
        Await.until(
                PATIENCE,
                () -> "DONE"
                        .equals(at(PUCHENG, PUCHENG, "investigator")
                                .get(D + "/patrols/" + id)
                                .then()
                                .extract()
                                .path("record.status")),
                () -> "patrol DONE at " + PUCHENG);
        // the party does not conclude the organiser's patrol
        at(PUCHENG, PUCHENG, "commander")
                .body(Map.of("status", "CANCELLED"))
                .post(D + "/patrols/" + id + "/outcome")
                .then()
                .statusCode(403);
    }
}
