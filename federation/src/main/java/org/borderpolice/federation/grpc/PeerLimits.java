package org.borderpolice.federation.grpc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.jboss.logging.Logger;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * What each partner may take of this service over gRPC (border.federation.grpc.inbound): calls
 * open at once, and requests per period (a token bucket, Bucket4j: opening a call takes one,
 * each batch on a Deliver stream one). Keyed by the authenticated jurisdiction, so one partner
 * over its limits holds up no other. Over a limit: RESOURCE_EXHAUSTED, saying which.
 */
@ApplicationScoped
public class PeerLimits {

    private static final Logger LOG = Logger.getLogger(PeerLimits.class);

    private final FederationConfig.Inbound settings;
    private final Map<String, Allowance> peers = new ConcurrentHashMap<>();

    @Inject
    public PeerLimits(FederationConfig config) {
        this.settings = config.grpc().inbound();
        if (settings.maxConcurrentCalls() < 1 || settings.requests() < 1 || settings.period().isNegative()
                || settings.period().isZero()) {
            throw new IllegalArgumentException("border.federation.grpc.inbound: max-concurrent-calls and requests must "
                    + "be at least 1, period positive");
        }
    }

    /**
     * A call of this partner begins: counted among its open calls and against its rate.
     *
     * @return what ends the call's count (idempotent)
     * @throws StatusRuntimeException RESOURCE_EXHAUSTED, over either limit (then nothing is counted)
     */
    Runnable open(String peer) {
        Allowance allowance = allowance(peer);
        if (allowance.calls.incrementAndGet() > settings.maxConcurrentCalls()) {
            allowance.calls.decrementAndGet();
            LOG.warnf("refused a call of %s: %d calls open at once", peer, settings.maxConcurrentCalls());
            throw Status.RESOURCE_EXHAUSTED.withDescription("jurisdiction " + peer + " already has "
                    + settings.maxConcurrentCalls() + " calls open here, the most allowed at once; "
                    + "open another when one has ended").asRuntimeException();
        }
        try {
            take(peer, allowance);
        } catch (RuntimeException e) {
            allowance.calls.decrementAndGet();
            throw e;
        }
        AtomicInteger calls = allowance.calls;
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                calls.decrementAndGet();
            }
        };
    }

    /**
     * One more request of this partner on a call already open (a batch on a Deliver stream).
     *
     * @throws StatusRuntimeException RESOURCE_EXHAUSTED, over its rate
     */
    public void request(String peer) {
        take(peer, allowance(peer));
    }

    private void take(String peer, Allowance allowance) {
        ConsumptionProbe probe = allowance.bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill()));
            LOG.warnf("refused a request of %s: over %d requests per %s", peer, settings.requests(), settings.period());
            throw Status.RESOURCE_EXHAUSTED.withDescription("jurisdiction " + peer + " made more than its "
                    + settings.requests() + " requests per " + describe(settings.period()) + " here; the next is "
                    + "allowed in " + waitMillis + " ms").asRuntimeException();
        }
    }

    private Allowance allowance(String peer) {
        // peers are authenticated jurisdictions of the trust list: a handful of entries
        return peers.computeIfAbsent(peer, p -> new Allowance(new AtomicInteger(), Bucket.builder()
                .addLimit(limit -> limit.capacity(settings.requests()).refillGreedy(settings.requests(), settings.period()))
                .build()));
    }

    private static String describe(Duration period) {
        return period.toString().substring(2).toLowerCase();
    }

    private record Allowance(AtomicInteger calls, Bucket bucket) {
    }
}
