package org.borderpolice.federation.outbox;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.identity.PeerTokens;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.borderpolice.federation.trust.TrustList;

import com.google.common.util.concurrent.MoreExecutors;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractFutureStub;

/**
 * gRPC channels to the partners' services, one per partner, built from the trust list. Every
 * call carries our peer token in the "authorization" metadata.
 */
@ApplicationScoped
public class PartnerChannels {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final TrustList trustList;
    private final FederationConfig config;
    private final PeerTokens peerTokens;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    @Inject
    public PartnerChannels(TrustList trustList, FederationConfig config, PeerTokens peerTokens) {
        this.trustList = trustList;
        this.config = config;
        this.peerTokens = peerTokens;
    }

    public ManagedChannel channel(String partner) {
        return channels.computeIfAbsent(partner, this::open);
    }

    /**
     * Call credentials that present our peer token to this partner. A cached token is attached on
     * the calling thread; only fetching a new one (which may block) goes to gRPC's executor.
     */
    public CallCredentials credentials(String partner) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Optional<String> current = peerTokens.currentTokenFor(partner);
                if (current.isPresent()) {
                    applier.apply(bearer(current.get()));
                    return;
                }
                executor.execute(() -> {
                    try {
                        applier.apply(bearer(peerTokens.tokenFor(partner)));
                    } catch (RuntimeException e) {
                        applier.fail(Status.UNAUTHENTICATED
                                .withDescription("no peer token: " + e.getMessage())
                                .withCause(e));
                    }
                });
            }
        };
    }

    /**
     * Our peer token for this partner held, fetched now (blocking) if it is not: a caller that
     * times a call from its start (a file fetch's stall window) does not count the fetching.
     */
    public void prepareToken(String partner) {
        peerTokens.tokenFor(partner);
    }

    private static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return headers;
    }

    /**
     * A future stub for request-response calls to a partner: our peer token, a deadline, and the
     * response handed over on the transport's thread. That thread only completes the future the
     * caller waits on, so no further hop through gRPC's executor; a future stub (not an observer)
     * keeps caller code off that thread.
     */
    public <S extends AbstractFutureStub<S>> S futureStub(
            String partner, Function<Channel, S> newStub, Duration deadline) {
        return newStub.apply(channel(partner))
                .withCallCredentials(credentials(partner))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .withExecutor(MoreExecutors.directExecutor());
    }

    /**
     * A Deliver stream to this partner that presents the peer token it opened with, and is
     * renewed before the partner would close it (see {@link DeliveryStream}).
     */
    DeliveryStream deliveryStream(String partner) {
        // a new stream follows a failure (or an idle release): the relay's own backoff has spaced
        // the attempts, so the channel's reconnect backoff (up to 2 min) must not delay a partner back up
        ManagedChannel open = channels.get(partner);
        if (open != null) {
            open.resetConnectBackoff();
        }
        return new DeliveryStream(
                () -> peerTokens.token(partner),
                token -> ReplicationServiceGrpc.newStub(channel(partner)).withCallCredentials(bearerOnly(token)),
                config.peerStream().renewAfter(),
                config.relay().ackTimeout());
    }

    /** Credentials that present exactly this token (a stream keeps the token it was authorised with). */
    private static CallCredentials bearerOnly(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                applier.apply(bearer(token));
            }
        };
    }

    private ManagedChannel open(String partner) {
        String endpoint = trustList
                .endpointOf(partner)
                .orElseThrow(() ->
                        new IllegalStateException("no " + trustList.service() + " endpoint for partner " + partner));
        FederationConfig.Partner p = trustList.partner(partner).orElseThrow();
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(endpoint)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .maxInboundMessageSize(config.grpc().maxMessageSize())
                // several file chunks in flight instead of one (auto-tuning may still grow it)
                .initialFlowControlWindow(config.grpc().flowControlWindow());
        if (trustList.partnerTlsEnabled(partner)) {
            try {
                var ssl = GrpcSslContexts.forClient();
                p.tls().trustCertificate().ifPresent(path -> ssl.trustManager(new File(path)));
                if (config.clientTls().certificate().isPresent()
                        && config.clientTls().key().isPresent()) {
                    ssl.keyManager(
                            new File(config.clientTls().certificate().get()),
                            new File(config.clientTls().key().get()));
                }
                builder.sslContext(ssl.build()).useTransportSecurity();
            } catch (Exception e) {
                throw new IllegalStateException("TLS setup for partner " + partner + " failed", e);
            }
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }

    @PreDestroy
    void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
