package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
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

    static final Duration PATIENCE = Await.MACHINE;

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;
    JurisdictionProcess guangfeng;
    PostgresServer.Database jiangshanDb;
    PostgresServer.Database puchengDb;
    PostgresServer.Database guangfengDb;
    /**
     * Every process takes and sends gRPC messages of at most 256 KiB (the default is 4 MiB), so
     * that a backlog of a few hundred larger records needs several messages.
     */
    static final int MAX_MESSAGE = 256 * 1024;

    static final Map<String, String> LIMIT =
            Map.of("border.federation.grpc.max-message-size", String.valueOf(MAX_MESSAGE));
    /** Quick retries so that a partner coming back is noticed within seconds. */
    final Map<String, String> relay = with(Map.of(
            "border.federation.relay.initial-backoff", "200ms",
            "border.federation.relay.max-backoff", "2s",
            "border.federation.outbox.purge-every", "1s"));

    static Map<String, String> with(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(LIMIT);
        all.putAll(settings);
        return all;
    }

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG, GUANGFENG);
        var app = JurisdictionProcess.packagedApplication();
        pucheng = federation.process(PUCHENG, app, LIMIT);
        guangfeng = federation.process(GUANGFENG, app, LIMIT);
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
        String token = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("integrator")
                .sign();
        return Probes.publish(
                new RequestSpecBuilder().setBaseUri(at.baseUrl()).build(), token, count, title, distribution);
    }

    static long replicas(PostgresServer.Database db, String titlePrefix) {
        return db.count(
                "SELECT count(*) FROM probe_replica WHERE origin = ? AND title LIKE ?", JIANGSHAN, titlePrefix + " #%");
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

    /** Rows waiting for the partner (not those set aside as refused). */
    long backlog(String partner) {
        return jiangshanDb.count(
                "SELECT count(*) FROM federation.outbox WHERE destination = ? AND rejected_at IS NULL", partner);
    }

    @Test
    @Order(1)
    void thousandEventsReachBothPartnersExactlyOnce() {
        for (int i = 0; i < 10; i++) {
            publish(jiangshan, 100, "千", Set.of(PUCHENG, GUANGFENG));
        }
        Await.until(
                PATIENCE,
                () -> replicas(puchengDb, "千") == 1000 && replicas(guangfengDb, "千") == 1000,
                () -> "1000 at each partner, have " + replicas(puchengDb, "千") + " / " + replicas(guangfengDb, "千"));
        Await.until(PATIENCE, () -> backlog(PUCHENG) == 0 && backlog(GUANGFENG) == 0, () -> "outbox drained");
        appliedExactlyOnce(puchengDb, "千", 1000);
        appliedExactlyOnce(guangfengDb, "千", 1000);
        assertEquals(0, redeliveries(puchengDb, "千"));
        assertEquals(0, redeliveries(guangfengDb, "千"));
        // the relay vacuums the queue after deleting what was delivered (autovacuum counts apart)
        Await.until(PATIENCE, () -> jiangshanDb.count("""
                SELECT vacuum_count FROM pg_stat_user_tables WHERE schemaname = 'federation' AND relname = 'outbox'""") > 0, () -> "the outbox vacuumed by the relay");
    }

    @Test
    @Order(2)
    void updatesAndTombstonesFollowTheRecord() {
        String id = publish(jiangshan, 1, "改", Set.of(PUCHENG)).get(0);
        String token = federation
                .issuer(JIANGSHAN)
                .token(JIANGSHAN)
                .roles("integrator")
                .sign();
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("title", "改 #renamed"))
                .when()
                .put("/api/v1/probes/" + id)
                .then()
                .statusCode(200);
        Await.until(
                PATIENCE,
                () -> puchengDb.count(
                                "SELECT count(*) FROM probe_replica WHERE id = ? AND version = 2 AND title = '改 #renamed'",
                                id)
                        == 1,
                () -> "version 2 at Pucheng");
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(token)
                .when()
                .delete("/api/v1/probes/" + id)
                .then()
                .statusCode(200);
        Await.until(
                PATIENCE,
                () -> puchengDb.count("SELECT count(*) FROM probe_replica WHERE id = ?", id) == 0,
                () -> "tombstone removed the replica at Pucheng");
        assertEquals(
                1,
                puchengDb.count(
                        "SELECT count(*) FROM federation.replica_state WHERE record_id = ? AND deleted AND version = 3",
                        id));
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
        String commander =
                federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("commander").sign();
        Await.until(
                PATIENCE,
                () -> {
                    JsonPath view = given().baseUri(jiangshan.baseUrl())
                            .auth()
                            .oauth2(commander)
                            .when()
                            .get("/api/v1/federation/outbox")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    return view.getLong("find { it.partner == '361103' }.pending") == 200
                            && view.getInt("find { it.partner == '361103' }.consecutiveFailures") >= 1
                            && view.getLong("find { it.partner == '350722' }.pending") == 0;
                },
                () -> "backlog of 200 with failures towards Guangfeng");
        assertTrue(given().baseUri(jiangshan.managementUrl())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .contains("border_federation_outbox_backlog{partner=\"361103\"} 200.0"));

        guangfeng.start().awaitReady(PATIENCE);
        Await.until(
                PATIENCE,
                () -> replicas(guangfengDb, "断") == 200,
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
        JurisdictionProcess filler = federation
                .process(
                        JIANGSHAN,
                        JurisdictionProcess.packagedApplication(),
                        with(Map.of("border.federation.relay.enabled", "false")))
                .startAndAwait();
        for (int i = 0; i < 2; i++) {
            publish(filler, 1000, "杀", Set.of(PUCHENG));
        }
        filler.stop();
        assertEquals(2000, backlog(PUCHENG));

        JurisdictionProcess slow = federation
                .process(
                        JIANGSHAN,
                        JurisdictionProcess.packagedApplication(),
                        with(Map.of("border.federation.relay.batch-size", "10")))
                .startAndAwait();
        Await.until(PATIENCE, () -> replicas(puchengDb, "杀") > 0, () -> "delivery under way");
        slow.kill();
        long left = backlog(PUCHENG);
        long received = replicas(puchengDb, "杀");
        assertTrue(received < 2000, "killed midway, had " + received);
        // nothing is lost: what Pucheng lacks is still in the outbox (plus, at most, the two batches
        // in flight that it committed but whose acknowledgements died with the process;
        // redelivering them is a no-op)
        assertTrue(
                left >= 2000 - received && left <= 2000 - received + 2 * 10, "left " + left + ", received " + received);

        jiangshan = federation
                .process(JIANGSHAN, JurisdictionProcess.packagedApplication(), relay)
                .startAndAwait();
        Await.until(
                PATIENCE,
                () -> replicas(puchengDb, "杀") == 2000,
                () -> "all 2000 after restart, have " + replicas(puchengDb, "杀"));
        Await.until(PATIENCE, () -> backlog(PUCHENG) == 0, () -> "outbox drained");
        appliedExactlyOnce(puchengDb, "杀", 2000);
    }

    @Test
    @Order(5)
    void twoRelaysOnOneOutboxSendNothingTwice() {
        JurisdictionProcess second = federation
                .replica(JIANGSHAN, "330881-replica-2", JurisdictionProcess.packagedApplication(), relay)
                .startAndAwait();
        try {
            for (int i = 0; i < 10; i++) {
                publish(i % 2 == 0 ? jiangshan : second, 200, "双", Set.of(PUCHENG, GUANGFENG));
            }
            Await.until(
                    PATIENCE,
                    () -> replicas(puchengDb, "双") == 2000 && replicas(guangfengDb, "双") == 2000,
                    () -> "2000 at each partner, have " + replicas(puchengDb, "双") + " / "
                            + replicas(guangfengDb, "双"));
            Await.until(PATIENCE, () -> backlog(PUCHENG) == 0 && backlog(GUANGFENG) == 0, () -> "outbox drained");
            appliedExactlyOnce(puchengDb, "双", 2000);
            appliedExactlyOnce(guangfengDb, "双", 2000);
            assertEquals(0, redeliveries(puchengDb, "双"), "no event was sent twice to Pucheng");
            assertEquals(0, redeliveries(guangfengDb, "双"), "no event was sent twice to Guangfeng");
        } finally {
            second.stop();
        }
    }

    /** The event id in Jiangshan's outbox for this destination and record. */
    String outboxEventId(String destination, String recordId) {
        return text(
                jiangshanDb,
                "SELECT event_id::text FROM federation.outbox WHERE destination = ? AND record_id = ?",
                destination,
                recordId);
    }

    static String text(PostgresServer.Database db, String sql, Object... params) {
        try (var c = db.connect();
                var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonPath outboxView() {
        String commander =
                federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("commander").sign();
        return given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(commander)
                .when()
                .get("/api/v1/federation/outbox")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Pucheng's refusals of Jiangshan's probe, as the outbox view shows them: the reasons. */
    List<String> refusalsAtPucheng(String recordId) {
        return outboxView()
                .getList(
                        "find { it.partner == '350722' }.refusals.findAll { it.recordId == '" + recordId + "' }.reason",
                        String.class);
    }

    @Test
    @Order(6)
    void anotherPartnerCannotPreemptAnEventWithItsId() {
        // Jiangshan writes a probe for Pucheng and Guangfeng while its relay is off
        jiangshan.stop();
        JurisdictionProcess filler = federation
                .process(
                        JIANGSHAN,
                        JurisdictionProcess.packagedApplication(),
                        with(Map.of("border.federation.relay.enabled", "false")))
                .startAndAwait();
        String id = publish(filler, 1, "先", Set.of(PUCHENG, GUANGFENG)).get(0);
        filler.stop();
        String toPucheng = outboxEventId(PUCHENG, id);
        String toGuangfeng = outboxEventId(GUANGFENG, id);

        // Guangfeng, with its own valid token and origin, delivers one of its records at Pucheng
        // first, under the id that Jiangshan's event for Pucheng carries
        String guangfengPeer =
                federation.issuer(GUANGFENG).token(PUCHENG).roles("peer").sign();
        String ownRecord = UUID.randomUUID().toString();
        try (ReplicationClient toPuchengGrpc = new ReplicationClient(pucheng.httpPort())) {
            DeliveryAck ack = toPuchengGrpc.deliver(
                    guangfengPeer, ProbeEvents.event(toPucheng, GUANGFENG, PUCHENG, ownRecord, 1, "抢先"));
            assertEquals(Outcome.APPLIED, ack.getResults(0).getOutcome());
        }

        jiangshan = federation
                .process(JIANGSHAN, JurisdictionProcess.packagedApplication(), relay)
                .startAndAwait();
        Await.until(
                PATIENCE,
                () -> puchengDb.count(
                                "SELECT count(*) FROM probe_replica WHERE origin = ? AND id = ? AND title = '先 #0'",
                                JIANGSHAN,
                                id)
                        == 1,
                () -> "Jiangshan's probe applied at Pucheng despite Guangfeng's event of the same id");
        Await.until(PATIENCE, () -> backlog(PUCHENG) == 0 && backlog(GUANGFENG) == 0, () -> "outbox drained");
        assertEquals(
                1,
                puchengDb.count(
                        "SELECT count(*) FROM probe_replica WHERE origin = ? AND id = ?", GUANGFENG, ownRecord));
        assertEquals(
                1, guangfengDb.count("SELECT count(*) FROM probe_replica WHERE origin = ? AND id = ?", JIANGSHAN, id));

        // and the other way round: an id that Jiangshan's event used at Pucheng is still Guangfeng's to use
        String later = publish(jiangshan, 1, "后", Set.of(PUCHENG)).get(0);
        Await.until(
                PATIENCE,
                () -> puchengDb.count("SELECT count(*) FROM probe_replica WHERE id = ?", later) == 1,
                () -> "second probe at Pucheng");
        String used = text(
                puchengDb,
                "SELECT event_id::text FROM federation.inbox_event WHERE origin = ? AND record_id = ?",
                JIANGSHAN,
                later);
        String another = UUID.randomUUID().toString();
        try (ReplicationClient toPuchengGrpc = new ReplicationClient(pucheng.httpPort())) {
            assertEquals(
                    Outcome.APPLIED,
                    toPuchengGrpc
                            .deliver(guangfengPeer, ProbeEvents.event(used, GUANGFENG, PUCHENG, another, 1, "同号"))
                            .getResults(0)
                            .getOutcome());
        }
        assertEquals(
                1,
                puchengDb.count("SELECT count(*) FROM probe_replica WHERE origin = ? AND id = ?", GUANGFENG, another));

        // each destination got an event id of its own: what Guangfeng received tells it nothing of Pucheng's
        assertNotEquals(toPucheng, toGuangfeng);
    }

    @Test
    @Order(7)
    void aBacklogLargerThanOneMessageArrivesWholeWhenThePartnerIsBack() {
        guangfeng.stop();
        String body = "边".repeat(1500);
        // 200 probes of about 4.5 kB each: about 900 kB, several messages of at most 256 KiB
        publish(jiangshan, 200, body, Set.of(PUCHENG, GUANGFENG));
        Await.until(
                PATIENCE,
                () -> replicas(puchengDb, body) == 200,
                () -> "200 large probes at Pucheng, have " + replicas(puchengDb, body));
        guangfeng.start().awaitReady(PATIENCE);
        Await.until(
                PATIENCE,
                () -> replicas(guangfengDb, body) == 200,
                () -> "200 large probes at Guangfeng after its outage, have " + replicas(guangfengDb, body));
        Await.until(PATIENCE, () -> backlog(PUCHENG) == 0 && backlog(GUANGFENG) == 0, () -> "outbox drained");
        appliedExactlyOnce(puchengDb, body, 200);
        appliedExactlyOnce(guangfengDb, body, 200);
        // each batch is one transaction at the receiver (received_at is its start): about 920 kB
        // in messages of at most 256 KiB make at least four
        long batches = guangfengDb.count("""
                SELECT count(DISTINCT e.received_at) FROM federation.inbox_event e JOIN probe_replica r
                  ON r.origin = e.origin AND r.id = e.record_id
                WHERE r.title LIKE ?""", body + " #%");
        assertTrue(batches >= 4, "the backlog came in " + batches + " batches");
    }

    @Test
    @Order(8)
    void aRecordThatCanNeverFitInAMessageIsSetAsideWithAReason() {
        // over 256 KiB on its own: no batch can ever carry it
        String huge =
                publish(jiangshan, 1, "x".repeat(300_000), Set.of(PUCHENG)).get(0);
        publish(jiangshan, 3, "其后", Set.of(PUCHENG));
        Await.until(PATIENCE, () -> replicas(puchengDb, "其后") == 3, () -> "the probes behind it delivered");
        Await.until(PATIENCE, () -> !refusalsAtPucheng(huge).isEmpty(), () -> "the large probe shown as refused");
        String reason = refusalsAtPucheng(huge).get(0);
        assertTrue(reason.contains("maximum message size"), reason);
        Await.until(PATIENCE, () -> backlog(PUCHENG) == 0, () -> "nothing left waiting for Pucheng");
        assertEquals(0, puchengDb.count("SELECT count(*) FROM probe_replica WHERE id = ?", huge));
        // the record stays at home; the refused row keeps what it was and why, not its content
        assertEquals(
                1,
                jiangshanDb.count(
                        "SELECT count(*) FROM federation.outbox WHERE destination = ? AND record_id = ? "
                                + "AND rejected_at IS NOT NULL AND payload IS NULL",
                        PUCHENG,
                        huge));
        // the service heard of it (DeliveryRefused): the testbed keeps it
        Await.until(
                PATIENCE,
                () -> jiangshanDb.count(
                                "SELECT count(*) FROM probe_refusal WHERE partner = ? AND id = ?::uuid AND version = 1",
                                PUCHENG,
                                huge)
                        == 1,
                () -> "the refusal recorded by the probe service");
    }

    @Test
    @Order(9)
    void aRecordThePartnersStoreCannotTakeIsRefusedAndTheRestOfItsBatchArrives() {
        // the three publications wait together for Pucheng, and go in one batch
        pucheng.stop();
        publish(jiangshan, 5, "好前", Set.of(PUCHENG));
        String tooLong =
                publish(jiangshan, 1, "长".repeat(4001), Set.of(PUCHENG)).get(0);
        publish(jiangshan, 5, "好后", Set.of(PUCHENG));
        pucheng.start().awaitReady(PATIENCE);
        Await.until(
                PATIENCE,
                () -> replicas(puchengDb, "好前") == 5 && replicas(puchengDb, "好后") == 5,
                () -> "the good probes of the batch at Pucheng");
        Await.until(PATIENCE, () -> !refusalsAtPucheng(tooLong).isEmpty(), () -> "the long probe shown as refused");
        String reason = refusalsAtPucheng(tooLong).get(0);
        assertFalse(ProbeEvents.revealsInternals(reason), reason);
        assertEquals(0, puchengDb.count("SELECT count(*) FROM probe_replica WHERE id = ?", tooLong));
        assertEquals(
                1, puchengDb.count("SELECT count(*) FROM federation.inbox_rejection WHERE record_id = ?", tooLong));
        Await.until(
                PATIENCE,
                () -> jiangshanDb.count(
                                "SELECT count(*) FROM probe_refusal WHERE partner = ? AND id = ?::uuid AND reason = ?",
                                PUCHENG,
                                tooLong,
                                reason)
                        == 1,
                () -> "the refusal recorded by the probe service");
        assertEquals(
                1,
                jiangshanDb.count(
                        "SELECT count(*) FROM federation.outbox WHERE destination = ? AND record_id = ? "
                                + "AND rejected_at IS NOT NULL AND payload IS NULL",
                        PUCHENG,
                        tooLong));
    }

    @Test
    @Order(10)
    void refusedEventsAreForgottenAfterTheRetention() {
        String old = publish(jiangshan, 1, "x".repeat(300_000), Set.of(PUCHENG)).get(0);
        String recent =
                publish(jiangshan, 1, "y".repeat(300_000), Set.of(PUCHENG)).get(0);
        Await.until(
                PATIENCE,
                () -> !refusalsAtPucheng(old).isEmpty()
                        && !refusalsAtPucheng(recent).isEmpty(),
                () -> "both set aside");
        try (var c = jiangshanDb.connect();
                var s = c.createStatement()) {
            s.executeUpdate("UPDATE federation.outbox SET rejected_at = now() - interval '31 days' WHERE record_id = '"
                    + old + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Await.until(
                PATIENCE,
                () -> jiangshanDb.count("SELECT count(*) FROM federation.outbox WHERE record_id = ?", old) == 0,
                () -> "a refusal older than 30 days purged");
        assertEquals(1, jiangshanDb.count("SELECT count(*) FROM federation.outbox WHERE record_id = ?", recent));
        assertTrue(refusalsAtPucheng(old).isEmpty());
    }
}
