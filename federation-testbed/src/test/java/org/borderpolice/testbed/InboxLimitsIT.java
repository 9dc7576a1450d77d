package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.borderpolice.testbed.ProbeEvents.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

/**
 * What a partner may take of our inbox (Jiangshan, 330881, as a process with small limits; the
 * test plays its partners): calls at once and requests per period, each partner on its own; and
 * how long the inbox remembers event ids and refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxLimitsIT {

    static final Duration PATIENCE = Duration.ofSeconds(90);
    /** A fourth jurisdiction, whose requests this test spends. */
    static final String CHANGSHAN = "330822";
    static final int CONCURRENT_CALLS = 2;
    /** Requests a partner may make in a day: opening a call is one, and so is each batch. */
    static final int REQUESTS_PER_DAY = 20;

    TestFederation federation;
    JurisdictionProcess jiangshan;
    PostgresServer.Database db;
    ReplicationClient grpc;
    ManagedChannel channel;

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG, GUANGFENG, CHANGSHAN);
        jiangshan = federation.process(JIANGSHAN, JurisdictionProcess.packagedApplication(), Map.of(
                "border.federation.relay.enabled", "false",
                "border.federation.grpc.inbound.max-concurrent-calls", String.valueOf(CONCURRENT_CALLS),
                "border.federation.grpc.inbound.requests", String.valueOf(REQUESTS_PER_DAY),
                "border.federation.grpc.inbound.period", "24h",
                "border.federation.inbox.retention", "30d",
                "border.federation.inbox.purge-every", "1s")).startAndAwait();
        db = federation.database(JIANGSHAN);
        grpc = new ReplicationClient(jiangshan.httpPort());
        channel = NettyChannelBuilder.forAddress("localhost", jiangshan.httpPort()).usePlaintext().build();
    }

    @AfterAll
    void stop() {
        if (grpc != null) {
            grpc.close();
        }
        if (channel != null) {
            channel.shutdownNow();
        }
        JurisdictionProcess.stopAll(jiangshan);
    }

    String peer(String code) {
        return federation.issuer(code).token(JIANGSHAN).roles("peer").sign();
    }

    ReplicationEvent probeFrom(String code) {
        return probe(code, JIANGSHAN, UUID.randomUUID().toString(), 1, "限");
    }

    @Test
    void aPartnerOverItsRequestRateIsToldSoAndOthersAreNot() {
        for (int i = 0; i < REQUESTS_PER_DAY / 2; i++) {
            // a call and its batch: two requests
            assertEquals(Outcome.APPLIED, grpc.deliver(peer(CHANGSHAN), probeFrom(CHANGSHAN)).getResults(0).getOutcome());
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> grpc.deliver(peer(CHANGSHAN), probeFrom(CHANGSHAN)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        assertTrue(e.getStatus().getDescription().contains("requests"), e.getStatus().getDescription());
        // another partner has its own allowance
        assertEquals(Outcome.APPLIED, grpc.deliver(peer(PUCHENG), probeFrom(PUCHENG)).getResults(0).getOutcome());
    }

    @Test
    void aPartnerWithAsManyCallsOpenAsAllowedMustCloseOneFirst() throws Exception {
        List<OpenStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < CONCURRENT_CALLS; i++) {
                OpenStream s = new OpenStream(peer(GUANGFENG));
                open.add(s);
                assertEquals(Outcome.APPLIED, s.send(probeFrom(GUANGFENG)).getResults(0).getOutcome());
            }
            OpenStream third = new OpenStream(peer(GUANGFENG));
            open.add(third);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> third.send(probeFrom(GUANGFENG)));
            Status status = Status.fromThrowable(refused.getCause());
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), String.valueOf(status));
            assertTrue(status.getDescription().contains("calls"), status.getDescription());
            // another partner is not held up by this one's calls
            assertEquals(Outcome.APPLIED, grpc.deliver(peer(PUCHENG), probeFrom(PUCHENG)).getResults(0).getOutcome());

            // one call ends: the partner may open another
            open.get(0).complete();
            OpenStream next = new OpenStream(peer(GUANGFENG));
            open.add(next);
            assertEquals(Outcome.APPLIED, next.send(probeFrom(GUANGFENG)).getResults(0).getOutcome());
        } finally {
            open.forEach(OpenStream::cancel);
        }
    }

    @Test
    void eventIdsAndRefusalsAreForgottenAfterTheRetentionButNoOlderVersionComesBack() {
        String id = UUID.randomUUID().toString();
        ReplicationEvent v1 = probe(PUCHENG, JIANGSHAN, id, 1, "第一版");
        ReplicationEvent v2 = probe(PUCHENG, JIANGSHAN, id, 2, "第二版");
        assertEquals(Outcome.APPLIED, grpc.deliver(peer(PUCHENG), v1).getResults(0).getOutcome());
        assertEquals(Outcome.APPLIED, grpc.deliver(peer(PUCHENG), v2).getResults(0).getOutcome());
        ReplicationEvent recent = probeFrom(PUCHENG);
        assertEquals(Outcome.APPLIED, grpc.deliver(peer(PUCHENG), recent).getResults(0).getOutcome());
        try (var c = db.connect(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE federation.inbox_event SET received_at = now() - interval '31 days' "
                    + "WHERE record_id = '" + id + "'");
            s.executeUpdate("""
                    INSERT INTO federation.inbox_rejection (peer, event_id, origin, record_type, record_id, reason, received_at)
                    VALUES ('350722', 'old', '350722', 'testbed.probe', 'old-refusal', 'old', now() - interval '31 days'),
                           ('350722', 'new', '350722', 'testbed.probe', 'new-refusal', 'new', now() - interval '29 days')""");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Await.until(PATIENCE, () -> db.count("SELECT count(*) FROM federation.inbox_event WHERE record_id = ?", id) == 0
                && db.count("SELECT count(*) FROM federation.inbox_rejection WHERE record_id = 'old-refusal'") == 0,
                () -> "event ids and refusals older than 30 days purged");
        assertEquals(1, db.count("SELECT count(*) FROM federation.inbox_event WHERE event_id = ?::uuid",
                recent.getEventId()));
        assertEquals(1, db.count("SELECT count(*) FROM federation.inbox_rejection WHERE record_id = 'new-refusal'"));

        // the forgotten event id arrives again: not a duplicate any more, but the version held says it is old
        assertEquals(Outcome.STALE, grpc.deliver(peer(PUCHENG), v1).getResults(0).getOutcome());
        assertEquals(1, db.count("SELECT count(*) FROM probe_replica WHERE id = ? AND version = 2 AND title = '第二版'", id));
    }

    /** A Deliver call kept open: batches are sent one at a time, each waiting for its acknowledgement. */
    final class OpenStream {
        final LinkedBlockingQueue<CompletableFuture<DeliveryAck>> acks = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final StreamObserver<DeliveryBatch> requests;
        volatile CompletableFuture<DeliveryAck> pending;

        OpenStream(String token) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            requests = ReplicationServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .deliver(new StreamObserver<>() {
                        @Override
                        public void onNext(DeliveryAck value) {
                            pending.complete(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            if (pending != null) {
                                pending.completeExceptionally(t);
                            }
                            ended.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(null);
                        }
                    });
        }

        DeliveryAck send(ReplicationEvent event) throws Exception {
            pending = new CompletableFuture<>();
            requests.onNext(DeliveryBatch.newBuilder().setBatchId(UUID.randomUUID().toString()).addEvents(event).build());
            return pending.get(30, TimeUnit.SECONDS);
        }

        /** End the call politely and wait until the server has ended it too. */
        void complete() throws Exception {
            requests.onCompleted();
            ended.get(30, TimeUnit.SECONDS);
        }

        void cancel() {
            try {
                requests.onError(Status.CANCELLED.asRuntimeException());
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }
}
