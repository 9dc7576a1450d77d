package org.borderpolice.testbed;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.proto.files.v1.FetchRequest;
import org.borderpolice.federation.proto.files.v1.FileChunk;
import org.borderpolice.federation.proto.files.v1.FileInfo;
import org.borderpolice.federation.proto.files.v1.FileRef;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;
import org.borderpolice.federation.proto.replication.v1.EventResult;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.testing.TestFederation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * A hostile owner (review finding F-C1): Guangfeng, played by this test on its own port,
 * announces files to Jiangshan (the one {@link LoneJiangshan}, {@code fetch.stall-timeout} 2 s)
 * and then keeps Jiangshan's Fetch calls open without sending the files: with messages that carry
 * no bytes, or a trickle of tiny ones. Jiangshan cuts each call within the stall-timeout (counted
 * in bytes: empty messages count for none), keeps the bytes that arrived, asks again from them,
 * stores nothing as complete, and answers its users 404, never a 5xx. Bytes sent fast enough but
 * in a great many tiny messages are cut too, after a few dozen messages. A stored prefix Jiangshan
 * cannot read back is dropped and the file fetched from its start, not retried for ever.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LoneJiangshan.Shared.class)
class HostileFileOwnerIT {

    static final Duration PATIENCE = Await.MACHINE;
    static final int SIZE = 3 * 1024 * 1024;

    TestFederation federation;
    JurisdictionProcess jiangshan;
    PostgresServer.Database db;
    ReplicationClient grpc;
    HostileOwner guangfeng;

    @BeforeAll
    void start(LoneJiangshan shared) {
        federation = shared.federation;
        jiangshan = shared.jiangshan;
        db = federation.database(JIANGSHAN);
        grpc = new ReplicationClient(jiangshan.httpPort());
        // where Jiangshan's trust list has Guangfeng's service
        guangfeng = new HostileOwner(federation.member(GUANGFENG).httpPort());
    }

    /**
     * The files of a test leave Jiangshan's queue after it: Jiangshan fetches one file per owner at
     * a time, so the next test's file would wait behind their retries.
     */
    @AfterEach
    void dropQueuedFiles() throws java.sql.SQLException {
        try (var c = db.connect();
                var drop = c.prepareStatement("DELETE FROM federation.file_fetch WHERE origin = ?")) {
            drop.setString(1, GUANGFENG);
            drop.executeUpdate();
        }
    }

    @AfterAll
    void stop() throws java.sql.SQLException {
        if (grpc != null) {
            grpc.close();
        }
        if (guangfeng != null) {
            guangfeng.close();
            // the shared Jiangshan fetches them no more once this owner is gone
            try (var c = db.connect();
                    var drop = c.prepareStatement("DELETE FROM federation.file_fetch WHERE origin = ?")) {
                drop.setString(1, GUANGFENG);
                drop.executeUpdate();
            }
        }
    }

    /** How the owner answers a Fetch of one file. */
    enum Behaviour {
        /** The first 1,000 bytes, then a message without bytes every 50 ms. */
        EMPTY,
        /** 100 bytes every 100 ms: 1 KB/s where the default min-progress asks 1 MiB per stall-timeout. */
        TRICKLE,
        /** 16-byte messages, 50 every 10 ms: 80 KB/s, above the byte floor, in a great many messages. */
        TINY,
        /** Not hostile: the rest of the file at once, in messages of 64 KiB, then the end. */
        WHOLE
    }

    /** One Fetch call as the owner saw it. */
    record Call(long offset, long startedAt, long[] cancelledAt) {
        boolean cancelled() {
            return cancelledAt[0] != 0;
        }

        Duration lasted() {
            return Duration.ofNanos(cancelledAt[0] - startedAt);
        }
    }

    /** Guangfeng's FileTransferService, serving each file as its test says. */
    static final class HostileOwner implements AutoCloseable {

        final Map<String, Behaviour> files = new ConcurrentHashMap<>();
        final Map<String, byte[]> bytes = new ConcurrentHashMap<>();
        final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
        private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        private final Server server;

        HostileOwner(int port) {
            var service = new FileTransferServiceGrpc.FileTransferServiceImplBase() {
                @Override
                public void fetch(FetchRequest request, StreamObserver<FileChunk> responses) {
                    ServerCallStreamObserver<FileChunk> call = (ServerCallStreamObserver<FileChunk>) responses;
                    Behaviour behaviour = files.get(request.getFileId());
                    byte[] file = bytes.get(request.getFileId());
                    Call seen = new Call(request.getOffset(), System.nanoTime(), new long[1]);
                    calls.computeIfAbsent(request.getFileId(), id -> new CopyOnWriteArrayList<>())
                            .add(seen);
                    long[] position = {request.getOffset()};
                    ScheduledFuture<?>[] pump = new ScheduledFuture<?>[1];
                    call.setOnCancelHandler(() -> {
                        seen.cancelledAt()[0] = System.nanoTime();
                        stop(pump);
                    });
                    boolean[] first = {true};
                    pump[0] = sender.scheduleAtFixedRate(
                            () -> {
                                if (call.isCancelled() || position[0] > file.length) {
                                    stop(pump); // (a call that ended before its pump was known)
                                    return;
                                }
                                int messages = switch (behaviour) {
                                    case TINY -> 50;
                                    case WHOLE -> (int) Math.max(1, (file.length - position[0] + 65535) / 65536);
                                    default -> 1;
                                };
                                for (int m = 0; m < messages; m++) {
                                    int n = switch (behaviour) {
                                        case TRICKLE -> 100;
                                        case TINY -> 16;
                                        case EMPTY -> first[0] ? 1000 : 0;
                                        case WHOLE -> 64 * 1024;
                                    };
                                    n = (int) Math.min(n, file.length - position[0]);
                                    FileChunk.Builder chunk = FileChunk.newBuilder()
                                            .setOffset(position[0])
                                            .setData(ByteString.copyFrom(file, (int) position[0], n));
                                    if (first[0]) {
                                        chunk.setInfo(FileInfo.newBuilder()
                                                .setSize(file.length)
                                                .setSha256(sha256(file))
                                                .setContentType("application/pdf"));
                                        first[0] = false;
                                    }
                                    call.onNext(chunk.build());
                                    position[0] += n;
                                }
                                if (behaviour == Behaviour.WHOLE) {
                                    call.onCompleted();
                                    position[0] = file.length + 1L; // sent: nothing more
                                    stop(pump);
                                }
                            },
                            0,
                            switch (behaviour) {
                                case TRICKLE -> 100;
                                case TINY -> 10;
                                case EMPTY, WHOLE -> 50;
                            },
                            TimeUnit.MILLISECONDS);
                }
            };
            try {
                server = NettyServerBuilder.forAddress(new InetSocketAddress("localhost", port))
                        .addService(service)
                        .build()
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<Call> calls(String fileId) {
            return calls.getOrDefault(fileId, List.of());
        }

        @Override
        public void close() {
            server.shutdownNow();
            sender.shutdownNow();
        }
    }

    /** A call's pump stopped; null until scheduleAtFixedRate returned (its first run has no delay). */
    static void stop(ScheduledFuture<?>[] pump) {
        if (pump[0] != null) {
            pump[0].cancel(false);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file of Guangfeng, announced to Jiangshan with a probe-file record as Guangfeng's relay would. */
    String announce(Behaviour behaviour) {
        return announce(file(behaviour));
    }

    /** A file Guangfeng will serve as {@code behaviour} says, not announced yet: its id. */
    String file(Behaviour behaviour) {
        byte[] file = new byte[SIZE];
        new Random(behaviour.ordinal()).nextBytes(file);
        System.arraycopy("%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, file, 0, 9);
        String id = UUID.randomUUID().toString();
        guangfeng.bytes.put(id, file);
        guangfeng.files.put(id, behaviour);
        return id;
    }

    String announce(String id) {
        byte[] file = guangfeng.bytes.get(id);
        Behaviour behaviour = guangfeng.files.get(id);
        ReplicationEvent event = ReplicationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrigin(GUANGFENG)
                .setRecordType("testbed.probe-file")
                .setRecordId(id)
                .setVersion(1)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .addDistribution(JIANGSHAN)
                .addDistribution(GUANGFENG)
                .setPayload(Any.pack(FileRef.newBuilder()
                        .setFileId(id)
                        .setSha256(sha256(file))
                        .setSize(file.length)
                        .setContentType("application/pdf")
                        .setName(behaviour.name().toLowerCase() + ".pdf")
                        .build()))
                .build();
        String token =
                federation.issuer(GUANGFENG).token(JIANGSHAN).roles("peer").sign();
        assertEquals(
                List.of(Outcome.APPLIED),
                grpc.deliver(token, event).getResultsList().stream()
                        .map(EventResult::getOutcome)
                        .toList());
        return id;
    }

    long count(String sql, Object... params) {
        return db.count(sql, params);
    }

    /** Attempts that ended with this error, the file still queued (due again) at Jiangshan. */
    long failedWith(String id, String error) {
        return count(
                "SELECT coalesce(max(attempts), 0) FROM federation.file_fetch WHERE origin = ? AND id = ?::uuid "
                        + "AND last_error LIKE ? AND next_attempt_at < 'infinity'",
                GUANGFENG,
                id,
                "%" + error + "%");
    }

    String lastError(String id) {
        try (var c = db.connect();
                var select = c.prepareStatement(
                        "SELECT last_error FROM federation.file_fetch WHERE origin = ? AND id = ?::uuid")) {
            select.setString(1, GUANGFENG);
            select.setString(2, id);
            try (var rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : "(not queued)";
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void nothingKept(String id) {
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM federation.file WHERE origin = ? AND id = ?::uuid AND complete",
                        GUANGFENG,
                        id),
                "nothing stored as complete");
        // Jiangshan's user: not here (yet), as problem+json, never a 5xx; the attempt audited
        String attempts = "SELECT count(*) FROM federation.audit_log WHERE action = 'file.downloaded' "
                + "AND record_id = ? AND detail = ?";
        String detail = "file " + id + "; " + org.borderpolice.federation.files.FileDownloads.NOT_HERE;
        long before = count(attempts, id, detail);
        given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(federation
                        .issuer(JIANGSHAN)
                        .token(JIANGSHAN)
                        .roles("integrator")
                        .sign())
                .when()
                .get("/api/v1/probe-replicas/" + GUANGFENG + "/files/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertEquals(before + 1, count(attempts, id, detail), "the refused download is audited");
    }

    @Test
    void messagesWithoutBytesKeepNoCallOpenAndWhatArrivedIsKept() {
        String id = announce(Behaviour.EMPTY);
        Await.until(
                PATIENCE,
                () -> failedWith(id, "bytes (or the rest of the file) arrived within 2000 ms") >= 2,
                () -> "two attempts of " + id + " cut by the stall watch; calls "
                        + guangfeng.calls(id).size() + ", last error: " + lastError(id));
        // Jiangshan ended the calls itself (not the owner, not the fetch's 10-minute deadline)
        Await.until(
                PATIENCE,
                () -> guangfeng.calls(id).size() >= 2
                        && guangfeng.calls(id).stream().limit(2).allMatch(Call::cancelled),
                () -> "the owner saw two calls cancelled");
        List<Call> calls = guangfeng.calls(id);
        // each call brought its first 1,000 bytes: they were kept, and the next call asked after them
        assertEquals(0, calls.get(0).offset(), calls.toString());
        assertEquals(1000, calls.get(1).offset(), "the second call resumed after the first one's bytes");
        assertTrue(
                count(
                                "SELECT coalesce(sum(length(data)), 0) FROM federation.file_chunk "
                                        + "WHERE origin = ? AND id = ?::uuid",
                                GUANGFENG,
                                id)
                        >= 1000,
                "the bytes before the cut are stored");
        nothingKept(id);
    }

    @Test
    void aTrickleOfTinyMessagesIsCutAfterTheStallTimeout() {
        String id = announce(Behaviour.TRICKLE);
        // the old rule (any byte resets the watch) kept such a call for the whole fetch.timeout (10 minutes)
        Await.until(
                PATIENCE,
                () -> failedWith(id, "bytes (or the rest of the file) arrived within 2000 ms") >= 1,
                () -> "an attempt of " + id + " cut by the stall watch; last error: " + lastError(id));
        Await.until(
                PATIENCE,
                () -> !guangfeng.calls(id).isEmpty()
                        && guangfeng.calls(id).get(0).cancelled(),
                () -> "the owner saw the call cancelled");
        Call call = guangfeng.calls(id).get(0);
        // bytes kept arriving, and the call lasted a stall-timeout (2 s from Jiangshan's start; the
        // owner saw it begin a little later): cut by their count, not at a message
        assertFalse(call.lasted().compareTo(Duration.ofSeconds(1)) < 0, "cut after " + call.lasted());
        assertEquals(0, call.offset());
        // the trickle that arrived was kept: the next call starts after it
        Await.until(
                PATIENCE,
                () -> guangfeng.calls(id).size() >= 2,
                () -> "a second call of " + id + "; last error: " + lastError(id));
        assertTrue(guangfeng.calls(id).get(1).offset() > 0, guangfeng.calls(id).toString());
        nothingKept(id);
    }

    @Test
    void aGreatManyTinyMessagesAreCutLongBeforeTheStallTimeout() {
        String id = announce(Behaviour.TINY);
        Await.until(
                PATIENCE,
                () -> failedWith(id, "bytes per message on average") >= 1,
                () -> "an attempt of " + id + " cut for its tiny messages; last error: " + lastError(id));
        Await.until(
                PATIENCE,
                () -> !guangfeng.calls(id).isEmpty()
                        && guangfeng.calls(id).get(0).cancelled(),
                () -> "the owner saw the call cancelled");
        // 80 KB/s would pass the byte floor for ever; the call ended after a few dozen messages
        assertTrue(
                count(
                                "SELECT coalesce(sum(length(data)), 0) FROM federation.file_chunk "
                                        + "WHERE origin = ? AND id = ?::uuid",
                                GUANGFENG,
                                id)
                        < 64 * 1024,
                "at most a few KB kept from tiny messages");
        nothingKept(id);
    }

    @Test
    void aStoredPrefixThatCannotBeReadBackIsDroppedAndTheFileFetchedFromItsStart() throws java.sql.SQLException {
        String id = file(Behaviour.WHOLE);
        byte[] file = guangfeng.bytes.get(id);
        // Jiangshan holds 2,000 bytes of it by its stored length, but the part at 0 is gone: the
        // prefix cannot be hashed again, and resuming after it would fail every attempt for ever.
        // Two attempts keep it (a store's passing failure), the third drops it
        try (var c = db.connect();
                var row = c.prepareStatement("INSERT INTO federation.file (origin, id) VALUES (?, ?::uuid)");
                var part = c.prepareStatement(
                        "INSERT INTO federation.file_chunk (origin, id, off, data) VALUES (?, ?::uuid, 1000, ?)")) {
            row.setString(1, GUANGFENG);
            row.setString(2, id);
            row.executeUpdate();
            part.setString(1, GUANGFENG);
            part.setString(2, id);
            part.setBytes(3, java.util.Arrays.copyOfRange(file, 1000, 2000));
            part.executeUpdate();
        }
        announce(id);
        Await.until(
                PATIENCE,
                () -> count(
                                "SELECT count(*) FROM federation.file WHERE origin = ? AND id = ?::uuid AND complete",
                                GUANGFENG,
                                id)
                        == 1,
                () -> id + " complete at Jiangshan; calls " + guangfeng.calls(id) + ", last error: " + lastError(id));
        // the unreadable prefix was dropped: the owner was asked from byte 0, not after the 2,000,
        // and only by the attempt that dropped it
        assertEquals(1, guangfeng.calls(id).size(), guangfeng.calls(id).toString());
        assertEquals(0, guangfeng.calls(id).get(0).offset(), guangfeng.calls(id).toString());
        byte[] served = given().baseUri(jiangshan.baseUrl())
                .auth()
                .oauth2(federation
                        .issuer(JIANGSHAN)
                        .token(JIANGSHAN)
                        .roles("integrator")
                        .sign())
                .when()
                .get("/api/v1/probe-replicas/" + GUANGFENG + "/files/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertEquals(sha256(file), sha256(served), "Jiangshan serves the owner's file, whole");
    }
}
