package org.borderpolice.federation.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.EventResult;
import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.proto.replication.v1.ReplicationEvent;
import org.jboss.logging.Logger;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Delivers the outbox rows of one partner in outbox order.
 *
 * <p>While it delivers, the relay holds a session-level advisory lock for the partner, so that of
 * several replicas on one database exactly one serves a partner at a time and per-record order
 * holds; the lock goes with the connection if the process dies. Each batch is one database
 * transaction: claim the oldest rows with {@code FOR UPDATE SKIP LOCKED}, send them, delete them
 * on the partner's acknowledgement, commit. Two batches are in flight at once (the second claim
 * skips the rows the first holds), so the partner applies one while we prepare the next; both
 * travel on one stream and are applied in order. If anything fails, every open batch rolls back,
 * its rows stay, and the partner's next attempt is pushed back with a capped exponential backoff
 * kept in the database.
 */
final class PartnerDelivery implements Runnable {

    private static final Logger LOG = Logger.getLogger(PartnerDelivery.class);
    /** Stop adding events to a batch past this many payload bytes (gRPC messages stay small). */
    private static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
    private static final Duration LEASE_BUSY_RETRY = Duration.ofMillis(100);
    /** Give up the lease and close the stream after this long without anything to deliver. */
    private static final Duration IDLE_RELEASE = Duration.ofSeconds(30);
    /** Batches sent and not yet acknowledged. */
    private static final int IN_FLIGHT = 2;
    /** First key of the relay's advisory locks (second: hash of the partner). */
    private static final int LOCK_NAMESPACE = 0x426f72;

    private final String partner;
    private final FederationConfig.Relay settings;
    private final AgroalDataSource dataSource;
    private final Supplier<DeliveryStream> streams;
    private final String self;
    private final AuditLog auditLog;
    /** Told how many rows each batch settled (deleted, or set aside as refused): dead rows to vacuum. */
    private final LongConsumer rowsSettled;
    private final Semaphore signal = new Semaphore(0);
    private final Counter delivered;
    private final Counter failures;
    private volatile boolean running;
    private Thread thread;
    private DeliveryStream stream;

    PartnerDelivery(String partner, FederationConfig.Relay settings, AgroalDataSource dataSource,
            Supplier<DeliveryStream> streams, String self, MeterRegistry meters, AuditLog auditLog,
            LongConsumer rowsSettled) {
        this.partner = partner;
        this.rowsSettled = rowsSettled;
        this.settings = settings;
        this.dataSource = dataSource;
        this.streams = streams;
        this.self = self;
        this.auditLog = auditLog;
        this.delivered = Counter.builder("border.federation.outbox.delivered").tag("partner", partner)
                .description("Events acknowledged by the partner").register(meters);
        this.failures = Counter.builder("border.federation.outbox.failures").tag("partner", partner)
                .description("Failed delivery attempts").register(meters);
    }

    void start() {
        running = true;
        thread = Thread.ofPlatform().name("border-relay-" + partner).daemon().start(this);
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeStream(false);
    }

    void wake() {
        signal.release();
    }

    @Override
    public void run() {
        while (running) {
            try {
                Attempt attempt = deliverWhileLeased();
                switch (attempt.kind()) {
                    case DELIVERED, EMPTY -> await(settings.pollInterval());
                    case LEASE_BUSY -> await(LEASE_BUSY_RETRY);
                    case BACKING_OFF -> await(min(Duration.between(Instant.now(), attempt.nextAttempt()),
                            settings.pollInterval()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "relay to %s failed unexpectedly", partner);
                sleepQuietly(settings.pollInterval());
            }
        }
    }

    /**
     * Take the partner's lease and keep delivering (woken by commits, or polling) until a
     * failure or a long idle spell. Holding the lease and the stream between wake-ups keeps the
     * cost per batch low when alerts trickle in one by one.
     */
    private Attempt deliverWhileLeased() throws InterruptedException {
        try (Connection lease = dataSource.getConnection()) {
            Instant notBefore = nextAttempt(lease);
            if (notBefore.isAfter(Instant.now())) {
                return new Attempt(Kind.BACKING_OFF, notBefore);
            }
            if (!lock(lease, "pg_try_advisory_lock")) {
                return new Attempt(Kind.LEASE_BUSY, null);
            }
            try {
                Instant lastDelivery = Instant.now();
                while (running) {
                    // the stream renews itself (and its token) before the partner would close it: DeliveryStream
                    Attempt attempt = pump();
                    if (attempt.kind() == Kind.BACKING_OFF) {
                        return attempt;
                    }
                    if (attempt.kind() == Kind.DELIVERED) {
                        lastDelivery = Instant.now();
                    } else if (Duration.between(lastDelivery, Instant.now()).compareTo(IDLE_RELEASE) > 0) {
                        closeStream(false);
                        return attempt;
                    }
                    await(settings.pollInterval());
                }
                return new Attempt(Kind.EMPTY, null);
            } finally {
                lock(lease, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            LOG.warnf("relay to %s: database unavailable: %s", partner, e.getMessage());
            return new Attempt(Kind.BACKING_OFF, Instant.now().plus(settings.pollInterval()));
        }
    }

    /** Send batches, up to IN_FLIGHT unacknowledged, until the outbox has no more for the partner. */
    private Attempt pump() throws InterruptedException {
        Deque<Batch> inFlight = new ArrayDeque<>();
        boolean exhausted = false;
        long delivered = 0;
        try {
            while (true) {
                while (!exhausted && inFlight.size() < IN_FLIGHT) {
                    Batch batch = claimAndSend();
                    if (batch == null) {
                        exhausted = true;
                    } else {
                        inFlight.add(batch);
                        exhausted = batch.rows().size() < settings.batchSize();
                    }
                }
                Batch head = inFlight.peek();
                if (head == null) {
                    break;
                }
                DeliveryAck ack = awaitAck(head);
                settle(head.connection(), head.rows(), ack);
                head.connection().commit();
                inFlight.poll();
                head.connection().close();
                delivered += head.rows().size();
                this.delivered.increment(head.rows().size());
                rowsSettled.accept(head.rows().size());
            }
        } catch (DeliveryFailed | SQLException | RuntimeException e) {
            for (Batch batch : inFlight) {
                abandon(batch.connection());
            }
            closeStream(true);
            return new Attempt(Kind.BACKING_OFF, recordFailure(e));
        }
        return new Attempt(delivered == 0 ? Kind.EMPTY : Kind.DELIVERED, null);
    }

    /** Open a transaction, claim the next rows and send them; null (and nothing open) if none. */
    private Batch claimAndSend() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            List<Row> rows = claim(c);
            if (rows.isEmpty()) {
                c.commit();
                c.close();
                return null;
            }
            return new Batch(c, rows, send(rows));
        } catch (SQLException | RuntimeException e) {
            abandon(c);
            throw e;
        }
    }

    private Instant nextAttempt(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT next_attempt_at FROM federation.partner_delivery WHERE partner = ?")) {
            select.setString(1, partner);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : Instant.EPOCH;
            }
        }
    }

    /** Take or release this partner's relay lock (session-level advisory lock). */
    private boolean lock(Connection c, String function) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT " + function + "(" + LOCK_NAMESPACE + ", hashtext(?))")) {
            lock.setString(1, "border.relay." + partner);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private List<Row> claim(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT id, event_id, record_type, record_id, version, occurred_at, distribution, tombstone,
                       payload_type, payload
                FROM federation.outbox
                WHERE destination = ? AND rejected_at IS NULL
                ORDER BY id
                LIMIT ?
                FOR UPDATE SKIP LOCKED""")) {
            select.setString(1, partner);
            select.setInt(2, settings.batchSize());
            select.setFetchSize(settings.batchSize());
            long bytes = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    byte[] payload = rs.getBytes(10);
                    bytes += payload == null ? 0 : payload.length;
                    if (!rows.isEmpty() && bytes > MAX_BATCH_BYTES) {
                        break;
                    }
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getTimestamp(6).toInstant(), (String[]) rs.getArray(7).getArray(),
                            rs.getBoolean(8), rs.getString(9), payload));
                }
            }
        }
        return rows;
    }

    private CompletableFuture<DeliveryAck> send(List<Row> rows) {
        DeliveryBatch.Builder batch = DeliveryBatch.newBuilder()
                .setBatchId(UUID.randomUUID().toString())
                .setSender(self);
        for (Row row : rows) {
            ReplicationEvent.Builder event = ReplicationEvent.newBuilder()
                    .setEventId(row.eventId().toString())
                    .setOrigin(self)
                    .setRecordType(row.recordType())
                    .setRecordId(row.recordId())
                    .setVersion(row.version())
                    .setOccurredAt(Timestamp.newBuilder().setSeconds(row.occurredAt().getEpochSecond())
                            .setNanos(row.occurredAt().getNano()))
                    .addAllDistribution(Arrays.asList(row.distribution()))
                    .setTombstone(row.tombstone());
            if (row.payload() != null) {
                event.setPayload(Any.newBuilder().setTypeUrl(row.payloadType()).setValue(ByteString.copyFrom(row.payload())));
            }
            batch.addEvents(event);
        }
        if (stream == null) {
            stream = streams.get();
        }
        DeliveryBatch built = batch.build();
        String batchId = built.getBatchId();
        return stream.send(built).thenApply(ack -> {
            if (!ack.getBatchId().equals(batchId)) {
                throw new IllegalStateException("acknowledgement for another batch");
            }
            return ack;
        });
    }

    private DeliveryAck awaitAck(Batch batch) throws InterruptedException, DeliveryFailed {
        try {
            return batch.ack().get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DeliveryFailed(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } catch (TimeoutException e) {
            throw new DeliveryFailed("no acknowledgement within " + settings.ackTimeout());
        }
    }

    /** Delete what the partner holds now; set aside what it refused for good; keep the rest. */
    private void settle(Connection c, List<Row> rows, DeliveryAck ack) throws SQLException {
        Map<String, EventResult> results = new HashMap<>();
        for (EventResult r : ack.getResultsList()) {
            results.put(r.getEventId(), r);
        }
        List<Long> done = new ArrayList<>();
        StringBuilder sent = new StringBuilder();
        try (PreparedStatement reject = c.prepareStatement(
                "UPDATE federation.outbox SET rejected_at = now(), reject_reason = ? WHERE id = ?")) {
            for (Row row : rows) {
                EventResult result = results.get(row.eventId().toString());
                if (result == null) {
                    continue;
                }
                if (result.getOutcome() == Outcome.REJECTED) {
                    LOG.warnf("partner %s refused event %s (%s %s v%d): %s", partner, row.eventId(), row.recordType(),
                            row.recordId(), row.version(), result.getReason());
                    reject.setString(1, result.getReason());
                    reject.setLong(2, row.id());
                    reject.addBatch();
                } else if (result.getOutcome() != Outcome.OUTCOME_UNSPECIFIED) {
                    done.add(row.id());
                    sent.append(sent.isEmpty() ? "" : " ").append(row.recordType()).append(':').append(row.recordId())
                            .append('@').append(row.version()).append(row.tombstone() ? "(tombstone)" : "");
                }
            }
            reject.executeBatch();
        }
        // delivered rows go, the partner's state advances, and both commit with the audit entry in one round trip
        Array ids = c.createArrayOf("bigint", done.toArray());
        auditLog.appendAll(c, List.of(new AuditEntry("relay", self, "replication.sent", null, null,
                "to " + partner + ": " + sent)), new AuditLog.Companion("""
                        DELETE FROM federation.outbox WHERE id = ANY(?);
                        UPDATE federation.partner_delivery
                        SET consecutive_failures = 0, next_attempt_at = now(), last_delivered_at = now(),
                            delivered_total = delivered_total + ?
                        WHERE partner = ?""", statement -> {
                    statement.setArray(1, ids);
                    statement.setLong(2, done.size());
                    statement.setString(3, partner);
                }));
    }

    /** Push the next attempt back: initial * 2^failures, capped. Returns when to try again. */
    private Instant recordFailure(Exception cause) {
        failures.increment();
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("""
                        UPDATE federation.partner_delivery
                        SET next_attempt_at = now() + LEAST(?, ? * power(2, LEAST(consecutive_failures, 30)))
                                * interval '1 millisecond',
                            consecutive_failures = consecutive_failures + 1,
                            last_error = ?, last_failure_at = now()
                        WHERE partner = ?
                        RETURNING next_attempt_at, consecutive_failures""")) {
            c.setAutoCommit(true);
            update.setLong(1, settings.maxBackoff().toMillis());
            update.setLong(2, settings.initialBackoff().toMillis());
            update.setString(3, message.length() > 2000 ? message.substring(0, 2000) : message);
            update.setString(4, partner);
            try (ResultSet rs = update.executeQuery()) {
                if (rs.next()) {
                    Instant next = rs.getTimestamp(1).toInstant();
                    LOG.warnf("delivery to %s failed (%d in a row), next attempt %s: %s", partner, rs.getInt(2), next,
                            message);
                    return next;
                }
            }
        } catch (SQLException e) {
            LOG.warnf("relay to %s: could not record failure: %s", partner, e.getMessage());
        }
        return Instant.now().plus(settings.initialBackoff());
    }

    private void await(Duration timeout) throws InterruptedException {
        long millis = Math.max(1, timeout.toMillis());
        if (signal.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            signal.drainPermits();
        }
    }

    private void closeStream(boolean cancel) {
        if (stream != null) {
            stream.close(cancel);
            stream = null;
        }
    }

    private static void abandon(Connection c) {
        try (c) {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private enum Kind {
        DELIVERED, EMPTY, LEASE_BUSY, BACKING_OFF
    }

    private record Batch(Connection connection, List<Row> rows, CompletableFuture<DeliveryAck> ack) {
    }

    private record Attempt(Kind kind, Instant nextAttempt) {
    }

    private record Row(long id, UUID eventId, String recordType, String recordId, long version, Instant occurredAt,
            String[] distribution, boolean tombstone, String payloadType, byte[] payload) {
    }

    static final class DeliveryFailed extends Exception {
        DeliveryFailed(String message) {
            super(message);
        }
    }
}
