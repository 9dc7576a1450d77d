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
import java.util.function.Consumer;
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

import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
 *
 * <p>A batch is cut by its encoded size under the largest message the partner takes
 * ({@code border.federation.grpc.max-message-size}), summing the exact size each row's event has
 * (measured when it was published); an event that could never fit even alone is set aside as
 * refused with the reason, like an event the partner refused, and the service hears of both
 * ({@link DeliveryRefused}). A partner that takes less than we send (a smaller maximum message
 * size, or fewer events per batch) refuses the batch whole: the relay then halves its batches for
 * that partner and sends one batch at a time until one is taken, down to a single event, which
 * it sets aside as refused if the partner refuses it alone. No backoff for that: each refusal
 * makes the batch smaller, so it ends.
 *
 * <p>The peer token for a stream is fetched (when due) before the rows of a batch are claimed, so
 * no transaction and no locked row waits on our identity provider.
 */
final class PartnerDelivery implements Runnable {

    private static final Logger LOG = Logger.getLogger(PartnerDelivery.class);
    /** What a batch adds besides its events: batch id, sender, tags. */
    static final int BATCH_OVERHEAD = 128;

    private static final Duration LEASE_BUSY_RETRY = Duration.ofMillis(100);
    /** Give up the lease and close the stream after this long without anything to deliver. */
    private static final Duration IDLE_RELEASE = Duration.ofSeconds(30);
    /** Batches sent and not yet acknowledged. */
    private static final int IN_FLIGHT = 2;
    /** Said by a claim whose batch is to go alone, once the batches in flight are acknowledged. */
    private static final Batch ALONE_LATER = new Batch(null, List.of(), null, 0, false, 0);
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
    /** Largest encoded batch the partner takes, by our setting. */
    private final int maxBatchBytes;
    /** What the partner has shown it takes: lowered when it refuses a batch as too large. */
    private int eventLimit;

    private long byteLimit;
    /** One batch in flight at a time, so that a refusal for size names its batch. */
    private boolean probing;

    private final Consumer<DeliveryRefused> refused;
    private volatile boolean running;
    private Thread thread;
    private DeliveryStream stream;

    PartnerDelivery(
            String partner,
            FederationConfig.Relay settings,
            int maxMessageSize,
            AgroalDataSource dataSource,
            Supplier<DeliveryStream> streams,
            String self,
            MeterRegistry meters,
            AuditLog auditLog,
            LongConsumer rowsSettled,
            Consumer<DeliveryRefused> refused) {
        this.partner = partner;
        this.maxBatchBytes = maxMessageSize - BATCH_OVERHEAD;
        this.eventLimit = settings.batchSize();
        this.byteLimit = maxBatchBytes;
        this.refused = refused;
        this.rowsSettled = rowsSettled;
        this.settings = settings;
        this.dataSource = dataSource;
        this.streams = streams;
        this.self = self;
        this.auditLog = auditLog;
        this.delivered = Counter.builder("border.federation.outbox.delivered")
                .tag("partner", partner)
                .description("Events acknowledged by the partner")
                .register(meters);
        this.failures = Counter.builder("border.federation.outbox.failures")
                .tag("partner", partner)
                .description("Failed delivery attempts")
                .register(meters);
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
                    case RETRY -> {
                        // at once: a smaller batch is ready for the partner
                    }
                    case LEASE_BUSY -> await(LEASE_BUSY_RETRY);
                    case BACKING_OFF ->
                        await(min(Duration.between(Instant.now(), attempt.nextAttempt()), settings.pollInterval()));
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

    /** How often, and how long at most, the relay checks that its lease's session is still there. */
    private static final int LEASE_CHECK_SECONDS = 5;

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
                    Attempt attempt = pump(lease);
                    if (attempt.kind() == Kind.BACKING_OFF) {
                        return attempt;
                    }
                    if (attempt.kind() == Kind.RETRY) {
                        lastDelivery = Instant.now();
                        continue;
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

    /**
     * Send batches, up to IN_FLIGHT unacknowledged, until the outbox has no more for the partner;
     * while the session holding the partner's lease is there (checked before the first claim and
     * then every {@link #LEASE_CHECK_SECONDS}): a session lost takes the advisory lock with it, and
     * another relay may then deliver to the same partner, out of order with us.
     */
    private Attempt pump(Connection lease) throws InterruptedException {
        long leaseCheckedAt = System.nanoTime() - TimeUnit.SECONDS.toNanos(LEASE_CHECK_SECONDS);
        Deque<Batch> inFlight = new ArrayDeque<>();
        boolean exhausted = false;
        long delivered = 0;
        // the next claim starts after the rows of the batches in flight (their rows are locked)
        long afterId = 0;
        try {
            while (true) {
                boolean later = false;
                while (!exhausted && !later && inFlight.size() < (probing ? 1 : IN_FLIGHT)) {
                    DeliveryStream ready = stream();
                    if (ready.needsPreparing() && !inFlight.isEmpty()) {
                        // a stream due for renewal takes nothing more: a batch sent on the next one
                        // could be applied before those still in flight on this one (a note before
                        // its case, refused for good), so their acknowledgements come first
                        later = true;
                        break;
                    }
                    if (ready.needsPreparing()) {
                        if (!pending(afterId)) {
                            exhausted = true;
                            break;
                        }
                        // the stream and its token first: nothing is locked while we may wait for the identity provider
                        ready.prepare();
                    }
                    if (System.nanoTime() - leaseCheckedAt >= TimeUnit.SECONDS.toNanos(LEASE_CHECK_SECONDS)) {
                        if (!lease.isValid(LEASE_CHECK_SECONDS)) {
                            throw new SQLException("the session holding the lease on " + partner + " was lost");
                        }
                        leaseCheckedAt = System.nanoTime();
                    }
                    Batch batch = claimAndSend(afterId, inFlight.isEmpty());
                    if (batch == null) {
                        exhausted = true;
                    } else if (batch == ALONE_LATER) {
                        later = true;
                    } else {
                        inFlight.add(batch);
                        afterId = batch.lastId();
                        exhausted = !batch.more();
                    }
                }
                Batch head = inFlight.peek();
                if (head == null) {
                    break;
                }
                DeliveryAck ack = awaitAck(head);
                List<DeliveryRefused> refusals = settle(head.connection(), head.rows(), ack);
                head.connection().commit();
                inFlight.poll();
                head.connection().close();
                probing = false;
                delivered += head.rows().size();
                this.delivered.increment(head.rows().size() - refusals.size());
                rowsSettled.accept(head.rows().size());
                tell(refusals);
            }
        } catch (DeliveryFailed | SQLException | RuntimeException e) {
            for (Batch batch : inFlight) {
                abandon(batch.connection());
            }
            closeStream(true);
            Status refused = e instanceof DeliveryFailed failed ? failed.status : null;
            if (refused != null && tooLarge(refused) && !inFlight.isEmpty()) {
                return smaller(inFlight, refused);
            }
            return new Attempt(Kind.BACKING_OFF, recordFailure(e));
        }
        return new Attempt(delivered == 0 ? Kind.EMPTY : Kind.DELIVERED, null);
    }

    /**
     * Open a transaction, claim the next rows after {@code afterId} and send them; null (and
     * nothing open) if there are none. An event too large for any message is set aside as
     * refused first, in a transaction of its own. A batch larger than the partner has shown it
     * takes (one event over its limit, which it may refuse) goes only {@code alone}: otherwise
     * {@link #ALONE_LATER}, nothing claimed, so that its refusal cannot take the acknowledgement
     * of another batch with it.
     */
    private Batch claimAndSend(long afterId, boolean alone) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            while (true) {
                Claim claim = claim(c, afterId);
                if (claim.rows().isEmpty()) {
                    c.commit();
                    c.close();
                    return null;
                }
                List<ReplicationEvent> events = new ArrayList<>(claim.rows().size());
                long bytes = 0;
                for (Row row : claim.rows()) {
                    ReplicationEvent event = event(row);
                    bytes += OutboxEvents.sizeInBatch(event);
                    events.add(event);
                }
                Row first = claim.rows().get(0);
                if (claim.rows().size() == 1 && bytes > maxBatchBytes) {
                    DeliveryRefused tooLarge = setAside(
                            c,
                            first,
                            "the event is " + bytes + " bytes encoded, over the "
                                    + "maximum message size of " + maxBatchBytes
                                    + " bytes for events that partners take "
                                    + "(border.federation.grpc.max-message-size): it can never be delivered",
                            "too large for any message");
                    c.commit();
                    rowsSettled.accept(1);
                    tell(List.of(tooLarge));
                    afterId = first.id();
                    continue;
                }
                if (bytes > maxBatchBytes) {
                    // rows whose size a writer of an older version left at 0: claim fewer, and see
                    LOG.warnf(
                            "claimed %d bytes for %s in %d events, over the %d bytes of a batch: claiming fewer",
                            bytes, partner, claim.rows().size(), maxBatchBytes);
                    c.rollback();
                    eventLimit = Math.max(1, claim.rows().size() / 2);
                    continue;
                }
                if (bytes > byteLimit && !alone) {
                    c.rollback();
                    c.close();
                    return ALONE_LATER;
                }
                Row last = claim.rows().get(claim.rows().size() - 1);
                return new Batch(c, claim.rows(), send(events), last.id(), claim.more(), bytes);
            }
        } catch (SQLException | RuntimeException e) {
            abandon(c);
            throw e;
        }
    }

    private Instant nextAttempt(Connection c) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT next_attempt_at FROM federation.partner_delivery WHERE partner = ?")) {
            select.setString(1, partner);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : Instant.EPOCH;
            }
        }
    }

    /** Take or release this partner's relay lock (session-level advisory lock). */
    private boolean lock(Connection c, String function) throws SQLException {
        try (PreparedStatement lock =
                c.prepareStatement("SELECT " + function + "(" + LOCK_NAMESPACE + ", hashtext(?))")) {
            lock.setString(1, "border.relay." + partner);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Lock the oldest rows for the partner after {@code afterId} that fit in one message: by each
     * event's encoded size (stored with the row), summed in the database, so that no row is locked
     * that the batch does not carry (a row locked and left would let the next batch overtake
     * it). The first row is taken even when it alone is over the limit (to be set aside, or sent
     * alone to a partner whose limit we only suppose).
     */
    private Claim claim(Connection c, long afterId) throws SQLException {
        List<Row> rows = new ArrayList<>();
        boolean more = false;
        try (PreparedStatement select = c.prepareStatement("""
                WITH candidate AS (
                    SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS candidates,
                           sum(size) OVER (ORDER BY id) AS bytes
                    FROM (SELECT id, encoded_size AS size
                          FROM federation.outbox
                          WHERE destination = ? AND rejected_at IS NULL AND id > ?
                          ORDER BY id
                          LIMIT ?) pending)
                SELECT o.id, o.event_id, o.record_type, o.record_id, o.version, o.occurred_at, o.distribution,
                       o.tombstone, o.payload_type, o.payload, k.candidates, o.links
                FROM candidate k JOIN federation.outbox o ON o.id = k.id
                WHERE k.n = 1 OR k.bytes <= ?
                ORDER BY o.id
                FOR UPDATE OF o SKIP LOCKED""")) {
            int limit = Math.min(settings.batchSize(), eventLimit);
            select.setString(1, partner);
            select.setLong(2, afterId);
            select.setInt(3, limit);
            select.setLong(4, Math.min(byteLimit, maxBatchBytes));
            select.setFetchSize(limit);
            long candidates = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getLong(1),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getTimestamp(6).toInstant(),
                            (String[]) rs.getArray(7).getArray(),
                            rs.getBoolean(8),
                            rs.getString(9),
                            rs.getBytes(10),
                            rs.getBytes(12)));
                    candidates = rs.getLong(11);
                }
            }
            // more waiting: the claim was cut by size, or took as many rows as a batch may have
            more = !rows.isEmpty() && (rows.size() < candidates || candidates >= limit);
        }
        return new Claim(rows, more);
    }

    /**
     * Mark a row that can never be sent as refused (in the caller's transaction), dropping its
     * payload: the record stays at home, the row only says what was refused and why.
     */
    private DeliveryRefused setAside(Connection c, Row row, String reason, String why) throws SQLException {
        LOG.warnf(
                "set aside event %s (%s %s v%d) for %s: %s",
                row.eventId(), row.recordType(), row.recordId(), row.version(), partner, reason);
        try (PreparedStatement reject = c.prepareStatement(
                "UPDATE federation.outbox SET rejected_at = now(), reject_reason = ?, payload = NULL WHERE id = ?")) {
            reject.setString(1, reason);
            reject.setLong(2, row.id());
            reject.executeUpdate();
        }
        auditLog.appendAll(
                c,
                List.of(new AuditEntry(
                        "relay",
                        self,
                        "replication.refused",
                        null,
                        null,
                        "to " + partner + ": " + describe(row) + " set aside: " + why)));
        return new DeliveryRefused(partner, row.recordType(), row.recordId(), row.version(), reason);
    }

    /**
     * Whether the partner refused a batch for its size: RESOURCE_EXHAUSTED from its transport
     * (without a description, or one naming the message size; our own limits always say which)
     * or INVALID_ARGUMENT for more events than it takes in a batch.
     */
    static boolean tooLarge(Status status) {
        String description =
                status.getDescription() == null ? "" : status.getDescription().toLowerCase();
        return switch (status.getCode()) {
            case RESOURCE_EXHAUSTED ->
                description.isBlank()
                        || description.contains("message size")
                        || description.contains("exceeds maximum");
            case INVALID_ARGUMENT -> description.contains("a batch may carry at most");
            default -> false;
        };
    }

    /**
     * The partner refused a batch in flight as too large: send smaller batches, one at a time,
     * from now on; an event it refuses alone is set aside. Returns at once (no backoff).
     */
    private Attempt smaller(Deque<Batch> refusedInFlight, Status status) {
        Batch largest = refusedInFlight.stream()
                .max(java.util.Comparator.comparingLong(Batch::bytes))
                .orElseThrow();
        if (refusedInFlight.size() == 1 && largest.rows().size() == 1) {
            // alone on the stream, one event: the partner refused exactly this event
            Row row = largest.rows().get(0);
            String reason =
                    "the partner refused the event alone (" + largest.bytes() + " bytes encoded) as larger than "
                            + "it takes in one message (its maximum message size is below ours): it can never be delivered to it";
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                DeliveryRefused refusal = setAside(c, row, reason, "refused by the partner as too large");
                c.commit();
                rowsSettled.accept(1);
                tell(List.of(refusal));
            } catch (SQLException e) {
                return new Attempt(Kind.BACKING_OFF, recordFailure(e));
            }
            probing = false;
            return new Attempt(Kind.RETRY, null);
        }
        int events = largest.rows().size();
        eventLimit = Math.max(1, Math.min(eventLimit, events / 2));
        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            byteLimit = Math.max(1, Math.min(byteLimit, largest.bytes() / 2));
        }
        probing = true;
        LOG.warnf(
                "%s refused a batch of %d events (%d bytes) as too large (%s): sending it batches of at most %d events "
                        + "and %d bytes, one at a time until one is taken; its limits are below ours",
                partner, events, largest.bytes(), status.getCode(), eventLimit, Math.min(byteLimit, maxBatchBytes));
        return new Attempt(Kind.RETRY, null);
    }

    /** Tell the service about refusals that are now committed; its trouble is not the relay's. */
    private void tell(List<DeliveryRefused> refusals) {
        for (DeliveryRefused r : refusals) {
            try {
                refused.accept(r);
            } catch (RuntimeException e) {
                LOG.errorf(
                        e,
                        "an observer of DeliveryRefused failed for %s %s v%d (refused by %s)",
                        r.recordType(),
                        r.recordId(),
                        r.version(),
                        partner);
            }
        }
    }

    private static String describe(Row row) {
        return row.recordType() + ":" + row.recordId() + "@" + row.version() + (row.tombstone() ? "(tombstone)" : "");
    }

    private ReplicationEvent event(Row row) {
        return OutboxEvents.event(
                row.eventId(),
                self,
                row.recordType(),
                row.recordId(),
                row.version(),
                row.occurredAt(),
                row.distribution(),
                row.tombstone(),
                row.payloadType(),
                row.payload(),
                row.links());
    }

    private CompletableFuture<DeliveryAck> send(List<ReplicationEvent> events) {
        DeliveryBatch.Builder batch = DeliveryBatch.newBuilder()
                .setBatchId(UUID.randomUUID().toString())
                .setSender(self)
                .addAllEvents(events);
        DeliveryBatch built = batch.build();
        String batchId = built.getBatchId();
        return stream().send(built).thenApply(ack -> {
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
            Status status = cause instanceof StatusRuntimeException || cause instanceof io.grpc.StatusException
                    ? Status.fromThrowable(cause)
                    : null;
            throw new DeliveryFailed(cause.getMessage() == null ? cause.toString() : cause.getMessage(), status);
        } catch (TimeoutException e) {
            throw new DeliveryFailed("no acknowledgement within " + settings.ackTimeout());
        }
    }

    /**
     * Delete what the partner holds now; set aside what it refused for good; keep the rest.
     * Returns the refusals, to tell the service once committed.
     */
    private List<DeliveryRefused> settle(Connection c, List<Row> rows, DeliveryAck ack) throws SQLException {
        Map<String, EventResult> results = new HashMap<>();
        for (EventResult r : ack.getResultsList()) {
            results.put(r.getEventId(), r);
        }
        List<Long> done = new ArrayList<>();
        List<DeliveryRefused> refusals = new ArrayList<>();
        StringBuilder sent = new StringBuilder();
        StringBuilder refused = new StringBuilder();
        try (PreparedStatement reject = c.prepareStatement(
                "UPDATE federation.outbox SET rejected_at = now(), reject_reason = ?, payload = NULL WHERE id = ?")) {
            for (Row row : rows) {
                EventResult result = results.get(row.eventId().toString());
                if (result == null) {
                    continue;
                }
                if (result.getOutcome() == Outcome.REJECTED) {
                    LOG.warnf(
                            "partner %s refused event %s (%s %s v%d): %s",
                            partner,
                            row.eventId(),
                            row.recordType(),
                            row.recordId(),
                            row.version(),
                            result.getReason());
                    reject.setString(1, result.getReason());
                    reject.setLong(2, row.id());
                    reject.addBatch();
                    refusals.add(new DeliveryRefused(
                            partner, row.recordType(), row.recordId(), row.version(), result.getReason()));
                    refused.append(refused.isEmpty() ? "" : " ").append(describe(row));
                } else if (result.getOutcome() != Outcome.OUTCOME_UNSPECIFIED) {
                    done.add(row.id());
                    sent.append(sent.isEmpty() ? "" : " ").append(describe(row));
                }
            }
            reject.executeBatch();
        }
        // delivered rows go, the partner's state advances, and both commit with the audit entry in one round trip
        Array ids = c.createArrayOf("bigint", done.toArray());
        auditLog.appendAll(
                c,
                List.of(new AuditEntry(
                        "relay",
                        self,
                        "replication.sent",
                        null,
                        null,
                        "to " + partner + ": " + sent + (refused.isEmpty() ? "" : " refused: " + refused))),
                new AuditLog.Companion("""
                        DELETE FROM federation.outbox WHERE id = ANY(?);
                        UPDATE federation.partner_delivery
                        SET consecutive_failures = 0, next_attempt_at = now(), last_delivered_at = now(),
                            delivered_total = delivered_total + ?
                        WHERE partner = ?""", 3, statement -> {
                    statement.setArray(1, ids);
                    statement.setLong(2, done.size());
                    statement.setString(3, partner);
                }));
        return refusals;
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
                    LOG.warnf(
                            "delivery to %s failed (%d in a row), next attempt %s: %s",
                            partner, rs.getInt(2), next, message);
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

    private DeliveryStream stream() {
        if (stream == null) {
            stream = streams.get();
        }
        return stream;
    }

    /** Whether rows wait for the partner after {@code afterId} (no lock taken). */
    private boolean pending(long afterId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT EXISTS (SELECT 1 FROM federation.outbox
                                       WHERE destination = ? AND rejected_at IS NULL AND id > ?)""")) {
            select.setString(1, partner);
            select.setLong(2, afterId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
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
        DELIVERED,
        EMPTY,
        LEASE_BUSY,
        BACKING_OFF,
        RETRY
    }

    /** A batch in flight: its transaction, rows (up to id lastId), and whether more rows were waiting. */
    private record Batch(
            Connection connection,
            List<Row> rows,
            CompletableFuture<DeliveryAck> ack,
            long lastId,
            boolean more,
            long bytes) {}

    private record Claim(List<Row> rows, boolean more) {}

    private record Attempt(Kind kind, Instant nextAttempt) {}

    private record Row(
            long id,
            UUID eventId,
            String recordType,
            String recordId,
            long version,
            Instant occurredAt,
            String[] distribution,
            boolean tombstone,
            String payloadType,
            byte[] payload,
            byte[] links) {}

    static final class DeliveryFailed extends Exception {
        /** The partner's status, when it ended the stream with one. */
        final transient Status status;

        DeliveryFailed(String message) {
            this(message, null);
        }

        DeliveryFailed(String message, Status status) {
            super(message);
            this.status = status;
        }
    }
}
