package org.borderpolice.intel;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Pucheng is down while Jiangshan publishes 500 alerts; back up, it has each of them once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertOutageIT {

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;

    @BeforeAll
    void start() {
        federation = new TestFederation("intel-sharing", "intel", JIANGSHAN, PUCHENG);
        var app = JurisdictionProcess.packagedApplication();
        jiangshan = federation
                .process(
                        JIANGSHAN,
                        app,
                        Map.of(
                                "border.federation.relay.initial-backoff",
                                "200ms",
                                "border.federation.relay.max-backoff",
                                "2s"))
                .start();
        pucheng = federation.process(PUCHENG, app, Map.of()).start();
        jiangshan.awaitReady(Await.MACHINE);
        pucheng.awaitReady(Await.MACHINE);
    }

    @AfterAll
    void stop() {
        jiangshan.stop();
        pucheng.stop();
    }

    @Test
    void fiveHundredAlertsPublishedDuringAnOutageArriveOnce() {
        pucheng.stop();
        String token = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("analyst")
                .unit("坛石派出所")
                .sign();
        for (int i = 0; i < 500; i++) {
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
        assertEquals(500, jiangshanDb.count("SELECT count(*) FROM federation.outbox WHERE destination = ?", PUCHENG));

        pucheng.start().awaitReady(Await.MACHINE);
        PostgresServer.Database puchengDb = federation.database(PUCHENG);
        Await.until(
                Await.MACHINE,
                () -> puchengDb.count("SELECT count(*) FROM alert WHERE origin = ?", JIANGSHAN) == 500,
                () -> "500 alerts at Pucheng, have "
                        + puchengDb.count("SELECT count(*) FROM alert WHERE origin = ?", JIANGSHAN));
        Await.until(
                Await.MACHINE,
                () -> jiangshanDb.count("SELECT count(*) FROM federation.outbox") == 0,
                () -> "outbox drained");
        assertEquals(
                500,
                puchengDb.count(
                        "SELECT count(*) FROM federation.inbox_event WHERE origin = ? "
                                + "AND record_type = 'intel.alert' AND outcome = 'APPLIED'",
                        JIANGSHAN));
        assertEquals(0, puchengDb.count("SELECT coalesce(sum(redeliveries), 0) FROM federation.inbox_event"));
    }
}
