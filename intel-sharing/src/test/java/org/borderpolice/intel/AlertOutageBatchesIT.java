package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;

/**
 * Pucheng is down while Jiangshan publishes; back up, it has each alert once and nothing waits in
 * the outbox: 200 small alerts (one relay batch holds 1,000), and (issue 21, item 6 (a)) 200 alerts with 1,500-character bodies
 * with gRPC messages of at most 64 KiB at both ends (the default is 4 MiB), so that the backlog
 * takes many messages. One federation for both (each test ends with the outbox drained).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertOutageBatchesIT {

    static final Duration PATIENCE = Await.MACHINE;
    static final Map<String, String> SMALL_MESSAGES =
            Map.of("border.federation.grpc.max-message-size", String.valueOf(64 * 1024));

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;

    @BeforeAll
    void start() {
        federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG);
        var app = JurisdictionProcess.packagedApplication();
        Map<String, String> sender = new java.util.HashMap<>(SMALL_MESSAGES);
        sender.put("border.federation.relay.initial-backoff", "200ms");
        sender.put("border.federation.relay.max-backoff", "2s");
        jiangshan = federation.process(JIANGSHAN, app, sender);
        pucheng = federation.process(PUCHENG, app, SMALL_MESSAGES);
        JurisdictionProcess.startAll(PATIENCE, jiangshan, pucheng);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan, pucheng);
    }

    /** Alerts of Jiangshan's applied at Pucheng (its inbox), whatever their title. */
    long appliedAtPucheng() {
        return federation
                .database(PUCHENG)
                .count(
                        "SELECT count(*) FROM federation.inbox_event WHERE origin = ? "
                                + "AND record_type = 'intel.alert' AND outcome = 'APPLIED'",
                        JIANGSHAN);
    }

    @Test
    void twoHundredAlertsPublishedDuringAnOutageArriveOnce() {
        long applied = appliedAtPucheng();
        pucheng.stop();
        String token = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("analyst")
                .unit("坛石派出所")
                .sign();
        for (int i = 0; i < 200; i++) {
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "category",
                            "PUBLIC_ORDER_RISK",
                            "severity",
                            "BLUE",
                            "title",
                            "断线期间预警 " + i,
                            "body",
                            "边界治安风险提示。",
                            "distribution",
                            List.of(PUCHENG),
                            "handling",
                            "GENERAL",
                            "sourceReliability",
                            "C",
                            "informationCredibility",
                            3))
                    .when()
                    .post("/api/v1/alerts")
                    .then()
                    .statusCode(201);
        }
        PostgresServer.Database jiangshanDb = federation.database(JIANGSHAN);
        assertEquals(200, jiangshanDb.count("SELECT count(*) FROM federation.outbox WHERE destination = ?", PUCHENG));

        pucheng.start().awaitReady(PATIENCE);
        PostgresServer.Database puchengDb = federation.database(PUCHENG);
        String ours = "SELECT count(*) FROM alert WHERE origin = ? AND title LIKE '断线期间预警 %'";
        Await.until(
                PATIENCE,
                () -> puchengDb.count(ours, JIANGSHAN) == 200,
                () -> "200 alerts at Pucheng, have " + puchengDb.count(ours, JIANGSHAN));
        Await.until(
                PATIENCE,
                () -> jiangshanDb.count("SELECT count(*) FROM federation.outbox") == 0,
                () -> "outbox drained");
        assertEquals(applied + 200, appliedAtPucheng());
        assertEquals(0, puchengDb.count("SELECT coalesce(sum(redeliveries), 0) FROM federation.inbox_event"));
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    void twoHundredLargeAlertsPublishedDuringAnOutageArriveOnceInManyMessages() {
        long applied = appliedAtPucheng();
        pucheng.stop();
        String token = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("analyst")
                .unit("坛石派出所")
                .sign();
        String body = "边界治安风险提示，请各单位加强巡查。".repeat(84).substring(0, 1500);
        for (int i = 0; i < 200; i++) {
            given().baseUri(jiangshan.baseUrl())
                    .auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "category",
                            "PUBLIC_ORDER_RISK",
                            "severity",
                            "BLUE",
                            "title",
                            "断线大预警 " + i,
                            "body",
                            body,
                            "distribution",
                            List.of(PUCHENG),
                            "handling",
                            "GENERAL",
                            "sourceReliability",
                            "C",
                            "informationCredibility",
                            3))
                    .when()
                    .post("/api/v1/alerts")
                    .then()
                    .statusCode(201);
        }
        PostgresServer.Database jiangshanDb = federation.database(JIANGSHAN);
        assertEquals(
                200,
                jiangshanDb.count(
                        "SELECT count(*) FROM federation.outbox WHERE destination = ? " + "AND rejected_at IS NULL",
                        PUCHENG));

        pucheng.start().awaitReady(PATIENCE);
        PostgresServer.Database puchengDb = federation.database(PUCHENG);
        Await.until(
                PATIENCE,
                () -> puchengDb.count("SELECT count(*) FROM alert WHERE origin = ? AND title LIKE '断线大预警 %'", JIANGSHAN)
                        == 200,
                () -> "200 alerts at Pucheng, have "
                        + puchengDb.count(
                                "SELECT count(*) FROM alert WHERE origin = ? AND title LIKE '断线大预警 %'", JIANGSHAN));
        Await.until(
                PATIENCE,
                () -> jiangshanDb.count("SELECT count(*) FROM federation.outbox WHERE destination = ?", PUCHENG) == 0,
                () -> "outbox drained, nothing set aside");
        assertEquals(applied + 200, appliedAtPucheng());
        assertEquals(0, puchengDb.count("SELECT coalesce(sum(redeliveries), 0) FROM federation.inbox_event"));
        // about 1 MB of alerts in messages of at most 64 KiB: a transaction (received_at) per batch
        long batches = puchengDb.count(
                "SELECT count(DISTINCT e.received_at) FROM federation.inbox_event e JOIN alert a "
                        + "ON a.id::text = e.record_id WHERE e.origin = ? AND e.record_type = 'intel.alert' "
                        + "AND a.title LIKE '断线大预警 %'",
                JIANGSHAN);
        assertTrue(batches >= 12, "the backlog came in " + batches + " batches");
    }
}
