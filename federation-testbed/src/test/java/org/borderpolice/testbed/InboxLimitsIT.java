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

    static final Duration PATIENCE = Await.MACHINE;
    /** A fourth jurisdiction, whose requests this test spends. */
    static final String CHANGSHAN = "330822";

    static final int CONCURRENT_CALLS = 3;
    /** Requests a partner may make in a day: opening a call is one, and so is each event of a batch. */
    static final int REQUESTS_PER_DAY = 20;
    /** Batches of one partner applied at once (each holds a database connection while it is). */
    static final int CONCURRENT_BATCHES = 2;
    /** Events one batch may carry. */
    static final int BATCH_EVENTS = 16;
    /** Batches a sender may have waiting for their acknowledgements on one stream (the default). */
    static final int UNACKNOWLEDGED = 2;
    /** More partners, each with an allowance of its own for one test. */
    static final String YUSHAN = "361123";

    static final String KAIHUA = "330824";
    static final String JIANOU = "350783";
    static final String LONGYOU = "330825";
    static final String SHAOWU = "350781";

    TestFederation federation;
    JurisdictionProcess jiangshan;
    PostgresServer.Database db;
    ReplicationClient grpc;
    ManagedChannel channel;

    @BeforeAll
    void start() {
        federation = new TestFederation(
                "testbed", "testbed", JIANGSHAN, PUCHENG, GUANGFENG, CHANGSHAN, YUSHAN, KAIHUA, JIANOU, LONGYOU,
                SHAOWU);
        jiangshan = federation
                .process(
                        JIANGSHAN,
                        JurisdictionProcess.packagedApplication(),
                        Map.of(
                                "border.federation.relay.enabled",
                                "false",
                                "border.federation.grpc.inbound.max-concurrent-calls",
                                String.valueOf(CONCURRENT_CALLS),
                                "border.federation.grpc.inbound.max-concurrent-batches",
                                String.valueOf(CONCURRENT_BATCHES),
                                "border.federation.grpc.inbound.max-batch-events",
                                String.valueOf(BATCH_EVENTS),
                                "border.federation.grpc.inbound.requests",
                                String.valueOf(REQUESTS_PER_DAY),
                                "border.federation.grpc.inbound.period",
                                "24h",
                                "border.federation.inbox.retention",
                                "30d",
                                "border.federation.inbox.purge-every",
                                "1s"))
                .startAndAwait();
        db = federation.database(JIANGSHAN);
        grpc = new ReplicationClient(jiangshan.httpPort());
        channel = NettyChannelBuilder.forAddress("localhost", jiangshan.httpPort())
                .usePlaintext()
                .build();
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
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(peer(CHANGSHAN), probeFrom(CHANGSHAN))
                            .getResults(0)
                            .getOutcome());
        }
        StatusRuntimeException e =
                assertThrows(StatusRuntimeException.class, () -> grpc.deliver(peer(CHANGSHAN), probeFrom(CHANGSHAN)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        assertTrue(
                e.getStatus().getDescription().contains("requests"),
                e.getStatus().getDescription());
        // another partner has its own allowance
        assertEquals(
                Outcome.APPLIED,
                grpc.deliver(peer(PUCHENG), probeFrom(PUCHENG)).getResults(0).getOutcome());
    }

    @Test
    void aPartnerWithAsManyCallsOpenAsAllowedMustCloseOneFirst() throws Exception {
        List<OpenStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < CONCURRENT_CALLS; i++) {
                OpenStream s = new OpenStream(peer(GUANGFENG));
                open.add(s);
                assertEquals(
                        Outcome.APPLIED,
                        s.send(probeFrom(GUANGFENG)).getResults(0).getOutcome());
            }
            OpenStream third = new OpenStream(peer(GUANGFENG));
            open.add(third);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> third.send(probeFrom(GUANGFENG)));
            Status status = Status.fromThrowable(refused.getCause());
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), String.valueOf(status));
            assertTrue(status.getDescription().contains("calls"), status.getDescription());
            // another partner is not held up by this one's calls
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(peer(PUCHENG), probeFrom(PUCHENG))
                            .getResults(0)
                            .getOutcome());

            // one call ends: the partner may open another
            open.get(0).complete();
            OpenStream next = new OpenStream(peer(GUANGFENG));
            open.add(next);
            assertEquals(
                    Outcome.APPLIED,
                    next.send(probeFrom(GUANGFENG)).getResults(0).getOutcome());
        } finally {
            open.forEach(OpenStream::cancel);
        }
    }

    @Test
    void eachEventOfABatchCountsAgainstTheRate() {
        // a call (one) and a batch of 15 events (fifteen): within the 20 of a day
        assertEquals(
                Outcome.APPLIED,
                grpc.deliver(peer(KAIHUA), probes(KAIHUA, 15)).getResults(14).getOutcome());
        // the same again would be 32
        StatusRuntimeException e =
                assertThrows(StatusRuntimeException.class, () -> grpc.deliver(peer(KAIHUA), probes(KAIHUA, 15)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        assertTrue(
                e.getStatus().getDescription().contains("requests"),
                e.getStatus().getDescription());
    }

    @Test
    void aBatchOfMoreEventsThanAllowedIsRefusedWhole() {
        String[] ids = new String[BATCH_EVENTS + 1];
        ReplicationEvent[] events = probes(JIANOU, BATCH_EVENTS + 1);
        for (int i = 0; i < events.length; i++) {
            ids[i] = events[i].getRecordId();
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.deliver(peer(JIANOU), events));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        assertTrue(
                e.getStatus().getDescription().contains(String.valueOf(BATCH_EVENTS)),
                e.getStatus().getDescription());
        assertEquals(0, db.count("SELECT count(*) FROM probe_replica WHERE id = ANY(?)", (Object) ids));
    }

    /** A probe record of this partner held here at version 1, whose row the test can then lock. */
    String heldRecord(String code) {
        String id = UUID.randomUUID().toString();
        assertEquals(
                Outcome.APPLIED,
                grpc.deliver(peer(code), probe(code, JIANGSHAN, id, 1, "锁"))
                        .getResults(0)
                        .getOutcome());
        return id;
    }

    /** Lock the replica of this record: a batch changing it waits inside its transaction until unlocked. */
    java.sql.Connection lockReplica(String origin, String id) throws java.sql.SQLException {
        java.sql.Connection c = db.connect();
        c.setAutoCommit(false);
        try (var lock = c.prepareStatement("SELECT 1 FROM probe_replica WHERE origin = ? AND id = ? FOR UPDATE")) {
            lock.setString(1, origin);
            lock.setString(2, id);
            lock.executeQuery().close();
        }
        return c;
    }

    static void unlock(java.sql.Connection c) {
        try (c) {
            c.rollback();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSenderRunningAheadOfItsAcknowledgementsIsCutOff() throws Exception {
        String held = heldRecord(YUSHAN);
        java.sql.Connection lock = lockReplica(YUSHAN, held);
        List<String> flooded = new ArrayList<>();
        try (Flood flood = new Flood(channel, peer(YUSHAN))) {
            // the first batch waits on the lock; the sender goes on writing whatever the transport takes
            flood.send(DeliveryBatch.newBuilder()
                    .setBatchId(UUID.randomUUID().toString())
                    .addEvents(probe(YUSHAN, JIANGSHAN, held, 2, "二"))
                    .build());
            String megabyte = "洪".repeat(350_000);
            for (int i = 0; i < 30 && !flood.closed.isDone(); i++) {
                String id = UUID.randomUUID().toString();
                flooded.add(id);
                flood.sendWhenReady(
                        DeliveryBatch.newBuilder()
                                .setBatchId(UUID.randomUUID().toString())
                                .addEvents(probe(YUSHAN, JIANGSHAN, id, 1, megabyte))
                                .build(),
                        Duration.ofSeconds(10));
            }
            // refused while the first batch is still held up: nothing piles up behind it
            Status closed = flood.closed.get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, closed.getCode(), String.valueOf(closed));
            assertTrue(closed.getDescription().contains("acknowledg"), closed.getDescription());
        } finally {
            unlock(lock);
        }
        // the batch under way was applied; what came behind it was not taken
        Await.until(
                PATIENCE,
                () -> db.count(
                                "SELECT count(*) FROM probe_replica WHERE origin = ? AND id = ? AND version = 2",
                                YUSHAN,
                                held)
                        == 1,
                () -> "the held batch applied once unlocked");
        assertEquals(0, db.count("SELECT count(*) FROM probe_replica WHERE id = ANY(?)", (Object)
                flooded.toArray(String[]::new)));
        // and the partner may deliver again
        assertEquals(
                Outcome.APPLIED,
                grpc.deliver(peer(YUSHAN), probeFrom(YUSHAN)).getResults(0).getOutcome());
    }

    @Test
    void aPartnersBatchesHoldAtMostTheirShareOfConnections() throws Exception {
        String first = heldRecord(LONGYOU);
        String second = heldRecord(LONGYOU);
        String free = UUID.randomUUID().toString();
        java.sql.Connection lockFirst = lockReplica(LONGYOU, first);
        java.sql.Connection lockSecond = lockReplica(LONGYOU, second);
        List<OpenStream> open = new ArrayList<>();
        try {
            OpenStream a = new OpenStream(peer(LONGYOU));
            OpenStream b = new OpenStream(peer(LONGYOU));
            OpenStream c = new OpenStream(peer(LONGYOU));
            open.addAll(List.of(a, b, c));
            CompletableFuture<DeliveryAck> waitingA = a.sendAsync(probe(LONGYOU, JIANGSHAN, first, 2, "二"));
            CompletableFuture<DeliveryAck> waitingB = b.sendAsync(probe(LONGYOU, JIANGSHAN, second, 2, "二"));
            Await.until(PATIENCE, () -> blockedOnLocks() == CONCURRENT_BATCHES, () -> "both batches held up");
            // a third batch of the same partner, for a record nobody holds, waits for one of them to end
            CompletableFuture<DeliveryAck> waitingC = c.sendAsync(probe(LONGYOU, JIANGSHAN, free, 1, "等"));
            assertThrows(java.util.concurrent.TimeoutException.class, () -> waitingC.get(5, TimeUnit.SECONDS));
            assertEquals(0, db.count("SELECT count(*) FROM probe_replica WHERE id = ?", free));
            // another partner is not held up
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(peer(PUCHENG), probeFrom(PUCHENG))
                            .getResults(0)
                            .getOutcome());
            unlock(lockFirst);
            lockFirst = null;
            assertEquals(
                    Outcome.APPLIED,
                    waitingA.get(30, TimeUnit.SECONDS).getResults(0).getOutcome());
            assertEquals(
                    Outcome.APPLIED,
                    waitingC.get(30, TimeUnit.SECONDS).getResults(0).getOutcome());
            unlock(lockSecond);
            lockSecond = null;
            assertEquals(
                    Outcome.APPLIED,
                    waitingB.get(30, TimeUnit.SECONDS).getResults(0).getOutcome());
        } finally {
            if (lockFirst != null) {
                unlock(lockFirst);
            }
            if (lockSecond != null) {
                unlock(lockSecond);
            }
            open.forEach(OpenStream::cancel);
        }
    }

    /** Transactions of the service waiting for a row lock that the test holds. */
    long blockedOnLocks() {
        return db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock' AND query LIKE '%probe_replica%'");
    }

    @Test
    void aCancelledCallKeepsItsPlaceUntilItsBatchHasEnded() throws Exception {
        String held = heldRecord(SHAOWU);
        java.sql.Connection lock = lockReplica(SHAOWU, held);
        List<OpenStream> open = new ArrayList<>();
        try {
            OpenStream cancelled = new OpenStream(peer(SHAOWU));
            open.add(cancelled);
            cancelled.sendAsync(probe(SHAOWU, JIANGSHAN, held, 2, "二"));
            Await.until(PATIENCE, () -> blockedOnLocks() == 1, () -> "the batch held up");
            // the sender gives up on the call; its batch still works (and holds a connection) here
            cancelled.cancel();
            for (int i = 1; i < CONCURRENT_CALLS; i++) {
                OpenStream s = new OpenStream(peer(SHAOWU));
                open.add(s);
                assertEquals(
                        Outcome.APPLIED, s.send(probeFrom(SHAOWU)).getResults(0).getOutcome());
            }
            OpenStream over = new OpenStream(peer(SHAOWU));
            open.add(over);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> over.send(probeFrom(SHAOWU)));
            assertEquals(
                    Status.Code.RESOURCE_EXHAUSTED,
                    Status.fromThrowable(refused.getCause()).getCode());
        } finally {
            unlock(lock);
        }
        // the batch has ended: its place is free again
        Await.until(
                PATIENCE,
                () -> db.count(
                                "SELECT count(*) FROM probe_replica WHERE origin = ? AND id = ? AND version = 2",
                                SHAOWU,
                                held)
                        == 1,
                () -> "the cancelled call's batch applied once unlocked");
        try {
            Await.until(
                    PATIENCE,
                    () -> {
                        OpenStream again = new OpenStream(peer(SHAOWU));
                        open.add(again);
                        try {
                            return again.send(probeFrom(SHAOWU)).getResults(0).getOutcome() == Outcome.APPLIED;
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    () -> "a call admitted once the cancelled call's batch ended");
        } finally {
            open.forEach(OpenStream::cancel);
        }
    }

    ReplicationEvent[] probes(String code, int count) {
        ReplicationEvent[] events = new ReplicationEvent[count];
        for (int i = 0; i < count; i++) {
            events[i] = probeFrom(code);
        }
        return events;
    }

    @Test
    void eventIdsAndRefusalsAreForgottenAfterTheRetentionButNoOlderVersionComesBack() {
        String id = UUID.randomUUID().toString();
        ReplicationEvent v1 = probe(PUCHENG, JIANGSHAN, id, 1, "第一版");
        ReplicationEvent v2 = probe(PUCHENG, JIANGSHAN, id, 2, "第二版");
        assertEquals(
                Outcome.APPLIED, grpc.deliver(peer(PUCHENG), v1).getResults(0).getOutcome());
        assertEquals(
                Outcome.APPLIED, grpc.deliver(peer(PUCHENG), v2).getResults(0).getOutcome());
        ReplicationEvent recent = probeFrom(PUCHENG);
        assertEquals(
                Outcome.APPLIED,
                grpc.deliver(peer(PUCHENG), recent).getResults(0).getOutcome());
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.executeUpdate("UPDATE federation.inbox_event SET received_at = now() - interval '31 days' "
                    + "WHERE record_id = '" + id + "'");
            s.executeUpdate("""
                    INSERT INTO federation.inbox_rejection (peer, event_id, origin, record_type, record_id, reason, received_at)
                    VALUES ('350722', 'old', '350722', 'testbed.probe', 'old-refusal', 'old', now() - interval '31 days'),
                           ('350722', 'new', '350722', 'testbed.probe', 'new-refusal', 'new', now() - interval '29 days')""");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Await.until(
                PATIENCE,
                () -> db.count("SELECT count(*) FROM federation.inbox_event WHERE record_id = ?", id) == 0
                        && db.count("SELECT count(*) FROM federation.inbox_rejection WHERE record_id = 'old-refusal'")
                                == 0,
                () -> "event ids and refusals older than 30 days purged");
        assertEquals(
                1,
                db.count("SELECT count(*) FROM federation.inbox_event WHERE event_id = ?::uuid", recent.getEventId()));
        assertEquals(1, db.count("SELECT count(*) FROM federation.inbox_rejection WHERE record_id = 'new-refusal'"));

        // the forgotten event id arrives again: not a duplicate any more, but the version held says it is old
        assertEquals(
                Outcome.STALE, grpc.deliver(peer(PUCHENG), v1).getResults(0).getOutcome());
        assertEquals(
                1, db.count("SELECT count(*) FROM probe_replica WHERE id = ? AND version = 2 AND title = '第二版'", id));
    }

    /**
     * A sender that writes batches as fast as the transport takes them, without waiting for
     * acknowledgements (gRPC's isReady: what the receiver lets through).
     */
    static final class Flood implements AutoCloseable {
        final CompletableFuture<Status> closed = new CompletableFuture<>();
        final io.grpc.stub.ClientCallStreamObserver<DeliveryBatch> requests;
        final java.util.concurrent.Semaphore ready = new java.util.concurrent.Semaphore(0);
        volatile int sent;

        Flood(ManagedChannel channel, String token) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            java.util.concurrent.atomic.AtomicReference<io.grpc.stub.ClientCallStreamObserver<DeliveryBatch>> call =
                    new java.util.concurrent.atomic.AtomicReference<>();
            ReplicationServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .deliver(new io.grpc.stub.ClientResponseObserver<DeliveryBatch, DeliveryAck>() {
                        @Override
                        public void beforeStart(io.grpc.stub.ClientCallStreamObserver<DeliveryBatch> requestStream) {
                            call.set(requestStream);
                            requestStream.setOnReadyHandler(ready::release);
                        }

                        @Override
                        public void onNext(DeliveryAck value) {}

                        @Override
                        public void onError(Throwable t) {
                            closed.complete(Status.fromThrowable(t));
                            ready.release();
                        }

                        @Override
                        public void onCompleted() {
                            closed.complete(Status.OK);
                            ready.release();
                        }
                    });
            requests = call.get();
        }

        void send(DeliveryBatch batch) {
            requests.onNext(batch);
            sent++;
        }

        /** Send once the transport takes more (or give up after the wait, or once the call has closed). */
        void sendWhenReady(DeliveryBatch batch, Duration wait) throws InterruptedException {
            java.time.Instant deadline = java.time.Instant.now().plus(wait);
            while (!requests.isReady() && !closed.isDone()) {
                long left = Duration.between(java.time.Instant.now(), deadline).toMillis();
                if (left <= 0 || !ready.tryAcquire(left, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            if (!closed.isDone()) {
                send(batch);
            }
        }

        @Override
        public void close() {
            try {
                requests.onError(Status.CANCELLED.asRuntimeException());
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
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
            return sendAsync(event).get(30, TimeUnit.SECONDS);
        }

        /** One batch at a time per stream: the acknowledgement of this one. */
        CompletableFuture<DeliveryAck> sendAsync(ReplicationEvent event) {
            pending = new CompletableFuture<>();
            CompletableFuture<DeliveryAck> ack = pending;
            requests.onNext(DeliveryBatch.newBuilder()
                    .setBatchId(UUID.randomUUID().toString())
                    .addEvents(event)
                    .build());
            return ack;
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
