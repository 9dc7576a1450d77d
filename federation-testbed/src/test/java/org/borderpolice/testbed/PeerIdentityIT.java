package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.restassured.builder.RequestSpecBuilder;

/**
 * Who may act as a partner's relay, and for how long: Jiangshan (330881) receives, Pucheng
 * (350722) delivers to it with short-lived peer tokens; the test plays partners presenting tokens
 * that a relay would never send: for two receivers, from another client of the right issuer, or
 * kept past their expiry on an open stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerIdentityIT {

    /** Jiangshan closes every Deliver stream this long after it opened. */
    static final Duration MAX_STREAM_AGE = Duration.ofSeconds(8);
    /**
     * How long after its token's expiry Jiangshan still takes a stream's batches (the clocks of two
     * jurisdictions differ by up to this much).
     */
    static final Duration EXPIRY_GRACE = Duration.ofSeconds(4);
    /** Pucheng's peer tokens live this long: shorter than a stream may. */
    static final Duration PEER_TOKEN_LIFETIME = Duration.ofSeconds(6);

    TestFederation federation;
    JurisdictionProcess jiangshan;
    JurisdictionProcess pucheng;
    PostgresServer.Database jiangshanDb;
    PostgresServer.Database puchengDb;

    @BeforeAll
    void start() {
        federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG, GUANGFENG);
        var app = JurisdictionProcess.packagedApplication();
        jiangshan = federation.process(
                JIANGSHAN,
                app,
                Map.of(
                        "border.federation.relay.enabled", "false",
                        "border.federation.peer-stream.max-age", MAX_STREAM_AGE.toSeconds() + "s",
                        "border.federation.peer-stream.expiry-grace", EXPIRY_GRACE.toSeconds() + "s"));
        pucheng = federation.process(
                PUCHENG,
                app,
                Map.of(
                        "border.federation.peer-token.lifetime", PEER_TOKEN_LIFETIME.toSeconds() + "s",
                        "border.federation.peer-stream.renew-after", "4s",
                        "border.federation.relay.initial-backoff", "200ms",
                        "border.federation.relay.max-backoff", "2s"));
        JurisdictionProcess.startAll(Probes.PATIENCE, jiangshan, pucheng);
        jiangshanDb = federation.database(JIANGSHAN);
        puchengDb = federation.database(PUCHENG);
    }

    @AfterAll
    void stop() {
        JurisdictionProcess.stopAll(pucheng, jiangshan);
    }

    static ReplicationEvent probe(String recordId) {
        return SecurityAndInboxIT.event(PUCHENG, recordId, 1, false, "身份");
    }

    long replicas(String recordId) {
        return jiangshanDb.count("SELECT count(*) FROM probe_replica WHERE origin = ? AND id = ?", PUCHENG, recordId);
    }

    Status refusal(String token, String recordId) {
        try (ReplicationClient grpc = new ReplicationClient(jiangshan.httpPort())) {
            return assertThrows(StatusRuntimeException.class, () -> grpc.deliver(token, probe(recordId)))
                    .getStatus();
        }
    }

    @Test
    void aPeerTokenForTwoReceiversIsRefused() {
        String id = UUID.randomUUID().toString();
        String both = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .audiences("border-" + JIANGSHAN, "border-" + GUANGFENG)
                .sign();
        Status status = refusal(both, id);
        assertEquals(Status.Code.UNAUTHENTICATED, status.getCode());
        assertEquals(0, replicas(id));
    }

    @Test
    void aPeerTokenOfAnotherClientOfTheRightIssuerIsRefused() {
        String id = UUID.randomUUID().toString();
        // Pucheng's identity provider, role peer, audience Jiangshan alone: but issued to Pucheng's portal
        String portal = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .client("border-portal")
                .sign();
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(portal, id).getCode());
        String noClient = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .client(null)
                .sign();
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(noClient, id).getCode());
        assertEquals(0, replicas(id));
    }

    @Test
    void theRelayClientMayBeNamedByClientIdInsteadOfAzp() {
        String token = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .client(null)
                .claim("client_id", "border-relay")
                .sign();
        try (ReplicationClient grpc = new ReplicationClient(jiangshan.httpPort())) {
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(token, probe(UUID.randomUUID().toString()))
                            .getResults(0)
                            .getOutcome());
        }
    }

    /**
     * A peer token Jiangshan verified is remembered (VerifiedTokens) until its expiry, never past
     * it: once expired beyond the clocks' grace it is refused as any expired token is. A token
     * differing from the remembered one in its signature or its claims is verified in full.
     */
    @Test
    void aRememberedPeerTokenEndsWithItsExpiryAndOnlyTheVeryTokenIsRemembered() {
        String token = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .expiresIn(Duration.ofSeconds(3))
                .sign();
        Instant expiry = expiry(token);
        try (ReplicationClient grpc = new ReplicationClient(jiangshan.httpPort())) {
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(token, probe(UUID.randomUUID().toString()))
                            .getResults(0)
                            .getOutcome());
            Probes.assertTokensRemembered(
                    jiangshan,
                    1,
                    () -> assertEquals(
                            Outcome.APPLIED,
                            grpc.deliver(token, probe(UUID.randomUUID().toString()))
                                    .getResults(0)
                                    .getOutcome()),
                    "the second call found the token verified");
        }
        String[] parts = token.split("\\.");
        String foreign = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .expiresIn(Duration.ofSeconds(3))
                .signWithForeignKey();
        String otherSubject = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .subject("service:other@" + PUCHENG)
                .expiresIn(Duration.ofSeconds(3))
                .sign();
        String id = UUID.randomUUID().toString();
        // the remembered token's claims under another key's signature; other claims under its signature
        assertEquals(
                Status.Code.UNAUTHENTICATED,
                refusal(parts[0] + "." + parts[1] + "." + foreign.split("\\.")[2], id)
                        .getCode());
        assertEquals(
                Status.Code.UNAUTHENTICATED,
                refusal(parts[0] + "." + otherSubject.split("\\.")[1] + "." + parts[2], id)
                        .getCode());
        Await.until(
                Duration.ofSeconds(30),
                () -> Instant.now().isAfter(expiry.plus(EXPIRY_GRACE).plusSeconds(1)),
                () -> "token expired and the grace over");
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(token, id).getCode());
        assertEquals(0, replicas(id));
    }

    /** Our own relay's token is no partner's, remembered or not: refused on every call. */
    @Test
    void ourOwnRelaysTokenIsRefusedOnEveryCall() {
        String own = federation.issuer(JIANGSHAN).token(JIANGSHAN).roles("peer").sign();
        String id = UUID.randomUUID().toString();
        assertEquals(Status.Code.PERMISSION_DENIED, refusal(own, id).getCode());
        Probes.assertTokensRemembered(
                jiangshan,
                1,
                () -> assertEquals(
                        Status.Code.PERMISSION_DENIED, refusal(own, id).getCode()),
                "the second call found the token verified");
        assertEquals(0, replicas(id));
    }

    @Test
    void aStreamOutlivingItsTokenIsClosed() throws Exception {
        String token = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .expiresIn(Duration.ofSeconds(4))
                .sign();
        Instant expiry = expiry(token);
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        try (OpenStream stream = new OpenStream(jiangshan.httpPort(), token)) {
            assertEquals(
                    Outcome.APPLIED,
                    stream.send(probe(before))
                            .get(30, TimeUnit.SECONDS)
                            .getResults(0)
                            .getOutcome());
            Await.until(
                    Duration.ofSeconds(30),
                    () -> Instant.now().isAfter(expiry.plus(EXPIRY_GRACE).plusMillis(200)),
                    () -> "token expired, and the grace for clocks past");
            CompletableFuture<DeliveryAck> late = stream.send(probe(after));
            Status closed = stream.closed().get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.UNAUTHENTICATED, closed.getCode());
            assertTrue(closed.getDescription().contains("expired"), closed.getDescription());
            assertThrows(ExecutionException.class, () -> late.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, replicas(before));
        assertEquals(0, replicas(after));
    }

    @Test
    void aStreamWhoseTokenJustExpiredIsGivenTheGraceForClocksThatDiffer() throws Exception {
        // Pucheng's clock runs behind ours: by ours, its relay's token expires before it renews it
        String token = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .expiresIn(Duration.ofSeconds(3))
                .sign();
        Instant expiry = expiry(token);
        String within = UUID.randomUUID().toString();
        try (OpenStream stream = new OpenStream(jiangshan.httpPort(), token)) {
            Await.until(
                    Duration.ofSeconds(30), () -> Instant.now().isAfter(expiry.plusSeconds(1)), () -> "token expired");
            assertEquals(
                    Outcome.APPLIED,
                    stream.send(probe(within))
                            .get(30, TimeUnit.SECONDS)
                            .getResults(0)
                            .getOutcome());
            // once the grace is over too, the stream is closed
            Status closed = stream.closed().get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.UNAUTHENTICATED, closed.getCode());
            assertTrue(closed.getDescription().contains("expired"), closed.getDescription());
            assertTrue(Instant.now().isAfter(expiry.plus(EXPIRY_GRACE)), "closed after the grace");
        }
        assertEquals(1, replicas(within));
        // a call opened with a token that expired by our clock a moment ago is taken too, one past the grace is not
        String justExpired = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .expiredSince(Duration.ofSeconds(1))
                .sign();
        try (ReplicationClient grpc = new ReplicationClient(jiangshan.httpPort())) {
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(justExpired, probe(UUID.randomUUID().toString()))
                            .getResults(0)
                            .getOutcome());
        }
        String longExpired = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .expiredSince(EXPIRY_GRACE.plusSeconds(30))
                .sign();
        assertEquals(
                Status.Code.UNAUTHENTICATED,
                refusal(longExpired, UUID.randomUUID().toString()).getCode());
    }

    @Test
    void aStreamIsClosedAtItsMaximumAgeWhateverItsToken() throws Exception {
        String token = federation
                .issuer(PUCHENG)
                .token(JIANGSHAN)
                .roles("peer")
                .expiresIn(Duration.ofMinutes(10))
                .sign();
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        Instant opened = Instant.now();
        try (OpenStream stream = new OpenStream(jiangshan.httpPort(), token)) {
            assertEquals(
                    Outcome.APPLIED,
                    stream.send(probe(before))
                            .get(30, TimeUnit.SECONDS)
                            .getResults(0)
                            .getOutcome());
            Await.until(
                    Duration.ofSeconds(60),
                    () -> Instant.now().isAfter(opened.plus(MAX_STREAM_AGE).plusMillis(200)),
                    () -> "stream at its maximum age");
            CompletableFuture<DeliveryAck> late = stream.send(probe(after));
            Status closed = stream.closed().get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.UNAUTHENTICATED, closed.getCode());
            assertTrue(closed.getDescription().contains("older than"), closed.getDescription());
            assertThrows(ExecutionException.class, () -> late.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, replicas(before));
        assertEquals(0, replicas(after));
        // the token itself is still good: a new stream with it is accepted
        try (ReplicationClient grpc = new ReplicationClient(jiangshan.httpPort())) {
            assertEquals(
                    Outcome.APPLIED,
                    grpc.deliver(token, probe(UUID.randomUUID().toString()))
                            .getResults(0)
                            .getOutcome());
        }
    }

    @Test
    void theRelayDeliversAcrossTokenExpiryAndStreamAge() {
        // Pucheng publishes over three of its token lifetimes and past Jiangshan's stream age
        var spec = new RequestSpecBuilder().setBaseUri(pucheng.baseUrl()).build();
        String integrator =
                federation.issuer(PUCHENG).token(PUCHENG).roles("integrator").sign();
        Instant until = Instant.now().plus(PEER_TOKEN_LIFETIME.multipliedBy(3));
        int published = 0;
        while (Instant.now().isBefore(until)) {
            Probes.publish(spec, integrator, 2, "续期", List.of(JIANGSHAN));
            published += 2;
            KeycloakPeerTokenIT.sleep(Duration.ofMillis(300));
        }
        Probes.awaitDelivered(PUCHENG, puchengDb, JIANGSHAN, jiangshanDb, "续期", published);
        assertEquals(
                0,
                puchengDb.count(
                        "SELECT count(*) FROM federation.partner_delivery WHERE partner = ? "
                                + "AND last_failure_at IS NOT NULL",
                        JIANGSHAN),
                "no delivery to Jiangshan ever failed");
    }

    /** The "exp" of a JWT. */
    static Instant expiry(String jwt) {
        String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher exp = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)").matcher(claims);
        assertTrue(exp.find(), claims);
        return Instant.ofEpochSecond(Long.parseLong(exp.group(1)));
    }

    /** A Deliver stream kept open, as a relay keeps it: batches one after another on one authorisation. */
    static final class OpenStream implements AutoCloseable {
        private final ManagedChannel channel;
        private final StreamObserver<DeliveryBatch> requests;
        private final Map<String, CompletableFuture<DeliveryAck>> pending =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final CompletableFuture<Status> closed = new CompletableFuture<>();

        OpenStream(int port, String token) {
            channel = NettyChannelBuilder.forAddress("localhost", port)
                    .usePlaintext()
                    .build();
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            requests = ReplicationServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .deliver(new StreamObserver<>() {
                        @Override
                        public void onNext(DeliveryAck ack) {
                            CompletableFuture<DeliveryAck> f = pending.remove(ack.getBatchId());
                            if (f != null) {
                                f.complete(ack);
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            closed.complete(Status.fromThrowable(t));
                            pending.values().forEach(f -> f.completeExceptionally(t));
                        }

                        @Override
                        public void onCompleted() {
                            closed.complete(Status.OK);
                            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("ended")));
                        }
                    });
        }

        CompletableFuture<DeliveryAck> send(ReplicationEvent... events) {
            DeliveryBatch batch = DeliveryBatch.newBuilder()
                    .setBatchId(UUID.randomUUID().toString())
                    .addAllEvents(List.of(events))
                    .build();
            CompletableFuture<DeliveryAck> ack = new CompletableFuture<>();
            pending.put(batch.getBatchId(), ack);
            if (closed.isDone()) {
                ack.completeExceptionally(new IllegalStateException("stream already closed: " + closed.join()));
                return ack;
            }
            try {
                requests.onNext(batch);
            } catch (RuntimeException e) {
                ack.completeExceptionally(e);
            }
            return ack;
        }

        /** The status the server closed the stream with. */
        CompletableFuture<Status> closed() {
            return closed;
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }
    }
}
