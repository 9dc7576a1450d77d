package org.borderpolice.federation.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.identity.PeerTokens;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.borderpolice.federation.testing.TestConfigs;
import org.borderpolice.federation.testing.TestIssuer;
import org.borderpolice.federation.trust.TrustList;
import org.junit.jupiter.api.Test;

import com.google.common.util.concurrent.MoreExecutors;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;

/** The peer token on partner calls: attached on the calling thread when cached, fetched off it otherwise. */
class PartnerChannelsTest {

    static final TestIssuer JIANGSHAN = new TestIssuer("330881");

    @Test
    void aCachedTokenIsAttachedWithoutGoingThroughTheExecutor() {
        CallCredentials credentials =
                channels(Map.of("border.federation.peer-token.lifetime", "5m")).credentials("350722");
        Applied first = apply(credentials);
        assertEquals(1, first.executorRuns, "the first token is signed off the calling thread");
        Applied second = apply(credentials);
        assertEquals(0, second.executorRuns, "a cached token needs no hop to the executor");
        assertNull(second.failure);
        assertEquals(first.authorization, second.authorization);
        String claims = claims(second.authorization);
        assertTrue(claims.contains("\"aud\":\"border-350722\""), claims);
        assertTrue(claims.contains("\"peer\""), claims);
        assertTrue(claims.contains("\"azp\":\"border-relay\""), claims);
    }

    @Test
    void aTokenAboutToExpireIsRenewedOffTheCallingThread() {
        // a token renewed a quarter of its lifetime before it expires: with none, every call signs anew
        CallCredentials credentials =
                channels(Map.of("border.federation.peer-token.lifetime", "0s")).credentials("350722");
        Applied first = apply(credentials);
        Applied second = apply(credentials);
        assertEquals(1, second.executorRuns);
        assertNotNull(second.authorization);
        assertNotEquals(first.authorization, second.authorization);
    }

    @Test
    void withoutATokenTheCallFailsUnauthenticated() {
        Applied applied = apply(channelsWith(Map.of("border.federation.peer-token.mode", "signing-key"))
                .credentials("350722"));
        assertNull(applied.authorization);
        assertEquals(Status.Code.UNAUTHENTICATED, applied.failure.getCode());
        assertTrue(applied.failure.getDescription().contains("signing-key"), applied.failure.getDescription());
    }

    @Test
    void aFutureStubCarriesTheTokenTheDeadlineAndNoExecutorHop() {
        PartnerChannels channels =
                channels(Map.of("border.federation.partners.350722.endpoints.intel-sharing", "localhost:1"));
        try {
            CallOptions options = channels.futureStub(
                            "350722", ReplicationServiceGrpc::newFutureStub, Duration.ofSeconds(2))
                    .getCallOptions();
            assertNotNull(options.getCredentials(), "the peer token");
            long left = options.getDeadline().timeRemaining(TimeUnit.MILLISECONDS);
            assertTrue(left > 0 && left <= 2_000, "deadline " + left + " ms");
            assertSame(MoreExecutors.directExecutor(), options.getExecutor());
        } finally {
            channels.close();
        }
    }

    /** Jiangshan's channels, signing its own peer tokens. */
    static PartnerChannels channels(Map<String, String> settings) {
        Map<String, String> p = new HashMap<>(settings);
        p.put("border.federation.peer-token.mode", "signing-key");
        p.put("border.federation.peer-token.signing-key", JIANGSHAN.privateKeyPem());
        return channelsWith(p);
    }

    static PartnerChannels channelsWith(Map<String, String> settings) {
        FederationConfig config = TestConfigs.jiangshan(settings);
        TrustList trustList = new TrustList(config);
        return new PartnerChannels(trustList, config, new PeerTokens(config, trustList, null));
    }

    /** What one call's credentials did. */
    static final class Applied {
        int executorRuns;
        String authorization;
        Status failure;
    }

    static Applied apply(CallCredentials credentials) {
        Applied applied = new Applied();
        AtomicInteger runs = new AtomicInteger();
        Executor counting = task -> {
            runs.incrementAndGet();
            task.run();
        };
        credentials.applyRequestMetadata(null, counting, new CallCredentials.MetadataApplier() {
            @Override
            public void apply(Metadata headers) {
                applied.authorization = headers.get(PartnerChannels.AUTHORIZATION);
            }

            @Override
            public void fail(Status status) {
                applied.failure = status;
            }
        });
        applied.executorRuns = runs.get();
        return applied;
    }

    static String claims(String authorization) {
        String jwt = authorization.substring("Bearer ".length());
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
