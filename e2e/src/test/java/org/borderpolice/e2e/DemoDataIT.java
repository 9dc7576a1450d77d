package org.borderpolice.e2e;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.borderpolice.federation.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The demo data (DemoData) loaded into the local federation's suite in development-keys mode
 * (all services and gateways of the three jurisdictions, free ports; one start for the class),
 * twice, and every item read back through a partner's gateway with the partner's demo user: what
 * the one command shows a newcomer is there, shared with whom it should be, and a second load
 * adds nothing.
 *
 * <p>Tagged {@code slow} (run with {@code -Pslow -Pe2e}): its suite is of its own configuration
 * (development keys, not {@link SharedSuite}'s Keycloak), a second suite start of about two
 * minutes; the loader's calls are the same gateway routes FederationScenariosIT takes in CI.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoDataIT {

    static final Duration PATIENCE = Duration.ofSeconds(120);

    Path repo;
    Suite suite;
    DemoData.Loaded loaded;

    @BeforeAll
    void start() {
        repo = Path.of(System.getProperty("border.repo", "..")).toAbsolutePath().normalize();
        suite = new Suite(repo, null, Suite.ALL_SERVICES, null).start(Duration.ofMinutes(6));
        loaded = new DemoData(suite, PATIENCE).load();
    }

    @AfterAll
    void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    /** {@code code}'s demo user with this role, at the gateway of {@code at}. */
    Response get(String code, String role, String at, String path) {
        return given().baseUri(suite.gateway(at).baseUrl())
                .auth()
                .oauth2(suite.userToken(DemoUsers.withRole(repo, code, role), at))
                .get(path);
    }

    JsonPath read(String code, String role, String at, String path) {
        Response r = get(code, role, at, path);
        assertEquals(200, r.statusCode(), code + " at " + at + " " + path + ": " + r.asString());
        return r.jsonPath();
    }

    void awaitAt(String code, String at, String path) {
        Await.until(
                PATIENCE,
                () -> get(code, "investigator", at, path).statusCode() == 200,
                () -> path + " for " + code + " at " + at);
    }

    @Test
    @Order(1)
    void loadingAgainAddsNothing() {
        DemoData.Loaded again = new DemoData(suite, PATIENCE).load();
        assertEquals(loaded, again);
        // one case of that title, one dispute, one report at Jiangshan
        List<String> titles = read(
                        JIANGSHAN,
                        "investigator",
                        JIANGSHAN,
                        "/api/v1/cases?category=SMUGGLING&origin=" + JIANGSHAN + "&limit=200")
                .getList("items.title");
        assertEquals(1, titles.stream().filter("浙闽赣交界跨省卷烟走私案"::equals).count(), titles.toString());
        List<String> reports = read(JIANGSHAN, "investigator", JIANGSHAN, "/api/v1/case-reports?limit=200")
                .getList("filed.id");
        assertEquals(List.of(loaded.report()), reports, "one report taken");
        List<String> disputes = read(JIANGSHAN, "mediator", JIANGSHAN, "/api/v1/disputes?limit=200")
                .getList("items.id");
        assertEquals(List.of(loaded.dispute()), disputes, "one dispute");
    }

    @Test
    @Order(2)
    void theAgreementsDirectoryIsSharedWithThePartners() {
        JsonPath agreement = read(PUCHENG, "commander", JIANGSHAN, "/api/v1/directory/agreement");
        assertEquals(List.of(JIANGSHAN, PUCHENG, GUANGFENG), agreement.getList("parties"));
        assertEquals(Suite.AGREEMENT_SIGNED_ON, agreement.getString("signedOn"));
        assertTrue(agreement.getString("principles").contains("常态"), agreement.prettify());
        for (String code : Suite.JURISDICTIONS) {
            for (String partner : Suite.JURISDICTIONS) {
                if (partner.equals(code)) {
                    continue;
                }
                // a partner's user reads each jurisdiction's station, officer and duty at its gateway...
                JsonPath unit = read(
                        partner,
                        "investigator",
                        code,
                        "/api/v1/directory/units/" + loaded.units().get(code));
                assertEquals(code, unit.getString("origin"));
                read(
                        partner,
                        "investigator",
                        code,
                        "/api/v1/directory/officers/" + loaded.officers().get(code));
                // ...and at home: the directory replicated (the agreement grants liaison)
                awaitAt(
                        partner,
                        partner,
                        "/api/v1/directory/duty/" + loaded.dutyShifts().get(code));
                List<String> onDuty = read(
                                partner, "investigator", partner, "/api/v1/directory/duty/now?jurisdiction=" + code)
                        .getList("id");
                assertTrue(
                        onDuty.contains(loaded.dutyShifts().get(code)),
                        code + " on duty at " + partner + ": " + onDuty);
            }
        }
        assertEquals(
                "坛石派出所",
                read(
                                PUCHENG,
                                "investigator",
                                PUCHENG,
                                "/api/v1/directory/units/" + loaded.units().get(JIANGSHAN))
                        .getString("record.name"));
    }

    @Test
    @Order(3)
    void theJointMeetingWithItsMinutesAndThePatrolDoneReachTheParties() {
        for (String party : List.of(PUCHENG, GUANGFENG)) {
            JsonPath meeting = read(party, "commander", JIANGSHAN, "/api/v1/directory/meetings/" + loaded.meeting());
            assertEquals(JIANGSHAN, meeting.getString("record.chair"));
            awaitAt(party, party, "/api/v1/directory/meetings/" + loaded.meeting() + "/minutes");
            assertTrue(read(party, "commander", party, "/api/v1/directory/meetings/" + loaded.meeting() + "/minutes")
                    .getString("record.text")
                    .contains("联合巡逻"));
        }
        awaitAt(PUCHENG, PUCHENG, "/api/v1/directory/patrols/" + loaded.patrol());
        Await.until(
                PATIENCE,
                () -> "DONE"
                        .equals(get(PUCHENG, "investigator", PUCHENG, "/api/v1/directory/patrols/" + loaded.patrol())
                                .jsonPath()
                                .getString("record.status")),
                () -> "the patrol DONE at Pucheng");
        // Guangfeng took no part in the patrol: not shared with it
        assertEquals(
                404,
                get(GUANGFENG, "investigator", JIANGSHAN, "/api/v1/directory/patrols/" + loaded.patrol())
                        .statusCode());
    }

    @Test
    @Order(4)
    void theFraudAlertIsAcknowledgedByBothNeighbours() {
        read(PUCHENG, "analyst", JIANGSHAN, "/api/v1/alerts/" + loaded.fraudAlert());
        Await.until(
                PATIENCE,
                () -> get(
                                        JIANGSHAN,
                                        "analyst",
                                        JIANGSHAN,
                                        "/api/v1/alerts/" + loaded.fraudAlert() + "/acknowledgements")
                                .jsonPath()
                                .getList("findAll { it.acknowledgedAt != null }.partner")
                                .size()
                        == 2,
                () -> "both receipts at Jiangshan");
    }

    @Test
    @Order(5)
    void theSmugglingCaseIsJointAndBothPartnersAnswered() {
        for (String partner : List.of(PUCHENG, GUANGFENG)) {
            JsonPath atJiangshan = read(partner, "investigator", JIANGSHAN, "/api/v1/cases/" + loaded.smugglingCase());
            assertEquals("SMUGGLING", atJiangshan.getString("category"));
            assertEquals(
                    "ACCEPTED",
                    atJiangshan.getString("participants.find { it.jurisdiction == '" + partner + "' }.state"));
            String request = loaded.assistanceRequests().get(partner);
            assertEquals(
                    "ANSWERED",
                    read(partner, "investigator", partner, "/api/v1/assistance-requests/" + request)
                            .getString("state"));
            JsonPath atHome = read(JIANGSHAN, "investigator", JIANGSHAN, "/api/v1/assistance-requests/" + request);
            assertEquals("ANSWERED", atHome.getString("state"));
            assertNotNull(atHome.getString("findings"));
        }
        // a request is between its two sides: Guangfeng does not see Pucheng's
        assertEquals(
                404,
                get(
                                GUANGFENG,
                                "investigator",
                                GUANGFENG,
                                "/api/v1/assistance-requests/"
                                        + loaded.assistanceRequests().get(PUCHENG))
                        .statusCode());
    }

    @Test
    @Order(6)
    void theReportTakenAtJiangshanIsPuchengsCaseNow() {
        JsonPath successor = read(JIANGSHAN, "investigator", PUCHENG, "/api/v1/cases/" + loaded.reportSuccessor());
        assertEquals(PUCHENG, successor.getString("origin"));
        assertTrue(successor.getString("number").startsWith(PUCHENG + "-"), successor.getString("number"));
        assertEquals(
                "ACCEPTED", successor.getString("participants.find { it.jurisdiction == '" + JIANGSHAN + "' }.state"));
        JsonPath handover =
                read(PUCHENG, "commander", PUCHENG, "/api/v1/cases/" + loaded.reportSuccessor() + "/handover");
        assertEquals(JIANGSHAN, handover.getString("predecessor.origin"));
        assertEquals(loaded.report(), handover.getString("predecessor.caseId"));
    }

    @Test
    @Order(7)
    void theDisputeWasMediatedJointlyAtTheSanshanCentreAndAgreed() {
        JsonPath dispute = read(GUANGFENG, "mediator", JIANGSHAN, "/api/v1/disputes/" + loaded.dispute());
        assertEquals("LAND_BOUNDARY", dispute.getString("kind"));
        assertEquals("三山边界社会治理中心", dispute.getString("place"));
        assertEquals("AGREED", dispute.getString("status"));
        List<String> team = read(GUANGFENG, "mediator", JIANGSHAN, "/api/v1/disputes/" + loaded.dispute() + "/team")
                .getList("members.origin");
        assertTrue(team.containsAll(List.of(JIANGSHAN, GUANGFENG)), team.toString());
        assertEquals(
                "HELD",
                read(GUANGFENG, "mediator", JIANGSHAN, "/api/v1/disputes/" + loaded.dispute() + "/sessions")
                        .getString("find { it.id == '" + loaded.session() + "' }.status"));
        Await.until(
                PATIENCE,
                () -> {
                    Response r = get(
                            GUANGFENG, "mediator", GUANGFENG, "/api/v1/disputes/" + loaded.dispute() + "/agreement");
                    return r.statusCode() == 200 && "SIGNED".equals(r.jsonPath().getString("status"));
                },
                () -> "the signed agreement at Guangfeng");
        // Pucheng is not involved
        assertEquals(
                404,
                get(PUCHENG, "mediator", JIANGSHAN, "/api/v1/disputes/" + loaded.dispute())
                        .statusCode());
    }
}
