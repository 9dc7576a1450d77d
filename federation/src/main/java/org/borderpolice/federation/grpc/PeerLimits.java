package org.borderpolice.federation.grpc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.jboss.logging.Logger;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What each partner may take of this service over gRPC (border.federation.grpc.inbound): calls
 * open at once, and requests per period (a token bucket, Bucket4j: opening a call takes one,
 * each batch on a Deliver stream one). Keyed by the authenticated jurisdiction, so one partner
 * over its limits holds up no other. Over a limit: RESOURCE_EXHAUSTED, saying which.
 */
@ApplicationScoped
public class PeerLimits {

    private static final Logger LOG = Logger.getLogger(PeerLimits.class);

    /** A partner hammering its limits is logged at most this often (the metric counts every refusal). */
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final FederationConfig.Inbound settings;
    private final MeterRegistry meters;
    private final Map<String, Allowance> peers = new ConcurrentHashMap<>();

    @Inject
    public PeerLimits(FederationConfig config, MeterRegistry meters) {
        this.settings = config.grpc().inbound();
        this.meters = meters;
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
            refused(peer, allowance, "calls");
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
        AtomicBoolean ended = new AtomicBoolean();
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
            refused(peer, allowance, "requests");
            throw Status.RESOURCE_EXHAUSTED.withDescription("jurisdiction " + peer + " made more than its "
                    + settings.requests() + " requests per " + describe(settings.period()) + " here; the next is "
                    + "allowed in " + waitMillis + " ms").asRuntimeException();
        }
    }

    private void refused(String peer, Allowance allowance, String limit) {
        meters.counter("border.federation.inbound.refused", "peer", peer, "limit", limit).increment();
        long now = System.nanoTime();
        long last = allowance.lastWarned.get();
        if (now - last > WARN_EVERY_NANOS && allowance.lastWarned.compareAndSet(last, now)) {
            LOG.warnf("refusing %s of partner %s over its limit (%d calls at once, %d requests per %s); "
                    + "border_federation_inbound_refused_total counts them", limit, peer, settings.maxConcurrentCalls(),
                    settings.requests(), settings.period());
        }
    }

    private Allowance allowance(String peer) {
        // peers are authenticated jurisdictions of the trust list: a handful of entries
        return peers.computeIfAbsent(peer, p -> new Allowance(new AtomicInteger(), Bucket.builder()
                .addLimit(limit -> limit.capacity(settings.requests()).refillGreedy(settings.requests(), settings.period()))
                .build(), new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS - 1)));
    }

    private static String describe(Duration period) {
        return period.toString().substring(2).toLowerCase();
    }

    private record Allowance(AtomicInteger calls, Bucket bucket, AtomicLong lastWarned) {
    }
}
