package org.borderpolice.federation.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Audits every refused access (REST 401/403, gRPC UNAUTHENTICATED/PERMISSION_DENIED): who, as far
 * as known (the authenticated caller; for a token that was not accepted, what it claims, marked
 * unverified), what (method and path, or gRPC method), and why. A refusal commits with no
 * transaction of its own and may come on the event loop, so it is queued and written moments later
 * by one writer thread, in batches. A flood of refusals cannot grow the queue past
 * {@code border.federation.audit.refusal-queue}: what does not fit is counted, and the count is
 * written as an entry of its own ({@code access.refused.dropped}).
 */
@ApplicationScoped
public class RefusedAccess {

    private static final Logger LOG = Logger.getLogger(RefusedAccess.class);
    public static final String ACTION = "access.refused";
    /** Jurisdiction column of a caller nobody vouched for. */
    public static final String UNKNOWN = "-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditLog auditLog;
    private final BlockingQueue<AuditEntry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final String self;
    private volatile Thread writer;

    @Inject
    public RefusedAccess(AuditLog auditLog, FederationConfig config) {
        this.auditLog = auditLog;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, config.audit().refusalQueue()));
        this.self = config.jurisdiction().code();
    }

    /**
     * A refusal. {@code actor}/{@code jurisdiction}: the authenticated caller, or null when no token
     * was accepted (then the bearer token's unverified claims name the caller, if it has any).
     */
    public void record(String channel, String what, String why, String actor, String jurisdiction,
            String authorization, String from) {
        StringBuilder detail = new StringBuilder(what).append(": ").append(why);
        if (actor == null) {
            String claimed = claimedBy(authorization);
            detail.append(claimed == null ? "; no bearer token" : "; claims of the presented token (not relied on) " + claimed);
        }
        if (from != null) {
            detail.append("; from ").append(from);
        }
        AuditEntry entry = new AuditEntry(clip(actor == null ? "anonymous" : actor, 200),
                jurisdiction == null ? UNKNOWN : clip(jurisdiction, 6), ACTION, channel, null, clip(detail.toString(), 4000));
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** The issuer, subject, client and jurisdiction a bearer token claims, read without trusting it. */
    static String claimedBy(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length < 2) {
            return "(not a JWT)";
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder("{");
            for (String name : new String[] { "iss", "sub", "azp", "preferred_username", "jurisdiction", "aud" }) {
                JsonNode value = claims.get(name);
                if (value != null) {
                    b.append(b.length() > 1 ? ", " : "").append(name).append('=').append(clip(value.toString(), 200));
                }
            }
            return b.append('}').toString();
        } catch (Exception e) {
            return "(unreadable token)";
        }
    }

    void start(@Observes StartupEvent event) {
        Thread t = new Thread(this::writeLoop, "audit-refusals");
        t.setDaemon(true);
        writer = t;
        t.start();
    }

    void stop(@Observes ShutdownEvent event) {
        Thread t = writer;
        writer = null;
        if (t != null) {
            t.interrupt();
        }
    }

    private void writeLoop() {
        List<AuditEntry> batch = new ArrayList<>();
        while (writer != null) {
            try {
                AuditEntry first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 999);
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    batch.add(new AuditEntry("audit", self, ACTION + ".dropped", null, null,
                            lost + " refused accesses were not recorded one by one: more came than the queue holds"));
                }
                if (!batch.isEmpty()) {
                    write(batch);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Write queued refusals now (tests; the writer thread does it on its own). */
    public void flush() {
        List<AuditEntry> batch = new ArrayList<>();
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
            write(batch);
        }
    }

    private void write(List<AuditEntry> batch) {
        try {
            auditLog.appendAll(batch);
        } catch (RuntimeException e) {
            LOG.warnf("could not record %d refused accesses in the audit log: %s", batch.size(), e.getMessage());
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
