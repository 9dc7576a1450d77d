package org.borderpolice.federation.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.identity.AccessRefusals;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Audits every refused access (REST 401/403, gRPC UNAUTHENTICATED/PERMISSION_DENIED): who, as far
 * as known (the authenticated caller; for a token that was not accepted, what it claims, marked
 * unverified), what (method and path, or gRPC method), why, and from where.
 *
 * <p>A refusal costs the caller nothing, so it must not cost us a permanent row each: per
 * interval ({@code border.federation.audit.refusal-summary-every}, 1 min) and per source network
 * (IPv4 /24, IPv6 /64), channel and reason, the first {@code refusal-detail-per-source} (10) are written one by one, and
 * the rest as one {@code access.refused.repeated} entry with their count when the interval ends.
 * At most {@link #MAX_SOURCES} sources and {@link #MAX_DETAILED} detailed entries per interval;
 * refusals beyond them are counted in one entry too. Refusals come on the event loop and commit
 * with no transaction of their own, so they are queued and written by one writer thread; the queue
 * is bounded by bytes ({@code refusal-queue-bytes}) and entries ({@code refusal-queue}). What does
 * not fit, and a batch that could not be written, is counted and written as one
 * {@code access.refused.dropped} entry. At shutdown everything queued and counted is written.
 */
@ApplicationScoped
public class RefusedAccess implements AccessRefusals {

    private static final Logger LOG = Logger.getLogger(RefusedAccess.class);
    public static final String ACTION = "access.refused";
    public static final String REPEATED = ACTION + ".repeated";
    public static final String DROPPED = ACTION + ".dropped";
    /** Jurisdiction column of a caller nobody vouched for. */
    public static final String UNKNOWN = "-";
    /** Sources (address, channel, reason) counted per interval; others share one count. */
    static final int MAX_SOURCES = 100;
    /** Entries written one by one per interval, over all sources. */
    static final int MAX_DETAILED = 200;
    /** Characters of a detailed entry: with the limits above, under 0.5 GB a day per replica (final review #8). */
    static final int MAX_DETAIL = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditLog auditLog;
    private final AgroalDataSource dataSource;
    private final LinkedBlockingQueue<AuditEntry> queue;
    private final long maxQueueBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final int detailPerSource;
    private final Duration summaryEvery;
    private final String self;

    /** The current interval: refusals per source, how many were written one by one, and the rest. */
    private volatile Interval interval = new Interval(Instant.now());

    private final ReentrantReadWriteLock intervalLock = new ReentrantReadWriteLock();

    private volatile Thread writer;
    private volatile boolean running;

    /** Who was refused: one source of refusals within an interval. */
    record Source(String address, String channel, String why) {}

    static final class Window {
        final AtomicLong count = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        volatile String example;
    }

    /** An entry to write, and how many refusals it stands for (counted as lost if it cannot be written). */
    record Pending(AuditEntry entry, long refusals) {}

    static final class Interval {
        final Instant from;
        final Map<Source, Window> sources = new ConcurrentHashMap<>();
        final AtomicLong detailed = new AtomicLong();
        final AtomicLong others = new AtomicLong();

        Interval(Instant from) {
            this.from = from;
        }
    }

    @Inject
    public RefusedAccess(
            AuditLog auditLog, @DataSource("background") AgroalDataSource dataSource, FederationConfig config) {
        this.auditLog = auditLog;
        this.dataSource = dataSource;
        FederationConfig.Audit audit = config.audit();
        this.queue = new LinkedBlockingQueue<>(Math.max(1, audit.refusalQueue()));
        this.maxQueueBytes = Math.max(1, audit.refusalQueueBytes());
        this.detailPerSource = Math.max(0, audit.refusalDetailPerSource());
        this.summaryEvery = audit.refusalSummaryEvery();
        this.self = config.jurisdiction().code();
    }

    /**
     * A refusal. {@code actor}/{@code jurisdiction}: the authenticated caller, or null when no token
     * was accepted (then the bearer token's unverified claims name the caller, if it has any).
     * {@code from}: the caller's address ("host:port").
     */
    @Override
    public void record(
            String channel,
            String what,
            String why,
            String actor,
            String jurisdiction,
            String authorization,
            String from) {
        why = String.valueOf(why);
        Source source = new Source(network(from), channel, clip(why, 200));
        // counted under the read lock: the writer swaps intervals under the write lock, so it never
        // reads an ended interval's counts while a refusal is still being counted into it
        Lock counting = intervalLock.readLock();
        counting.lock();
        try {
            Interval now = interval;
            Window window = now.sources.get(source);
            if (window == null) {
                if (now.sources.size() >= MAX_SOURCES) {
                    now.others.incrementAndGet();
                    return;
                }
                window = now.sources.computeIfAbsent(source, s -> new Window());
            }
            long n = window.count.incrementAndGet();
            if (n == 1) {
                window.example = clip(String.valueOf(what), 200);
            }
            if (n > detailPerSource || now.detailed.incrementAndGet() > MAX_DETAILED) {
                return; // counted: one entry for them when the interval ends
            }
            window.written.incrementAndGet();
        } finally {
            counting.unlock();
        }
        StringBuilder detail = new StringBuilder(what).append(": ").append(why);
        if (actor == null) {
            String claimed = claimedBy(authorization);
            detail.append(
                    claimed == null
                            ? "; no bearer token"
                            : "; claims of the presented token (not relied on) " + claimed);
        }
        if (from != null) {
            detail.append("; from ").append(from);
        }
        enqueue(new AuditEntry(
                clip(actor == null ? "anonymous" : actor, 200),
                jurisdiction == null ? UNKNOWN : clip(jurisdiction, 6),
                ACTION,
                channel,
                null,
                clip(detail.toString(), MAX_DETAIL)));
    }

    private void enqueue(AuditEntry entry) {
        long size = size(entry);
        if (queuedBytes.addAndGet(size) > maxQueueBytes || !queue.offer(entry)) {
            queuedBytes.addAndGet(-size);
            dropped.incrementAndGet();
        }
    }

    /** What an entry holds in memory, roughly: two bytes a character and the object's overhead. */
    static long size(AuditEntry e) {
        return 200
                + 2L
                        * (length(e.actor())
                                + length(e.jurisdiction())
                                + length(e.action())
                                + length(e.recordType())
                                + length(e.recordId())
                                + length(e.detail()));
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /**
     * The network a caller's address is in, without its port: an IPv4 /24 or an IPv6 /64 (which one
     * attacker has all of at once, final review #8); whatever else came, as it came (clipped).
     * Accepts "host:port", "[v6]:port", "name/address:port" and full-form "v6:port" (Vert.x).
     */
    static String network(String from) {
        if (from == null) {
            return "unknown";
        }
        String address = from.substring(from.lastIndexOf('/') + 1);
        if (address.startsWith("[") && address.indexOf(']') > 0) {
            address = address.substring(1, address.indexOf(']'));
        } else if (!InetAddresses.isInetAddress(address)
                && address.lastIndexOf(':') > 0
                && InetAddresses.isInetAddress(address.substring(0, address.lastIndexOf(':')))) {
            address = address.substring(0, address.lastIndexOf(':'));
        }
        if (!InetAddresses.isInetAddress(address)) {
            return clip(from, 100);
        }
        byte[] bytes = InetAddresses.forString(address).getAddress();
        int kept = bytes.length == 4 ? 3 : 8;
        java.util.Arrays.fill(bytes, kept, bytes.length, (byte) 0);
        try {
            return InetAddresses.toAddrString(java.net.InetAddress.getByAddress(bytes)) + "/" + (kept * 8);
        } catch (java.net.UnknownHostException e) {
            return clip(from, 100); // not reached: the length is right
        }
    }

    /**
     * The issuer, subject and client a bearer token claims, read without trusting it: three claims of
     * at most 64 characters each, so a forged token costs us little (final review #8).
     */
    static String claimedBy(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length < 2) {
            return "(not a JWT)";
        }
        try {
            JsonNode claims =
                    JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder("{");
            for (String name : new String[] {"iss", "sub", "azp"}) {
                JsonNode value = claims.get(name);
                if (value != null) {
                    b.append(b.length() > 1 ? ", " : "")
                            .append(name)
                            .append('=')
                            .append(clip(value.toString(), 64));
                }
            }
            return b.append('}').toString();
        } catch (Exception e) {
            return "(unreadable token)";
        }
    }

    void start(@Observes StartupEvent event) {
        running = true;
        Thread t = new Thread(this::writeLoop, "audit-refusals");
        t.setDaemon(true);
        writer = t;
        t.start();
    }

    /** Shutdown: the writer finishes its batch, then everything still queued or counted is written. */
    void stop(@Observes ShutdownEvent event) {
        running = false;
        Thread t = writer;
        writer = null;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    private void writeLoop() {
        Instant summaryDue = Instant.now().plus(summaryEvery);
        while (running) {
            try {
                AuditEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                List<Pending> batch = new ArrayList<>();
                if (first != null) {
                    drained(first, batch);
                    List<AuditEntry> more = new ArrayList<>();
                    queue.drainTo(more, 999);
                    more.forEach(e -> drained(e, batch));
                }
                if (!Instant.now().isBefore(summaryDue)) {
                    batch.addAll(closeInterval());
                    summaryDue = Instant.now().plus(summaryEvery);
                }
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("the writer of refused accesses failed: %s", e.toString());
            }
        }
    }

    private void drained(AuditEntry entry, List<Pending> batch) {
        queuedBytes.addAndGet(-size(entry));
        batch.add(new Pending(entry, 1));
    }

    /** Write everything queued and counted now (shutdown; tests). */
    public synchronized void flush() {
        List<AuditEntry> queued = new ArrayList<>();
        queue.drainTo(queued);
        List<Pending> batch = new ArrayList<>();
        queued.forEach(e -> drained(e, batch));
        batch.addAll(closeInterval());
        write(batch);
    }

    /** Ends the current interval: one entry per source with more refusals than were written, and one for the others. */
    private List<Pending> closeInterval() {
        Interval ended;
        Lock swapping = intervalLock.writeLock();
        swapping.lock();
        try {
            ended = interval;
            interval = new Interval(Instant.now());
        } finally {
            swapping.unlock();
        }
        Instant to = Instant.now();
        String during =
                " between " + ended.from.truncatedTo(ChronoUnit.SECONDS) + " and " + to.truncatedTo(ChronoUnit.SECONDS);
        List<Pending> entries = new ArrayList<>();
        for (Map.Entry<Source, Window> e : ended.sources.entrySet()) {
            long count = e.getValue().count.get();
            long written = e.getValue().written.get();
            Source s = e.getKey();
            if (count > written) {
                entries.add(new Pending(
                        new AuditEntry(
                                "audit",
                                self,
                                REPEATED,
                                s.channel(),
                                null,
                                clip(
                                        (count - written)
                                                + " more refused accesses from " + s.address() + during + " (" + s.why()
                                                + ") than the "
                                                + written + " recorded one by one (at most " + detailPerSource
                                                + " per source and "
                                                + MAX_DETAILED + " in all an interval); e.g. " + e.getValue().example,
                                        4000)),
                        count - written));
            }
        }
        long others = ended.others.get();
        if (others > 0) {
            entries.add(new Pending(
                    new AuditEntry(
                            "audit",
                            self,
                            REPEATED,
                            null,
                            null,
                            others
                                    + " refused accesses from further sources" + during + " (more than " + MAX_SOURCES
                                    + " sources in the interval), not recorded one by one"),
                    others));
        }
        return entries;
    }

    /** Appends a batch (and the count of what was lost so far) in a transaction of its own. */
    private void write(List<Pending> batch) {
        long lost = dropped.getAndSet(0);
        List<AuditEntry> entries = new ArrayList<>(batch.size() + 1);
        batch.forEach(p -> entries.add(p.entry()));
        if (lost > 0) {
            entries.add(new AuditEntry(
                    "audit",
                    self,
                    DROPPED,
                    null,
                    null,
                    lost + " refused accesses were not recorded: more came than the queue holds, or writing them "
                            + "failed"));
        }
        if (entries.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                auditLog.appendAll(c, entries);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            // counted, and written as one entry once writing works again
            long refusals = batch.stream().mapToLong(Pending::refusals).sum();
            dropped.addAndGet(refusals + lost);
            LOG.warnf(
                    "could not record %d refused accesses in the audit log (counted, written later): %s",
                    refusals, e.getMessage());
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
