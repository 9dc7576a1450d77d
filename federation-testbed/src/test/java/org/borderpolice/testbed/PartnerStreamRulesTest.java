package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a partner's gRPC calls may not do, against the service in the test's JVM: leave our
 * acknowledgements unread (they piled up in our heap, one per batch, while we went on reading and
 * applying its batches: now the next batch waits, and a partner that writes on meanwhile is cut
 * off as any sender running ahead of its acknowledgements), send empty batches or batch ids that
 * are no UUID, or messages that are no valid protobuf (INVALID_ARGUMENT on every method).
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "testbed"),
            @ResourceArg(name = "categories", value = "testbed")
        })
class PartnerStreamRulesTest {

    static final int BATCHES = 8;
    static final int EVENTS = 1000;

    @Inject
    AgroalDataSource db;

    @Inject
    io.vertx.core.Vertx vertx;

    /** Pucheng's relay's credentials for Jiangshan: its peer token as call headers. */
    static Metadata puchengsPeerToken() {
        String token = JurisdictionTestResource.issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .sign();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }

    /** A plaintext channel to the service under test. */
    static NettyChannelBuilder toService() {
        return NettyChannelBuilder.forAddress("localhost", JurisdictionTestResource.port())
                .usePlaintext();
    }

    long applied(String title) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT count(*) FROM probe_replica WHERE origin = ? AND title = ?")) {
            s.setString(1, PUCHENG);
            s.setString(2, title);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aPartnerThatReadsNoAcknowledgementsIsCutOffNotBuffered() throws Exception {
        String title = "不读回执-" + UUID.randomUUID();
        // the HTTP/2 default window: our acknowledgements fill it after a few batches
        ManagedChannel channel = toService().flowControlWindow(65_535).build();
        CompletableFuture<Status> closed = new CompletableFuture<>();
        AtomicReference<ClientCallStreamObserver<DeliveryBatch>> call = new AtomicReference<>();
        try {
            Metadata headers = puchengsPeerToken();
            ReplicationServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .deliver(new ClientResponseObserver<DeliveryBatch, DeliveryAck>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<DeliveryBatch> requests) {
                            // never asks for an acknowledgement
                            requests.disableAutoRequestWithInitial(0);
                            call.set(requests);
                        }

                        @Override
                        public void onNext(DeliveryAck ack) {}

                        @Override
                        public void onError(Throwable t) {
                            closed.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            closed.complete(Status.OK);
                        }
                    });
            // each batch sent once the one before is applied (or 3 s passed): the sender never runs
            // ahead of what the receiver applies, so only acknowledgements left unread hold batches back
            for (int sent = 0; sent < BATCHES; sent++) {
                List<ReplicationEvent> events = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                    events.add(ProbeEvents.probe(
                            PUCHENG, JIANGSHAN, UUID.randomUUID().toString(), 1, title));
                }
                call.get()
                        .onNext(DeliveryBatch.newBuilder()
                                .setBatchId(UUID.randomUUID().toString())
                                .addAllEvents(events)
                                .build());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (applied(title) < (sent + 1L) * EVENTS && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            // two acknowledgements of 1,000 results fill the window: two batches applied, the
            // next two wait, the fifth ends the stream (its status queued behind the unread acks)
            long batchesApplied = applied(title) / EVENTS;
            assertTrue(batchesApplied <= 3, "applied " + batchesApplied + " of " + BATCHES + " batches");
            call.get().request(Integer.MAX_VALUE);
            Status status = closed.get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), String.valueOf(status));
            assertTrue(status.getDescription().contains("acknowledg"), status.getDescription());
            assertEquals(batchesApplied, applied(title) / EVENTS);
        } finally {
            if (call.get() != null && !closed.isDone()) {
                call.get().onError(Status.CANCELLED.asRuntimeException());
            }
            channel.shutdownNow();
        }
    }

    /** One batch on a stream of its own; the status the stream ends with, or OK after its acknowledgement. */
    static Status deliverOne(DeliveryBatch batch) throws Exception {
        ManagedChannel channel = toService().build();
        try {
            Metadata headers = puchengsPeerToken();
            CompletableFuture<Status> ended = new CompletableFuture<>();
            var requests = ReplicationServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .deliver(new io.grpc.stub.StreamObserver<DeliveryAck>() {
                        @Override
                        public void onNext(DeliveryAck ack) {
                            ended.complete(Status.OK);
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(Status.OK);
                        }
                    });
            requests.onNext(batch);
            Status status = ended.get(30, TimeUnit.SECONDS);
            requests.onCompleted();
            return status;
        } finally {
            channel.shutdownNow();
        }
    }

    /** A batch without events, or whose id is no UUID (echoed back in the acknowledgement), is refused. */
    @Test
    void anEmptyBatchOrABatchIdThatIsNoUuidIsRefused() throws Exception {
        String id = UUID.randomUUID().toString();
        ReplicationEvent event = ProbeEvents.probe(PUCHENG, JIANGSHAN, id, 1, "批次");
        for (DeliveryBatch bad : List.of(
                DeliveryBatch.newBuilder()
                        .setBatchId(UUID.randomUUID().toString())
                        .build(),
                DeliveryBatch.newBuilder()
                        .setBatchId("x".repeat(100_000))
                        .addEvents(event)
                        .build(),
                DeliveryBatch.newBuilder().addEvents(event).build())) {
            Status status = deliverOne(bad);
            assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), String.valueOf(status));
        }
        assertEquals(0, applied("批次"));
        assertEquals(
                Status.Code.OK,
                deliverOne(DeliveryBatch.newBuilder()
                                .setBatchId(UUID.randomUUID().toString())
                                .addEvents(event)
                                .build())
                        .getCode());
        assertEquals(1, applied("批次"));
    }

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    };

    /** {@code message} as the only request of {@code method}, whatever its bytes; the status the call ends with. */
    static Status send(MethodDescriptor<?, ?> method, byte[] message) throws Exception {
        ManagedChannel channel = toService().build();
        try {
            MethodDescriptor<byte[], byte[]> raw =
                    method.toBuilder(BYTES, BYTES).build();
            io.grpc.ClientCall<byte[], byte[]> call = channel.newCall(raw, io.grpc.CallOptions.DEFAULT);
            CompletableFuture<Status> ended = new CompletableFuture<>();
            Metadata headers = puchengsPeerToken();
            call.start(
                    new io.grpc.ClientCall.Listener<>() {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            ended.complete(status);
                        }
                    },
                    headers);
            call.request(10);
            call.sendMessage(message);
            call.halfClose();
            return ended.get(30, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * A message that is no valid protobuf (a string that is not UTF-8, as a client in another
     * language may send; bytes cut short) is INVALID_ARGUMENT, promptly, on a stream as on a
     * single request: not INTERNAL, and not a stream left waiting.
     */
    @Test
    void anUndecodableMessageIsInvalidArgument() throws Exception {
        byte[] notUtf8 = {0x0A, 0x01, (byte) 0xFF}; // field 1 of these methods' requests is a string
        byte[] cutShort = {0x0A, 0x05, 'a'};
        Map<MethodDescriptor<?, ?>, List<byte[]>> refused = new LinkedHashMap<>();
        refused.put(ReplicationServiceGrpc.getDeliverMethod(), List.of(notUtf8, cutShort));
        refused.put(
                org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc.getFetchMethod(),
                List.of(notUtf8, cutShort));
        refused.put(
                org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc.getCheckMethod(),
                List.of(notUtf8, cutShort));
        refused.put(
                org.borderpolice.federation.proto.audit.v1.AuditAnchorServiceGrpc.getProveMethod(), List.of(cutShort));
        refused.put(
                org.borderpolice.federation.proto.audit.v1.AuditAnchorServiceGrpc.getExchangeMethod(),
                List.of(cutShort));
        for (var method : refused.entrySet()) {
            for (byte[] message : method.getValue()) {
                Status status = send(method.getKey(), message);
                assertEquals(
                        Status.Code.INVALID_ARGUMENT,
                        status.getCode(),
                        method.getKey().getFullMethodName() + ": " + status);
            }
        }
    }

    /**
     * A message flagged compressed in a call that names no {@code grpc-encoding} (which grpc-java
     * never sends, a hand-made client may) ends the call, as any message that is no valid protobuf:
     * it was left waiting with an exception in the server's log ("Handle me"), one per message.
     */
    @Test
    void aMessageFlaggedCompressedWithoutAnEncodingEndsTheCall() throws Exception {
        String peer = puchengsPeerToken().get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
        byte[] payload = new java.io.ByteArrayOutputStream() {
            {
                try (var gzip = new java.util.zip.GZIPOutputStream(this)) {
                    gzip.write(new byte[64]);
                }
            }
        }.toByteArray();
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            for (MethodDescriptor<?, ?> method : List.of(
                    ReplicationServiceGrpc.getDeliverMethod(),
                    org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc.getCheckMethod())) {
                String status = client.request(
                                io.vertx.core.http.HttpMethod.POST,
                                JurisdictionTestResource.port(),
                                "localhost",
                                "/" + method.getFullMethodName())
                        .compose(request -> request.putHeader("content-type", "application/grpc")
                                .putHeader("te", "trailers")
                                .putHeader("authorization", peer)
                                .send(io.vertx.core.buffer.Buffer.buffer()
                                        .appendByte((byte) 1)
                                        .appendInt(payload.length)
                                        .appendBytes(payload)))
                        .compose(response -> response.body().map(body -> {
                            String trailer = response.getTrailer("grpc-status");
                            return trailer != null ? trailer : response.getHeader("grpc-status");
                        }))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                assertEquals(String.valueOf(Status.Code.INVALID_ARGUMENT.value()), status, method.getFullMethodName());
            }
        } finally {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
