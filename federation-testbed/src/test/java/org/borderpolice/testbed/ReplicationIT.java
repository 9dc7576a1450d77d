package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Three jurisdictions as real processes with their own databases, replicating over gRPC:
 * Jiangshan (330881) publishes, Pucheng (350722) and Guangfeng (361103) receive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;
    JurisdictionProcess guangfeng;
    PostgresServer.Database jiangshanDb;
    PostgresServer.Database puchengDb;
    PostgresServer.Database guangfengDb;
    /** Quick retries so that a partner coming back is noticed within seconds. */
    final Map<String, String> relay = Map.of(
            "border.federation.relay.initial-backoff", "200ms",
            "border.federation.relay.max-backoff", "2s");

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG, GUANGFENG);
        var app = JurisdictionProcess.packagedApplication();
        pucheng = federation.process(PUCHENG, app, Map.of());
        guangfeng = federation.process(GUANGFENG, app, Map.of());
        jiangshan = federation.process(JIANGSHAN, app, relay);
        JurisdictionProcess.startAll(PATIENCE, pucheng, guangfeng, jiangshan);
        jiangshanDb = federation.database(JIANGSHAN);
        puchengDb = federation.database(PUCHENG);
        guangfengDb = federation.database(GUANGFENG);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan, pucheng, guangfeng);
    }

    List<String> publish(JurisdictionProcess at, int count, String title, Set<String> distribution) {
        String token = federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("integrator").sign();
        return Probes.publish(new RequestSpecBuilder().setBaseUri(at.baseUrl()).build(), token, count, title,
                distribution);
    }

    static long replicas(PostgresServer.Database db, String titlePrefix) {
        return db.count("SELECT count(*) FROM probe_replica WHERE origin = ? AND title LIKE ?", JIANGSHAN,
                titlePrefix + " #%");
    }

    /** Every event of the run arrived, was applied once, and was never delivered again. */
    static void appliedExactlyOnce(PostgresServer.Database db, String titlePrefix, int expected) {
        assertEquals(expected, replicas(db, titlePrefix));
        assertEquals(expected, db.count("""
                SELECT count(*) FROM federation.inbox_event e JOIN probe_replica r
                  ON r.origin = e.origin AND r.id = e.record_id
                WHERE r.title LIKE ? AND e.outcome = 'APPLIED'""", titlePrefix + " #%"));
    }

    static long redeliveries(PostgresServer.Database db, String titlePrefix) {
        return db.count("""
                SELECT coalesce(sum(e.redeliveries), 0) FROM federation.inbox_event e JOIN probe_replica r
                  ON r.origin = e.origin AND r.id = e.record_id
                WHERE r.title LIKE ?""", titlePrefix + " #%");
    }

    long backlog(String partner) {
        return jiangshanDb.count("SELECT count(*) FROM federation.outbox WHERE destination = ?", partner);
    }

    @Test
    @Order(1)
    void thousandEventsReachBothPartnersExactlyOnce() {
        for (int i = 0; i < 10; i++) {
            publish(jiangshan, 100, "千", Set.of(PUCHENG, GUANGFENG));
        }
        Await.until(PATIENCE, () -> replicas(puchengDb, "千") == 1000 && replicas(guangfengDb, "千") == 1000,
                () -> "1000 at each partner, have " + replicas(puchengDb, "千") + " / " + replicas(guangfengDb, "千"));
        Await.until(PATIENCE, () -> backlog(PUCHENG) == 0 && backlog(GUANGFENG) == 0, () -> "outbox drained");
        appliedExactlyOnce(puchengDb, "千", 1000);
        appliedExactlyOnce(guangfengDb, "千", 1000);
        assertEquals(0, redeliveries(puchengDb, "千"));
        assertEquals(0, redeliveries(guangfengDb, "千"));
        // the relay vacuums the queue after deleting what was delivered (autovacuum counts apart)
        Await.until(PATIENCE, () -> jiangshanDb.count("""
                SELECT vacuum_count FROM pg_stat_user_tables WHERE schemaname = 'federation' AND relname = 'outbox'""") > 0,
                () -> "the outbox vacuumed by the relay");
    }

    @Test
    @Order(2)
    void updatesAndTombstonesFollowTheRecord() {
        String id = publish(jiangshan, 1, "改", Set.of(PUCHENG)).get(0);
        String token = federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("integrator").sign();
        given().baseUri(jiangshan.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("title", "改 #renamed")).when().put("/api/v1/probes/" + id).then().statusCode(200);
        Await.until(PATIENCE, () -> puchengDb.count(
                "SELECT count(*) FROM probe_replica WHERE id = ? AND version = 2 AND title = '改 #renamed'", id) == 1,
                () -> "version 2 at Pucheng");
        given().baseUri(jiangshan.baseUrl()).auth().oauth2(token).when().delete("/api/v1/probes/" + id)
                .then().statusCode(200);
        Await.until(PATIENCE, () -> puchengDb.count("SELECT count(*) FROM probe_replica WHERE id = ?", id) == 0,
                () -> "tombstone removed the replica at Pucheng");
        assertEquals(1, puchengDb.count(
                "SELECT count(*) FROM federation.replica_state WHERE record_id = ? AND deleted AND version = 3", id));
        // Guangfeng was not in the distribution: it never heard of the record
        assertEquals(0, guangfengDb.count("SELECT count(*) FROM federation.replica_state WHERE record_id = ?", id));
    }

    @Test
    @Order(3)
    void aPartnerThatWasDownReceivesEverythingOnceWhenBack() {
        guangfeng.stop();
        publish(jiangshan, 200, "断", Set.of(PUCHENG, GUANGFENG));
        Await.until(PATIENCE, () -> replicas(puchengDb, "断") == 200, () -> "Pucheng unaffected by Guangfeng's outage");
        // the backlog is visible while the partner is down, with the failures that keep it there
        String commander = federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("commander").sign();
        Await.until(PATIENCE, () -> {
            JsonPath view = given().baseUri(jiangshan.baseUrl()).auth().oauth2(commander)
                    .when().get("/api/v1/federation/outbox").then().statusCode(200).extract().jsonPath();
            return view.getLong("find { it.partner == '361103' }.pending") == 200
                    && view.getInt("find { it.partner == '361103' }.consecutiveFailures") >= 1
                    && view.getLong("find { it.partner == '350722' }.pending") == 0;
        }, () -> "backlog of 200 with failures towards Guangfeng");
        assertTrue(given().baseUri(jiangshan.managementUrl()).when().get("/q/metrics").then().statusCode(200).extract()
                .asString().contains("border_federation_outbox_backlog{partner=\"361103\"} 200.0"));

        guangfeng.start().awaitReady(PATIENCE);
        Await.until(PATIENCE, () -> replicas(guangfengDb, "断") == 200,
                () -> "200 at Guangfeng after restart, have " + replicas(guangfengDb, "断"));
        Await.until(PATIENCE, () -> backlog(GUANGFENG) == 0, () -> "outbox drained");
        appliedExactlyOnce(guangfengDb, "断", 200);
        appliedExactlyOnce(puchengDb, "断", 200);
    }

    @Test
    @Order(4)
    void aRelayKilledMidBacklogResumesWhereItStopped() {
        // fill the outbox with the relay off, then drain in small batches and kill the process midway
        jiangshan.stop();
        JurisdictionProcess filler = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(),
                Map.of("border.federation.relay.enabled", "false")).startAndAwait();
        for (int i = 0; i < 5; i++) {
            publish(filler, 1000, "杀", Set.of(PUCHENG));
        }
        filler.stop();
        assertEquals(5000, backlog(PUCHENG));

        JurisdictionProcess slow = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(),
                Map.of("border.federation.relay.batch-size", "10")).startAndAwait();
        Await.until(PATIENCE, () -> replicas(puchengDb, "杀") > 0, () -> "delivery under way");
        slow.kill();
        long left = backlog(PUCHENG);
        long received = replicas(puchengDb, "杀");
        assertTrue(received < 5000, "killed midway, had " + received);
        // nothing is lost: what Pucheng lacks is still in the outbox (plus, at most, the two batches
        // in flight that it committed but whose acknowledgements died with the process;
        // redelivering them is a no-op)
        assertTrue(left >= 5000 - received && left <= 5000 - received + 2 * 10,
                "left " + left + ", received " + received);

        jiangshan = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), relay).startAndAwait();
        Await.until(PATIENCE, () -> replicas(puchengDb, "杀") == 5000,
                () -> "all 5000 after restart, have " + replicas(puchengDb, "杀"));
        Await.until(PATIENCE, () -> backlog(PUCHENG) == 0, () -> "outbox drained");
        appliedExactlyOnce(puchengDb, "杀", 5000);
    }

    @Test
    @Order(5)
    void twoRelaysOnOneOutboxSendNothingTwice() {
        JurisdictionProcess second = federation.replica(JIANGSHAN, "330881-replica-2",
                JurisdictionProcess.packagedApplication(), relay).startAndAwait();
        try {
            for (int i = 0; i < 10; i++) {
                publish(i % 2 == 0 ? jiangshan : second, 200, "双", Set.of(PUCHENG, GUANGFENG));
            }
            Await.until(PATIENCE, () -> replicas(puchengDb, "双") == 2000 && replicas(guangfengDb, "双") == 2000,
                    () -> "2000 at each partner, have " + replicas(puchengDb, "双") + " / " + replicas(guangfengDb, "双"));
            Await.until(PATIENCE, () -> backlog(PUCHENG) == 0 && backlog(GUANGFENG) == 0, () -> "outbox drained");
            appliedExactlyOnce(puchengDb, "双", 2000);
            appliedExactlyOnce(guangfengDb, "双", 2000);
            assertEquals(0, redeliveries(puchengDb, "双"), "no event was sent twice to Pucheng");
            assertEquals(0, redeliveries(guangfengDb, "双"), "no event was sent twice to Guangfeng");
        } finally {
            second.stop();
        }
    }
}
