package org.borderpolice.federation.testing;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

/** Speaks the replication contract to a running service, as a partner (or a forger) would. */
public final class ReplicationClient implements AutoCloseable {

    private final ManagedChannel channel;
    /** The messages' grpc-encoding (null: uncompressed). */
    private String compression;

    public ReplicationClient(int port) {
        this(NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build());
    }

    private ReplicationClient(ManagedChannel channel) {
        this.channel = channel;
    }

    /**
     * Over TLS to localhost: trusting this CA file, presenting this client certificate (null:
     * none), as a partner's relay does.
     */
    public static ReplicationClient overTls(
            int port, java.nio.file.Path trustCertificate, TestCertificates.Issued clientCertificate) {
        try {
            var ssl = io.grpc.netty.GrpcSslContexts.forClient().trustManager(trustCertificate.toFile());
            if (clientCertificate != null) {
                // presented exactly as issued (or padded) by the test
                ssl.keyManager(clientCertificate.keyManager());
            }
            return new ReplicationClient(NettyChannelBuilder.forAddress("localhost", port)
                    .sslContext(ssl.build())
                    .useTransportSecurity()
                    .build());
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Send the batches gzip-compressed (as a partner may try: receivers take none). */
    public ReplicationClient gzip() {
        compression = "gzip";
        return this;
    }

    /** Send one batch with this bearer token (null: none) and wait for its acknowledgement. */
    public DeliveryAck deliver(String token, ReplicationEvent... events) {
        DeliveryBatch batch = DeliveryBatch.newBuilder()
                .setBatchId(UUID.randomUUID().toString())
                .addAllEvents(java.util.List.of(events))
                .build();
        var stub = ReplicationServiceGrpc.newStub(channel);
        if (compression != null) {
            stub = stub.withCompression(compression);
        }
        if (token != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        CompletableFuture<DeliveryAck> ack = new CompletableFuture<>();
        StreamObserver<DeliveryBatch> requests = stub.deliver(new StreamObserver<>() {
            @Override
            public void onNext(DeliveryAck value) {
                ack.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                ack.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                ack.completeExceptionally(new IllegalStateException("stream ended without acknowledgement"));
            }
        });
        requests.onNext(batch);
        try {
            DeliveryAck result = ack.get(30, TimeUnit.SECONDS);
            requests.onCompleted();
            return result;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException status) {
                throw status;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
