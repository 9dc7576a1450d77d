package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
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

import com.google.protobuf.Any;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.path.json.JsonPath;

/**
 * Message sizes between partners: Pucheng (350722) takes gRPC messages of at most 64 KiB, while
 * Jiangshan (330881), its partner, sends messages of up to 4 MiB (the default): partners whose
 * settings differ. Pucheng refuses a larger message before reading it; Jiangshan's relay cuts its
 * batches until Pucheng takes them and sets aside, as refused, an event Pucheng can never take.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MessageSizeIT {

    static final int PUCHENG_MAX = 64 * 1024;
    /** What the relay keeps free in a message for the batch's own fields (PartnerDelivery). */
    static final int BATCH_OVERHEAD = 128;

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;
    PostgresServer.Database jiangshanDb;
    PostgresServer.Database puchengDb;
    final Map<String, String> quickRetries = Map.of(
            "border.federation.relay.initial-backoff", "200ms",
            "border.federation.relay.max-backoff", "2s");

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG);
        var app = JurisdictionProcess.packagedApplication();
        pucheng = federation.process(
                PUCHENG,
                app,
                Map.of(
                        "border.federation.grpc.max-message-size",
                        String.valueOf(PUCHENG_MAX),
                        "border.federation.relay.enabled",
                        "false"));
        jiangshan = federation.process(JIANGSHAN, app, quickRetries);
        JurisdictionProcess.startAll(Probes.PATIENCE, pucheng, jiangshan);
        jiangshanDb = federation.database(JIANGSHAN);
        puchengDb = federation.database(PUCHENG);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(jiangshan, pucheng);
    }

    String integrator() {
        return federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("integrator").sign();
    }

    List<String> publish(int count, String title) {
        return Probes.publish(
                new RequestSpecBuilder().setBaseUri(jiangshan.baseUrl()).build(),
                integrator(),
                count,
                title,
                List.of(PUCHENG));
    }

    long atPucheng(String title) {
        return puchengDb.count(
                "SELECT count(*) FROM probe_replica WHERE origin = ? AND title LIKE ?", JIANGSHAN, title + " #%");
    }

    long backlog() {
        return jiangshanDb.count(
                "SELECT count(*) FROM federation.outbox WHERE destination = ? AND rejected_at IS NULL", PUCHENG);
    }

    /**
     * The size limit is on the bytes as sent, and a compressed message would be inflated without
     * one: compressed calls are refused (UNIMPLEMENTED, as gRPC answers an encoding it does not
     * take), with a token or without, and nothing of them is stored.
     */
    @Test
    @Order(0)
    void aCompressedMessageIsRefusedWhateverItExpandsTo() {
        String peer = federation.issuer(JIANGSHAN).token(PUCHENG).roles("peer").sign();
        String id = UUID.randomUUID().toString();
        try (ReplicationClient grpc = new ReplicationClient(pucheng.httpPort()).gzip()) {
            for (String token : java.util.Arrays.asList(peer, null)) {
                // 90,000 bytes of title, far over Pucheng's 64 KiB, a few hundred once compressed
                StatusRuntimeException e = assertThrows(
                        StatusRuntimeException.class,
                        () -> grpc.deliver(token, ProbeEvents.probe(JIANGSHAN, PUCHENG, id, 1, "大".repeat(30_000))));
                assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), String.valueOf(e.getStatus()));
            }
        }
        assertEquals(0, puchengDb.count("SELECT count(*) FROM federation.inbox_event WHERE record_id = ?", id));
        assertEquals(0, puchengDb.count("SELECT count(*) FROM federation.inbox_rejection WHERE record_id = ?", id));
        assertEquals(0, puchengDb.count("SELECT count(*) FROM probe_replica WHERE id = ?", id));
    }

    @Test
    @Order(1)
    void aMessageOverTheReceiversLimitIsRefusedAndNothingOfItIsStored() {
        String peer = federation.issuer(JIANGSHAN).token(PUCHENG).roles("peer").sign();
        String over = UUID.randomUUID().toString();
        String under = UUID.randomUUID().toString();
        try (ReplicationClient grpc = new ReplicationClient(pucheng.httpPort())) {
            StatusRuntimeException e = assertThrows(
                    StatusRuntimeException.class,
                    () -> grpc.deliver(peer, ProbeEvents.probe(JIANGSHAN, PUCHENG, over, 1, "大".repeat(30_000))));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), String.valueOf(e.getStatus()));
            assertFalse(
                    ProbeEvents.revealsInternals(e.getStatus().getDescription()),
                    e.getStatus().getDescription());
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(peer, ProbeEvents.probe(JIANGSHAN, PUCHENG, under, 1, "小".repeat(3_000)))
                            .getResults(0)
                            .getOutcome());
        }
        assertEquals(0, puchengDb.count("SELECT count(*) FROM federation.inbox_event WHERE record_id = ?", over));
        assertEquals(0, puchengDb.count("SELECT count(*) FROM federation.inbox_rejection WHERE record_id = ?", over));
        assertEquals(1, puchengDb.count("SELECT count(*) FROM probe_replica WHERE id = ?", under));
    }

    @Test
    @Order(2)
    void aPartnerTakingSmallerMessagesGetsEverythingThatFitsAndTheRestIsSetAside() {
        String body = "界".repeat(1500);
        // about 270 kB in one transaction: one batch by Jiangshan's limit, more than four of Pucheng's
        publish(60, body + " 前");
        // over Pucheng's limit on its own, well within Jiangshan's
        String huge = publish(1, "巨".repeat(30_000)).get(0);
        publish(20, body + " 后");
        Await.until(
                Probes.PATIENCE,
                () -> atPucheng(body + " 前") == 60 && atPucheng(body + " 后") == 20,
                () -> "the probes that fit at Pucheng, have " + atPucheng(body + " 前") + " and "
                        + atPucheng(body + " 后"));
        Await.until(Probes.PATIENCE, () -> backlog() == 0, () -> "nothing left waiting for Pucheng");
        assertEquals(0, puchengDb.count("SELECT count(*) FROM probe_replica WHERE id = ?", huge));
        String commander =
                federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("commander").sign();
        JsonPath view = io.restassured.RestAssured.given()
                .baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(commander)
                .when()
                .get("/api/v1/federation/outbox")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> reasons = view.getList(
                "find { it.partner == '350722' }.refusals.findAll { it.recordId == '" + huge + "' }.reason",
                String.class);
        assertEquals(1, reasons.size(), String.valueOf(reasons));
        assertTrue(reasons.get(0).contains("message size"), reasons.get(0));
        // each probe that fits arrived once
        assertEquals(0, puchengDb.count("SELECT coalesce(sum(redeliveries), 0) FROM federation.inbox_event"));
    }

    /** Encoded size of a probe event as the relay sends it, with its largest timestamp and suffix. */
    static int largestProbeEvent(String title, int count) {
        ReplicationEvent event = ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(JIANGSHAN)
                .setRecordType(ProbeEvents.TYPE)
                .setRecordId(UUID.randomUUID().toString())
                .setVersion(1)
                .setOccurredAt(Timestamp.newBuilder()
                        .setSeconds(Instant.now().getEpochSecond())
                        .setNanos(999_999_000))
                .addDistribution(JIANGSHAN)
                .addDistribution(PUCHENG)
                .setPayload(Any.pack(StringValue.of(title + " #" + (count - 1))))
                .build();
        return CodedOutputStream.computeMessageSize(3, event);
    }

    @Test
    @Order(3)
    void batchesAreCutByTheEventsExactSize() {
        String title = "准".repeat(300);
        int events = 20;
        int largest = largestProbeEvent(title, events);
        // room for two of these events, not three, whatever their timestamps and suffixes
        int limit = BATCH_OVERHEAD + 2 * largest + 4;
        jiangshan.stop();
        JurisdictionProcess filler = federation
                .process(
                        JIANGSHAN,
                        JurisdictionProcess.packagedApplication(),
                        Map.of("border.federation.relay.enabled", "false"))
                .startAndAwait();
        try {
            Probes.publish(
                    new RequestSpecBuilder().setBaseUri(filler.baseUrl()).build(),
                    integrator(),
                    events,
                    title,
                    List.of(PUCHENG));
        } finally {
            filler.stop();
        }
        Map<String, String> exact = new java.util.HashMap<>(quickRetries);
        exact.put("border.federation.grpc.max-message-size", String.valueOf(limit));
        jiangshan = federation
                .process(JIANGSHAN, JurisdictionProcess.packagedApplication(), exact)
                .startAndAwait();
        Await.until(Probes.PATIENCE, () -> atPucheng(title) == events, () -> events + " probes at Pucheng");
        // each batch is one transaction at Pucheng (received_at is its start)
        long batches = puchengDb.count("""
                SELECT count(DISTINCT e.received_at) FROM federation.inbox_event e JOIN probe_replica r
                  ON r.origin = e.origin AND r.id = e.record_id
                WHERE r.title LIKE ?""", title + " #%");
        assertEquals(events / 2, batches, "two events per batch, to the byte");
    }
}
