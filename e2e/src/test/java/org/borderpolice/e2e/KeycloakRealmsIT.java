package org.borderpolice.e2e;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.KeycloakServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The demo realm files of deploy/keycloak/realms-demo in a real Keycloak ({@link SharedSuite}'s,
 * started once for the run; the relays' secrets made for the run and the demo password passed
 * explicitly): the
 * three jurisdictions' gateways and intel-sharing take their users' tokens with the jurisdiction,
 * unit and role the realm gives them, a partner's user as the partner's, and the relays' peer
 * tokens only where they are meant to go; the realms lock a user after five wrong passwords.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakRealmsIT {

    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final Set<String> SUITE_ROLES = Set.of("investigator", "analyst", "mediator", "commander", "integrator");

    Path repo;
    Suite suite;

    @BeforeAll
    void start() {
        repo = SharedSuite.repo();
        suite = SharedSuite.get();
    }

    String token(String code, String role, String... audiences) {
        DemoUsers.User user = DemoUsers.withRole(repo, code, role);
        String[] scopes =
                java.util.Arrays.stream(audiences).map(a -> "border-" + a).toArray(String[]::new);
        return suite.realm(code).userToken(Suite.CONSOLE_CLIENT, user.username(), Suite.demoPassword(), scopes);
    }

    Response atGateway(String code, String token, String path) {
        return given().baseUri(suite.gateway(code).baseUrl())
                .auth()
                .oauth2(token)
                .when()
                .get(path);
    }

    @Test
    @Order(1)
    void everyDemoUserIsTakenAtItsGatewayWithItsJurisdictionUnitAndRole() {
        for (String code : Suite.JURISDICTIONS) {
            List<DemoUsers.User> users = DemoUsers.of(repo, code);
            assertEquals(
                    SUITE_ROLES,
                    users.stream().map(DemoUsers.User::role).collect(Collectors.toSet()),
                    "one demo user per role in the realm of " + code);
            for (DemoUsers.User user : users) {
                String token = suite.realm(code)
                        .userToken(Suite.CONSOLE_CLIENT, user.username(), Suite.demoPassword(), "border-" + code);
                Response response = atGateway(code, token, "/api/v1/gateway/caller");
                assertEquals(200, response.statusCode(), user + ": " + response.asString());
                JsonPath caller = response.jsonPath();
                assertEquals(code, caller.getString("jurisdiction"), user.toString());
                assertEquals(user.unit(), caller.getString("unit"), user.toString());
                List<String> roles = caller.getList("roles");
                assertTrue(roles.contains(user.role()), user + " has its role: " + roles);
                // exactly one suite role, and never the relay's
                assertEquals(
                        Set.of(user.role()),
                        roles.stream().filter(SUITE_ROLES::contains).collect(Collectors.toSet()),
                        user.toString());
                assertFalse(roles.contains("peer"), user.toString());
            }
        }
    }

    @Test
    @Order(2)
    void theServiceBehindTheGatewayTakesTheSameToken() {
        for (String code : Suite.JURISDICTIONS) {
            String analyst = token(code, "analyst", code);
            assertEquals(200, atGateway(code, analyst, "/api/v1/alerts").statusCode(), code);
            assertEquals(
                    200,
                    given().baseUri(suite.service(Suite.INTEL, code).baseUrl())
                            .auth()
                            .oauth2(analyst)
                            .get("/api/v1/alerts")
                            .statusCode(),
                    code + " at intel-sharing itself");
        }
    }

    @Test
    @Order(3)
    void aPuchengUserAtJiangshanIsPuchengsAndSeesOnlyWhatIsShared() {
        String forPucheng = SeedAlerts.publish(
                suite,
                JIANGSHAN,
                "SMUGGLING",
                "BLUE",
                "浙闽交界走私烟草车辆预警",
                "一辆厢式货车夜间往返江山与浦城。",
                List.of(),
                List.of(PUCHENG),
                "GENERAL");
        String forGuangfeng = SeedAlerts.publish(
                suite,
                JIANGSHAN,
                "MISSING_PERSON",
                "BLUE",
                "失踪老人协查",
                "可能前往广丰方向。",
                List.of(),
                List.of(GUANGFENG),
                "GENERAL");

        String puchengAtJiangshan = token(PUCHENG, "analyst", JIANGSHAN);
        JsonPath caller = atGateway(JIANGSHAN, puchengAtJiangshan, "/api/v1/gateway/caller")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(PUCHENG, caller.getString("jurisdiction"));
        assertEquals(DemoUsers.withRole(repo, PUCHENG, "analyst").unit(), caller.getString("unit"));

        assertEquals(
                200,
                atGateway(JIANGSHAN, puchengAtJiangshan, "/api/v1/alerts/" + forPucheng)
                        .statusCode());
        assertEquals(
                404,
                atGateway(JIANGSHAN, puchengAtJiangshan, "/api/v1/alerts/" + forGuangfeng)
                        .statusCode());
        List<String> listed = atGateway(JIANGSHAN, puchengAtJiangshan, "/api/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
        assertTrue(listed.contains(forPucheng), listed.toString());
        assertFalse(listed.contains(forGuangfeng), listed.toString());

        // Jiangshan's relay delivered it with a peer token of Jiangshan's realm: Pucheng holds it, Guangfeng not
        String atHome = token(PUCHENG, "analyst", PUCHENG);
        Await.until(
                PATIENCE,
                () -> atGateway(PUCHENG, atHome, "/api/v1/alerts/" + forPucheng).statusCode() == 200,
                () -> "Jiangshan's alert replicated to Pucheng");
        String guangfeng = token(GUANGFENG, "analyst", GUANGFENG);
        Await.until(
                PATIENCE,
                () -> atGateway(GUANGFENG, guangfeng, "/api/v1/alerts/" + forGuangfeng)
                                .statusCode()
                        == 200,
                () -> "Jiangshan's other alert replicated to Guangfeng");
        assertEquals(
                404,
                atGateway(GUANGFENG, guangfeng, "/api/v1/alerts/" + forPucheng).statusCode());
    }

    @Test
    @Order(4)
    void aTokenNotMadeForTheJurisdictionAloneIsRefusedAtItsGateway() {
        // no audience at all (no scope asked)
        assertEquals(
                401,
                atGateway(JIANGSHAN, token(JIANGSHAN, "analyst"), "/api/v1/gateway/caller")
                        .statusCode());
        // Pucheng's user with a token for Pucheng, at Jiangshan
        assertEquals(
                401,
                atGateway(JIANGSHAN, token(PUCHENG, "analyst", PUCHENG), "/api/v1/gateway/caller")
                        .statusCode());
        // a partner's token good at two jurisdictions
        assertEquals(
                401,
                atGateway(JIANGSHAN, token(PUCHENG, "analyst", JIANGSHAN, GUANGFENG), "/api/v1/gateway/caller")
                        .statusCode());
        // and at the service itself
        assertEquals(
                401,
                given().baseUri(suite.service(Suite.INTEL, JIANGSHAN).baseUrl())
                        .auth()
                        .oauth2(token(PUCHENG, "analyst", PUCHENG))
                        .get("/api/v1/alerts")
                        .statusCode());
    }

    /** An event of Jiangshan that no applier takes: accepted or refused only by who presents it. */
    static ReplicationEvent probe() {
        return ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(JIANGSHAN)
                .setRecordType("intel.alert")
                .setRecordId(UUID.randomUUID().toString())
                .setVersion(1)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .addDistribution(PUCHENG)
                .addDistribution(GUANGFENG)
                .addDistribution(JIANGSHAN)
                .setPayload(Any.pack(StringValue.of("不是预警")))
                .build();
    }

    @Test
    @Order(5)
    void jiangshansPeerTokenForPuchengIsTakenByPuchengAndRefusedByGuangfeng() {
        KeycloakServer.Realm jiangshan = suite.realm(JIANGSHAN);
        String forPucheng =
                jiangshan.clientToken(Suite.RELAY_CLIENT, suite.relaySecret(JIANGSHAN), "border-" + PUCHENG);
        try (ReplicationClient pucheng =
                new ReplicationClient(suite.service(Suite.INTEL, PUCHENG).httpPort())) {
            DeliveryAck ack = pucheng.deliver(forPucheng, probe());
            // authenticated as Jiangshan's relay: the event itself is judged (no alert: refused, with a reason)
            assertEquals(1, ack.getResultsCount(), ack.toString());
            assertEquals(Outcome.REJECTED, ack.getResults(0).getOutcome(), ack.toString());
            assertFalse(ack.getResults(0).getReason().isBlank(), ack.toString());
        }
        try (ReplicationClient guangfeng =
                new ReplicationClient(suite.service(Suite.INTEL, GUANGFENG).httpPort())) {
            StatusRuntimeException refused =
                    assertThrows(StatusRuntimeException.class, () -> guangfeng.deliver(forPucheng, probe()));
            assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
            // a user of Jiangshan, made for Guangfeng, is no relay: no role peer
            StatusRuntimeException user = assertThrows(
                    StatusRuntimeException.class,
                    () -> guangfeng.deliver(token(JIANGSHAN, "integrator", GUANGFENG), probe()));
            assertEquals(Status.Code.PERMISSION_DENIED, user.getStatus().getCode());
        }
    }

    @Test
    @Order(6)
    void theRelayClientIsConfidentialAndTheConsoleIsNoRelay() {
        KeycloakServer.Realm pucheng = suite.realm(PUCHENG);
        assertEquals(
                401,
                pucheng.tokenAnswer("grant_type=client_credentials&client_id=" + Suite.RELAY_CLIENT
                                + "&client_secret=wrong&scope=border-" + JIANGSHAN)
                        .status());
        // the console client is public: no client credentials grant
        assertFalse(pucheng.tokenAnswer("grant_type=client_credentials&client_id=" + Suite.CONSOLE_CLIENT)
                .accessToken()
                .isPresent());
    }

    @Test
    @Order(50)
    @org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aPartnersAlertToAcknowledgeArrivesOnTheStreamOfTheRightUserOnly() {
        // Jiangshan's analyst follows the gateway's merged stream (Keycloak token, through the gateway)
        String analyst = token(JIANGSHAN, "analyst", JIANGSHAN);
        java.net.URI stream = java.net.URI.create(suite.gateway(JIANGSHAN).baseUrl() + "/api/v1/notifications/stream");
        try (var merged = org.borderpolice.federation.testing.SseClient.open(stream, analyst, null)) {
            assertEquals(200, merged.status());
            while (merged.lastEventId() == null || !merged.lastEventId().contains("intel-sharing:")) {
                merged.next(); // intel-sharing's stream is open once the merged id names it
            }
            String since = merged.lastEventId().replaceAll(".*intel-sharing:([0-9]+).*", "$1");
            // Pucheng publishes a RED alert for Jiangshan: Jiangshan must acknowledge it (签收)
            String alert = SeedAlerts.publish(
                    suite,
                    PUCHENG,
                    "SMUGGLING",
                    "RED",
                    "闽浙交界走私香烟货车",
                    "一辆闽H牌照货车疑似运输走私烟，可能经205国道进入江山。",
                    List.of(),
                    List.of(JIANGSHAN),
                    "GENERAL");
            var event = merged.nextEvent();
            while (!event.data().contains(alert)) {
                event = merged.nextEvent(); // another class's notification meanwhile (the JUnit timeout bounds this)
            }
            assertEquals("alert.acknowledgement-due", event.name());
            assertTrue(event.data().contains(alert), event.data());
            // not for others: Jiangshan's investigator and mediator; Pucheng's analyst at Jiangshan refused
            // (the same read as the stream, as a list through the gateway)
            atGateway(
                            JIANGSHAN,
                            token(PUCHENG, "analyst", JIANGSHAN),
                            "/api/v1/services/intel-sharing/notifications?after=" + since)
                    .then()
                    .statusCode(403);
            for (String other :
                    List.of(token(JIANGSHAN, "investigator", JIANGSHAN), token(JIANGSHAN, "mediator", JIANGSHAN))) {
                List<String> theirs = atGateway(
                                JIANGSHAN, other, "/api/v1/services/intel-sharing/notifications?after=" + since)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("recordId");
                assertFalse(theirs.contains(alert), theirs.toString());
            }
            // Jiangshan's commander has it too
            List<String> commanders = atGateway(
                            JIANGSHAN,
                            token(JIANGSHAN, "commander", JIANGSHAN),
                            "/api/v1/services/intel-sharing/notifications?after=" + since)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("recordId");
            assertTrue(commanders.contains(alert), commanders.toString());
        }
    }

    @Test
    @Order(100) // last: it locks a demo user for minutes (one no other class of the shared suite logs in)
    void sixWrongPasswordsLockTheUser() throws InterruptedException {
        KeycloakServer.Realm guangfeng = suite.realm(GUANGFENG);
        String user = DemoUsers.withRole(repo, GUANGFENG, SharedSuite.LOCKED_ROLE_AT_GUANGFENG)
                .username();
        assertTrue(guangfeng
                .passwordGrant(Suite.CONSOLE_CLIENT, user, Suite.demoPassword(), "border-" + GUANGFENG)
                .accessToken()
                .isPresent());
        for (int i = 1; i <= 6; i++) {
            KeycloakServer.TokenAnswer wrong =
                    guangfeng.passwordGrant(Suite.CONSOLE_CLIENT, user, "wrong-" + i, "border-" + GUANGFENG);
            assertFalse(wrong.accessToken().isPresent(), wrong.toString());
            // more than the realm's quick-login check (1 s) apart: the lock comes from the count of failures
            Thread.sleep(1_100);
        }
        KeycloakServer.TokenAnswer locked =
                guangfeng.passwordGrant(Suite.CONSOLE_CLIENT, user, Suite.demoPassword(), "border-" + GUANGFENG);
        assertFalse(locked.accessToken().isPresent(), "locked: " + locked);
        assertTrue(locked.body().contains("invalid_grant"), locked.toString());
        // another user of the realm is not locked
        assertTrue(guangfeng
                .passwordGrant(
                        Suite.CONSOLE_CLIENT,
                        DemoUsers.withRole(repo, GUANGFENG, "analyst").username(),
                        Suite.demoPassword(),
                        "border-" + GUANGFENG)
                .accessToken()
                .isPresent());
    }
}
