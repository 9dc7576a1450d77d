package org.borderpolice.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.borderpolice.federation.testing.TestFederation;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A hostile partner's replication endpoint: it keeps the bearer token of every Deliver call it
 * receives (to replay it elsewhere) and accepts nothing.
 */
final class TokenRecorder implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final int port = TestFederation.freePort();
    private final Server server;

    TokenRecorder() {
        ServerInterceptor recording = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String authorization = headers.get(AUTHORIZATION);
                if (authorization != null && authorization.startsWith("Bearer ")) {
                    tokens.add(authorization.substring("Bearer ".length()));
                }
                return next.startCall(call, headers);
            }
        };
        var refusing = new ReplicationServiceGrpc.ReplicationServiceImplBase() {
            @Override
            public StreamObserver<DeliveryBatch> deliver(StreamObserver<DeliveryAck> responses) {
                responses.onError(
                        Status.UNAVAILABLE.withDescription("recording only").asRuntimeException());
                return new StreamObserver<>() {
                    @Override
                    public void onNext(DeliveryBatch value) {}

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                };
            }
        };
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("localhost", port))
                    .addService(ServerInterceptors.intercept(refusing, recording))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** host:port, for the trust list of the jurisdiction whose relay is to be recorded. */
    String endpoint() {
        return "localhost:" + port;
    }

    List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** The claims of a JWT, as JSON text (not verified). */
    static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
