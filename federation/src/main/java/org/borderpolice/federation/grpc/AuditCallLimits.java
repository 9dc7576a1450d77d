package org.borderpolice.federation.grpc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.github.bucket4j.Bucket;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Per-partner limits on the audit calls that read or write our database (Prove, HeldHeads,
 * HoldCheckpoint): {@link #CONCURRENT} at a time per partner, and at most {@link #CALLS} per {@link #PER} (a token
 * bucket, Bucket4j); RESOURCE_EXHAUSTED beyond. Each such call takes a connection of the background
 * pool, which the linker, the outbox vacuum and the refused-access writer need; without this, two
 * partners calling in a loop held all of it (final review #4). Exchange has its own limit (one
 * looked at per half anchor interval, PartnerHeads). In memory: the limits are per replica.
 *
 * <p>What an honest partner needs: a Prove or two per anchor interval, and a HeldHeads and a
 * HoldCheckpoint per page of its verification, sometimes at the same time as a Prove (hence two at
 * a time); a minute's allowance covers a run of 300 pages at once. The allowance bounds how often a
 * partner makes us read; the two at a time bound the connections it holds.
 */
@ApplicationScoped
public class AuditCallLimits {

    static final int CONCURRENT = 2;
    static final int CALLS = 600;
    static final Duration PER = Duration.ofMinutes(1);

    private final int concurrent;
    private final int calls;
    private final Duration per;
    private final Map<String, Allowance> partners = new ConcurrentHashMap<>();

    private record Allowance(Semaphore running, Bucket bucket) {}

    @Inject
    public AuditCallLimits() {
        this(CONCURRENT, CALLS, PER);
    }

    AuditCallLimits(int concurrent, int calls, Duration per) {
        this.concurrent = concurrent;
        this.calls = calls;
        this.per = per;
    }

    /** A taken call of a partner; release it once, when the call is over. */
    public static final class Permit {
        private final Semaphore running;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore running) {
            this.running = running;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                running.release();
            }
        }
    }

    /**
     * Take a call of this partner.
     *
     * @throws StatusRuntimeException RESOURCE_EXHAUSTED while another of its calls runs, or over its rate
     */
    public Permit take(String partner) {
        // partners are authenticated jurisdictions of the trust list: a handful of entries
        Allowance allowance = partners.computeIfAbsent(
                partner,
                p -> new Allowance(
                        new Semaphore(concurrent),
                        Bucket.builder()
                                .addLimit(limit -> limit.capacity(calls).refillGreedy(calls, per))
                                .build()));
        if (!allowance.running().tryAcquire()) {
            throw Status.RESOURCE_EXHAUSTED
                    .withDescription("jurisdiction " + partner + " already has " + concurrent + " audit calls running")
                    .asRuntimeException();
        }
        if (!allowance.bucket().tryConsume(1)) {
            allowance.running().release();
            throw Status.RESOURCE_EXHAUSTED
                    .withDescription("jurisdiction " + partner + " made more than " + calls + " audit calls per "
                            + per.toString().substring(2).toLowerCase())
                    .asRuntimeException();
        }
        return new Permit(allowance.running());
    }
}
