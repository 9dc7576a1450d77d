package org.borderpolice.federation.grpc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.jboss.logging.Logger;

import io.github.bucket4j.Bucket;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What each partner may take of this service over gRPC (border.federation.grpc.inbound): calls
 * open at once; requests per period (a token bucket, Bucket4j: opening a call takes one, each
 * event of a batch one); batches applied at once (each holds a database connection). Keyed by
 * the authenticated jurisdiction, so one partner over its limits holds up no other. Over a limit:
 * RESOURCE_EXHAUSTED, saying which.
 */
@ApplicationScoped
public class PeerLimits {

    private static final Logger LOG = Logger.getLogger(PeerLimits.class);

    /** A partner hammering its limits is logged at most this often (the metric counts every refusal). */
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final FederationConfig.Inbound settings;
    private final MeterRegistry meters;
    private final Map<String, Allowance> peers = new ConcurrentHashMap<>();
    /** Completes the waits of batches for their partner's allowance (Bucket4j's scheduling bucket). */
    private final ScheduledExecutorService waits = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("border-peer-limits").daemon().factory());

    @Inject
    public PeerLimits(FederationConfig config, MeterRegistry meters) {
        this.settings = config.grpc().inbound();
        this.meters = meters;
        if (settings.maxConcurrentCalls() < 1
                || settings.maxConcurrentBatches() < 1
                || settings.maxBatchEvents() < 1
                || settings.maxUnacknowledgedBatches() < 1
                || settings.requests() < 1
                || settings.period().isNegative()
                || settings.period().isZero()
                || settings.maxWait().isNegative()) {
            throw new IllegalArgumentException("border.federation.grpc.inbound: max-concurrent-calls, "
                    + "max-concurrent-batches, max-batch-events, max-unacknowledged-batches and requests must be at "
                    + "least 1, period positive, max-wait not negative");
        }
        if (settings.requests() < settings.maxBatchEvents()) {
            throw new IllegalArgumentException("border.federation.grpc.inbound.requests (" + settings.requests()
                    + ") must be at least max-batch-events (" + settings.maxBatchEvents() + "): each event of a batch "
                    + "is a request, and a batch larger than the allowance could never pass");
        }
    }

    FederationConfig.Inbound settings() {
        return settings;
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
            throw Status.RESOURCE_EXHAUSTED
                    .withDescription("jurisdiction " + peer + " already has "
                            + settings.maxConcurrentCalls() + " calls open here, the most allowed at once; "
                            + "open another when one has ended")
                    .asRuntimeException();
        }
        if (!allowance.bucket.tryConsume(1)) {
            allowance.calls.decrementAndGet();
            throw overRate(peer, allowance, 1);
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
     * Requests of this partner on a call already open (the events of a batch on a Deliver
     * stream). Completes once they are taken, at once or after waiting up to max-wait for the
     * allowance to refill; fails with RESOURCE_EXHAUSTED if that would take longer (then nothing
     * is taken).
     */
    public CompletableFuture<Void> requests(String peer, long count) {
        Allowance allowance = allowance(peer);
        return allowance
                .bucket
                .asScheduler()
                .tryConsume(count, settings.maxWait(), waits)
                .thenApply(taken -> {
                    if (!taken) {
                        throw overRate(peer, allowance, count);
                    }
                    return null;
                });
    }

    /**
     * Run this piece of a partner's work (applying a batch: a database transaction) on the
     * executor once fewer than max-concurrent-batches of the partner's are running; until then
     * it waits, in order. The returned future completes with the work's result when it has ended.
     */
    public <T> CompletableFuture<T> work(String peer, Supplier<T> task, Executor executor) {
        Allowance allowance = allowance(peer);
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable run = () -> {
            try {
                executor.execute(() -> {
                    try {
                        result.complete(task.get());
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    } finally {
                        allowance.workEnded();
                    }
                });
            } catch (RuntimeException rejected) {
                allowance.workEnded();
                result.completeExceptionally(rejected);
            }
        };
        allowance.startOrQueue(run, settings.maxConcurrentBatches());
        return result;
    }

    private StatusRuntimeException overRate(String peer, Allowance allowance, long count) {
        long waitNanos = allowance.bucket.estimateAbilityToConsume(count).getNanosToWaitForRefill();
        long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
        refused(peer, allowance, "requests");
        return Status.RESOURCE_EXHAUSTED
                .withDescription("jurisdiction " + peer + " made more than its "
                        + settings.requests() + " requests per " + describe(settings.period())
                        + " here (a call is one, each "
                        + "event of a batch one); " + count + " more are allowed in " + waitMillis + " ms")
                .asRuntimeException();
    }

    private void refused(String peer, Allowance allowance, String limit) {
        meters.counter("border.federation.inbound.refused", "peer", peer, "limit", limit)
                .increment();
        long now = System.nanoTime();
        long last = allowance.lastWarned.get();
        if (now - last > WARN_EVERY_NANOS && allowance.lastWarned.compareAndSet(last, now)) {
            LOG.warnf(
                    "refusing %s of partner %s over its limit (%d calls at once, %d requests per %s); "
                            + "border_federation_inbound_refused_total counts them",
                    limit, peer, settings.maxConcurrentCalls(), settings.requests(), settings.period());
        }
    }

    /** Count a refusal of this partner for another of its limits (a stream running ahead of its acknowledgements). */
    void refused(String peer, String limit) {
        refused(peer, allowance(peer), limit);
    }

    private Allowance allowance(String peer) {
        // peers are authenticated jurisdictions of the trust list: a handful of entries
        return peers.computeIfAbsent(
                peer,
                p -> new Allowance(Bucket.builder()
                        .addLimit(limit -> limit.capacity(settings.requests())
                                .refillGreedy(settings.requests(), settings.period()))
                        .build()));
    }

    private static String describe(Duration period) {
        return period.toString().substring(2).toLowerCase();
    }

    @PreDestroy
    void close() {
        waits.shutdownNow();
    }

    private static final class Allowance {
        final AtomicInteger calls = new AtomicInteger();
        final Bucket bucket;
        final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS - 1);
        /** Work running now, and what waits for a place. */
        private int working;

        private final Deque<Runnable> waiting = new ArrayDeque<>();

        Allowance(Bucket bucket) {
            this.bucket = bucket;
        }

        void startOrQueue(Runnable run, int maxWorking) {
            synchronized (this) {
                if (working >= maxWorking) {
                    waiting.add(run);
                    return;
                }
                working++;
            }
            run.run();
        }

        void workEnded() {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    working--;
                    return;
                }
            }
            // the place passes on to the next in line
            next.run();
        }
    }
}
