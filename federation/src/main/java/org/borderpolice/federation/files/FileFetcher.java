package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.outbox.PartnerChannels;
import org.borderpolice.federation.proto.files.v1.FetchRequest;
import org.borderpolice.federation.proto.files.v1.FileChunk;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;
import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.agroal.api.AgroalDataSource;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Fetches the files {@link PendingFiles} queued, from their owners (FileTransferService.Fetch,
 * with our peer token), at most {@code fetch.concurrency} at once per process. A fetch resumes
 * at the bytes already stored (after an outage of either side, a restart, a broken stream): the
 * SHA-256 of the stored part is recomputed from the store (a stored part it cannot read back is
 * dropped and the file fetched from its start), the rest hashed as it arrives. At the
 * end size and SHA-256 must match what the record announced: then the file is complete and may
 * be served; otherwise its bytes are dropped and the fetch is tried again later. A failed attempt
 * waits {@code initial-backoff}, doubled per attempt up to {@code max-backoff}; one that stored at
 * least {@code fetch.min-progress} bytes before it broke waits only {@code initial-backoff}. Several processes
 * of one service share the queue: a file due is claimed by one (SKIP LOCKED, leased for
 * {@code fetch.timeout}). Owners are served in turn: at most one file per owner is fetched at
 * once by a process, the owner fetched from longest ago first, and a call during which fewer than
 * {@code fetch.min-progress} bytes arrive in {@code fetch.stall-timeout} is cut ({@link FetchProgress}),
 * so an owner that trickles its bytes, or sends messages without any, holds one fetcher for a short
 * while, not all of them for the whole timeout. A cut call keeps the bytes that arrived, so a slow
 * honest link delivers over several calls.
 *
 * <p>Final refusals are not retried: the owner's PERMISSION_DENIED or NOT_FOUND (the file is no
 * longer ours to read, or gone) drops the queue entry; verified bytes whose type (detected from
 * them, as intake does) is not allowed or is not the type the owner claims drop the bytes and
 * keep the entry with its {@code last_error}, never tried again ({@code next_attempt_at} infinity).
 */
@ApplicationScoped
public class FileFetcher {

    private static final Logger LOG = Logger.getLogger(FileFetcher.class);

    private final FileStore store;
    private final FilesConfig config;
    private final PartnerChannels channels;
    private final AgroalDataSource background;
    private final MeterRegistry meters;
    private final AtomicInteger running = new AtomicInteger();
    /** Owners a fetch of this process is talking to now. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** When this process last claimed a file of each owner (System.nanoTime): the turn. */
    private final Map<String, Long> lastClaimed = new ConcurrentHashMap<>();

    /**
     * Attempts in a row whose stored prefix could not be read back, per file. A prefix is dropped
     * at the {@link #DROP_UNREADABLE_AFTER}-th: a passing failure of the store (a pool timeout, a
     * failover, an object store's 5xx, a mount that came back) is retried with the prefix kept.
     */
    private final Map<FileKey, Integer> unreadable = new ConcurrentHashMap<>();

    static final int DROP_UNREADABLE_AFTER = 3;

    private ExecutorService workers;
    private ScheduledExecutorService watchdog;

    @Inject
    public FileFetcher(
            FileStore store,
            FilesConfig config,
            PartnerChannels channels,
            @DataSource("background") AgroalDataSource background,
            MeterRegistry meters) {
        this.store = store;
        this.config = config;
        this.channels = channels;
        this.background = background;
        this.meters = meters;
    }

    @PostConstruct
    void init() {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(Math.max(1, config.fetch().concurrency()), r -> {
            Thread t = new Thread(r, "file-fetcher-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "file-fetch-stalls");
            t.setDaemon(true);
            return t;
        });
        meters.gauge("border.files.fetch.active", running);
        meters.gauge("border.files.fetch.pending", this, FileFetcher::pendingCount);
    }

    @PreDestroy
    void close() throws InterruptedException {
        workers.shutdownNow();
        watchdog.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** What one fetch expects: the record's announcement. */
    record Due(String origin, UUID id, String sha256, long size, int attempts) {
        FileKey key() {
            return new FileKey(origin, id);
        }
    }

    @Scheduled(
            identity = "fetch-partner-files",
            every = "${border.federation.files.fetch.every:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    void poll() {
        if (!config.fetch().enabled()) {
            return;
        }
        int free = Math.max(1, config.fetch().concurrency()) - running.get();
        if (free <= 0) {
            return;
        }
        List<Due> due;
        try {
            due = claim(free, Set.copyOf(busy), turn());
        } catch (SQLException e) {
            LOG.warnf("the queue of files to fetch could not be read: %s", e.getMessage());
            return;
        }
        for (Due one : due) {
            running.incrementAndGet();
            busy.add(one.origin());
            lastClaimed.put(one.origin(), System.nanoTime());
            workers.execute(() -> {
                try {
                    fetch(one);
                } finally {
                    busy.remove(one.origin());
                    running.decrementAndGet();
                }
            });
        }
    }

    /** The owners this process fetched from, longest ago first (owners not in it come before all). */
    List<String> turn() {
        return lastClaimed.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Files due, leased to this process for the length of one fetch: at most one per owner, none
     * of an owner in {@code busy}, owners in the order of {@code turn} (those not in it first),
     * each owner's file due longest first.
     */
    List<Due> claim(int limit, Set<String> busy, List<String> turn) throws SQLException {
        return claim(background, config.fetch().lease(), limit, busy, turn);
    }

    static List<Due> claim(AgroalDataSource background, Duration lease, int limit, Set<String> busy, List<String> turn)
            throws SQLException {
        try (Connection c = background.getConnection();
                PreparedStatement update = c.prepareStatement("""
                        WITH first AS (
                            SELECT DISTINCT ON (origin) origin, id, next_attempt_at FROM federation.file_fetch
                            WHERE next_attempt_at <= now() AND NOT (origin::text = ANY (?))
                            ORDER BY origin, next_attempt_at),
                        picked AS (
                            SELECT f.origin, f.id FROM federation.file_fetch f JOIN first USING (origin, id)
                            ORDER BY array_position(?, f.origin::text) NULLS FIRST, first.next_attempt_at
                            LIMIT ? FOR UPDATE OF f SKIP LOCKED)
                        UPDATE federation.file_fetch f
                        SET next_attempt_at = now() + make_interval(secs => ?), attempts = f.attempts + 1
                        WHERE (f.origin, f.id) IN (SELECT origin, id FROM picked)
                        RETURNING f.origin, f.id, f.sha256, f.size, f.attempts""")) {
            update.setArray(1, c.createArrayOf("text", busy.toArray()));
            update.setArray(2, c.createArrayOf("text", turn.toArray()));
            update.setInt(3, limit);
            update.setDouble(4, lease.toMillis() / 1000.0);
            List<Due> due = new ArrayList<>();
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(
                            rs.getString(1),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getLong(4),
                            rs.getInt(5)));
                }
            }
            return due;
        }
    }

    /** One attempt: resume, stream, verify; the queue row is settled whatever happens. */
    void fetch(Due due) {
        FileKey key = due.key();
        long[] held = {0}; // what the store held before the call: 0 once an unreadable prefix is dropped
        try {
            held[0] = store.length(key);
            long started = System.nanoTime();
            String claimed = transfer(due, held);
            long transferred = System.nanoTime();
            String contentType = verifiedType(due, claimed);
            store.complete(key, due.size(), due.sha256(), contentType);
            LOG.debugf(
                    "file %s of %s complete: typed and marked in %d ms, %d ms in all",
                    due.id(),
                    due.origin(),
                    (System.nanoTime() - transferred) / 1_000_000,
                    (System.nanoTime() - started) / 1_000_000);
            done(due);
            unreadable.remove(key);
            meters.counter("border.files.fetched", "outcome", "complete").increment();
        } catch (Refused e) {
            // the owner's bytes are what it announced, but not a file we take: never tried again
            store.delete(key);
            unreadable.remove(key);
            meters.counter("border.files.fetched", "outcome", "refused").increment();
            LOG.warnf("file %s of %s refused: %s; not fetched again", due.id(), due.origin(), e.getMessage());
            refused(due, e.getMessage());
        } catch (Mismatch e) {
            // never served: the bytes go, the next attempt starts from nothing
            store.delete(key);
            unreadable.remove(key);
            meters.counter("border.files.fetched", "outcome", "mismatch").increment();
            LOG.warnf("file %s of %s: %s; dropped, fetched again later", due.id(), due.origin(), e.getMessage());
            failed(due, e.getMessage());
        } catch (StatusRuntimeException e) {
            if (FINAL.contains(e.getStatus().getCode())) {
                // the owner no longer lets us read it (we left its record) or no longer has it
                store.delete(key);
                unreadable.remove(key);
                done(due);
                meters.counter("border.files.fetched", "outcome", "gone").increment();
                LOG.warnf("file %s of %s: the owner answers %s; not fetched again", due.id(), due.origin(), e);
                return;
            }
            retry(due, e, held[0]);
        } catch (IOException | RuntimeException e) {
            retry(due, e, held[0]);
        }
    }

    /** The owner's answers that end a fetch for good. */
    static final Set<Status.Code> FINAL = Set.of(Status.Code.PERMISSION_DENIED, Status.Code.NOT_FOUND);

    private void retry(Due due, Exception e, long held) {
        meters.counter("border.files.fetched", "outcome", "failed").increment();
        long gained = gained(due.key(), held);
        LOG.infof(
                "file %s of %s not fetched yet (attempt %d, %d bytes kept from it): %s",
                due.id(), due.origin(), due.attempts(), gained, e);
        // the attempts still count after a call that moved on: an owner whose bytes then do not
        // match (dropped, from nothing again) waits longer and longer, as after any other failure
        settle(
                """
                UPDATE federation.file_fetch SET last_error = ?, next_attempt_at = now() + make_interval(secs => ?)
                WHERE origin = ? AND id = ?""",
                due,
                reason(e.getMessage()),
                retryWait(
                                        due.attempts(),
                                        gained,
                                        config.fetch().minProgress().asLongValue(),
                                        config.fetch().initialBackoff(),
                                        config.fetch().maxBackoff())
                                .toMillis()
                        / 1000.0);
    }

    /**
     * The wait after an attempt that broke having stored {@code gained} bytes: a long file on a link
     * that breaks now and then goes on soon after each call that moved it by {@code minProgress} or
     * more; otherwise {@link #backoff}.
     */
    static Duration retryWait(int attempts, long gained, long minProgress, Duration initial, Duration max) {
        return backoff(gained >= minProgress ? 1 : attempts, initial, max);
    }

    /** Bytes the store took during an attempt that began with {@code held} (0 if it cannot tell). */
    private long gained(FileKey key, long held) {
        try {
            return Math.max(0, store.length(key) - held);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * The type of the verified bytes as they show it (as intake decides it); {@link Refused} if it
     * is not allowed here or not the type the owner claims.
     */
    private String verifiedType(Due due, String claimed) throws Refused, IOException {
        if (claimed == null || claimed.isEmpty() || claimed.length() > MAX_TYPE) {
            throw new Refused("the owner claims a content type of " + (claimed == null ? 0 : claimed.length())
                    + " characters (1 to " + MAX_TYPE + ")");
        }
        String detected;
        try {
            detected = FileIntake.typeOfStored(store, due.key(), due.size(), Set.copyOf(config.allowedTypes()));
        } catch (FileRefused e) {
            throw new Refused(e.getMessage());
        }
        if (!detected.equals(claimed)) {
            throw new Refused("the bytes are " + detected + ", the owner claims " + claimed);
        }
        return detected;
    }

    static final int MAX_TYPE = 200;

    /** Stream the missing bytes into the store; the owner's content type once all match. */
    private String transfer(Due due, long[] held) throws IOException, Mismatch {
        FileKey key = due.key();
        long started = System.nanoTime();
        store.create(key);
        long created = System.nanoTime();
        long have = store.length(key);
        long measured = System.nanoTime();
        long from = have;
        long asked = 0;
        long firstByte = 0;
        long lastByte = 0;
        if (have > due.size()) {
            throw new Mismatch("more bytes stored than the file has");
        }
        MessageDigest sha256 = FileIntake.sha256();
        if (have > 0 && !readBack(key, have, sha256)) {
            // a prefix that cannot be read back attempt after attempt would fail every attempt, for
            // ever: it goes, and this attempt fetches the file from its first byte (if the store
            // cannot even drop it, the attempt fails and is tried again later)
            store.delete(key);
            store.create(key);
            sha256.reset();
            have = 0;
            from = 0;
            held[0] = 0;
        }
        String contentType = null;
        // our peer token fetched (if none is held) before the stall window starts: the owner's
        // window is for the owner's bytes, not for our own identity provider
        channels.prepareToken(due.origin());
        long tokened = System.nanoTime();
        // the store's writes overlap the stream: received chunks wait for the writer, at most WRITE_AHEAD
        Writer writer = new Writer(key);
        Context.CancellableContext call = Context.current().withCancellation();
        // fewer than min-progress bytes in a stall-timeout: the call is cut (hasNext throws
        // CANCELLED) and resumed later
        Duration stall = config.fetch().stallTimeout();
        FetchProgress progress = new FetchProgress(
                have, due.size(), config.fetch().minProgress().asLongValue(), stall, System.nanoTime());
        AtomicReference<IOException> cut = new AtomicReference<>();
        long period = Math.max(100, Math.min(1000, stall.toMillis() / 4));
        ScheduledFuture<?> watch = watchdog.scheduleAtFixedRate(
                () -> {
                    if (progress.stalled(System.nanoTime())) {
                        IOException why = new IOException(progress.reason());
                        if (cut.compareAndSet(null, why)) {
                            call.cancel(why);
                        }
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
        // bytes received and not yet handed to the writer (messages gather into chunk-size rows)
        ByteString row = ByteString.EMPTY;
        try {
            Context previous = call.attach();
            try {
                Iterator<FileChunk> chunks = FileTransferServiceGrpc.newBlockingStub(channels.channel(due.origin()))
                        .withCallCredentials(channels.credentials(due.origin()))
                        .withDeadlineAfter(config.fetch().timeout().toMillis(), TimeUnit.MILLISECONDS)
                        .fetch(FetchRequest.newBuilder()
                                .setFileId(due.id().toString())
                                .setOffset(have)
                                .build());
                asked = System.nanoTime();
                boolean first = true;
                int chunkSize = (int) config.chunkSize().asLongValue();
                var fetched = meters.counter("border.files.fetched.bytes");
                long renewEvery = Math.max(1, config.fetch().lease().toNanos() / 3);
                long renewAt = System.nanoTime() + renewEvery;
                while (chunks.hasNext()) {
                    if (System.nanoTime() - renewAt > 0) {
                        renewLease(due);
                        renewAt = System.nanoTime() + renewEvery;
                    }
                    FileChunk chunk = chunks.next();
                    // a message without bytes is no progress: it keeps no call open (FetchProgress)
                    progress.received(chunk.getData().size(), System.nanoTime());
                    if (progress.fragmented()) {
                        throw new IOException(progress.fragmentedReason());
                    }
                    if (first) {
                        firstByte = System.nanoTime();
                        if (chunk.getInfo().getSize() != due.size()
                                || !chunk.getInfo().getSha256().equals(due.sha256())) {
                            throw new Mismatch("the owner serves another file than the record announced");
                        }
                        contentType = chunk.getInfo().getContentType();
                        first = false;
                    }
                    if (chunk.getOffset() != have) {
                        throw new Mismatch("bytes at " + chunk.getOffset() + " where " + have + " were due");
                    }
                    ByteString data = chunk.getData();
                    if (have + data.size() > due.size()) {
                        throw new Mismatch("more bytes than the announced " + due.size());
                    }
                    for (java.nio.ByteBuffer part : data.asReadOnlyByteBufferList()) {
                        sha256.update(part);
                    }
                    // messages (at most 255 KiB) gathered into chunks of chunk-size, without a copy
                    row = row.concat(data);
                    have += data.size();
                    while (row.size() >= chunkSize) {
                        writer.append(have - row.size(), row.substring(0, chunkSize));
                        row = row.substring(chunkSize);
                    }
                    fetched.increment(data.size());
                }
                if (!row.isEmpty()) {
                    writer.append(have - row.size(), row);
                }
                lastByte = System.nanoTime();
                writer.finish();
            } catch (StatusRuntimeException e) {
                // cut (by the stall watch, the deadline or the network): what arrived in order is
                // kept, so that the next attempt resumes after it, however slow the link
                keepReceived(writer, have, row, due);
                // cut by the stall watch: its reason, not gRPC's CANCELLED
                if (cut.get() != null) {
                    throw cut.get();
                }
                throw e;
            } finally {
                call.detach(previous);
                writer.close();
            }
        } finally {
            watch.cancel(false);
            call.cancel(null);
        }
        if (have != due.size()) {
            throw new IOException("the stream ended at byte " + have + " of " + due.size());
        }
        if (LOG.isDebugEnabled()) {
            long stored = System.nanoTime();
            LOG.debugf(
                    "file %s of %s: bytes %d to %d in %d ms: row after %.1f ms, length %.1f, token %.1f, call"
                            + " %.1f, first byte after %d ms, last after %d ms, all stored after %d ms",
                    due.id(),
                    due.origin(),
                    from,
                    have,
                    (stored - started) / 1_000_000,
                    (created - started) / 1e6,
                    (measured - started) / 1e6,
                    (tokened - started) / 1e6,
                    (asked - started) / 1e6,
                    (firstByte - started) / 1_000_000,
                    (lastByte - started) / 1_000_000,
                    (stored - started) / 1_000_000);
        }
        String hash = HexFormat.of().formatHex(sha256.digest());
        if (!hash.equals(due.sha256())) {
            throw new Mismatch("SHA-256 " + hash + " of the bytes received is not the announced " + due.sha256());
        }
        return contentType;
    }

    /**
     * The stored prefix of {@code have} bytes hashed into {@code sha256}: true. False (logged) if
     * the store could not read it back whole ({@link #DROP_UNREADABLE_AFTER} attempts in a row: a
     * part gone, cut short, a read that keeps failing): it is to be dropped. Before that, and when
     * the read was cut by an interrupt (a shutdown), the attempt fails with the prefix kept.
     */
    private boolean readBack(FileKey key, long have, MessageDigest sha256) throws IOException {
        try (InputStream stored = store.open(key, 0)) {
            byte[] buffer = new byte[64 * 1024];
            long left = have;
            while (left > 0) {
                int n = stored.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("the stored bytes end before the stored length " + have);
                }
                sha256.update(buffer, 0, n);
                left -= n;
            }
            unreadable.remove(key);
            return true;
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()
                    || e instanceof java.io.InterruptedIOException
                    || e instanceof java.nio.channels.ClosedByInterruptException) {
                throw new IOException("reading back the stored bytes was interrupted", e);
            }
            int inARow = unreadable.merge(key, 1, Integer::sum);
            if (inARow < DROP_UNREADABLE_AFTER) {
                throw new IOException(
                        "the " + have + " bytes stored cannot be read back (" + inARow + " attempt(s) in a row;"
                                + " kept for now): " + e.getMessage(),
                        e);
            }
            unreadable.remove(key);
            LOG.warnf(
                    "file %s of %s: the %d bytes stored of it cannot be read back (%d attempts in a row: %s);"
                            + " dropped, fetched from the start",
                    key.id(), key.origin(), have, inARow, e.getMessage());
            return false;
        }
    }

    /** After a cut: the bytes received since the last whole chunk stored too, then every write done. */
    private static void keepReceived(Writer writer, long have, ByteString row, Due due) {
        try {
            if (!row.isEmpty()) {
                writer.append(have - row.size(), row);
            }
            writer.finish();
        } catch (IOException | RuntimeException e) {
            // the next attempt resumes from what the store holds
            LOG.debugf("file %s of %s: the bytes before a cut were not all kept: %s", due.id(), due.origin(), e);
        }
    }

    /** Still at it: keep the claim (a crash lets it lapse within one lease). */
    private void renewLease(Due due) {
        settle(
                "UPDATE federation.file_fetch SET next_attempt_at = now() + make_interval(secs => ?) "
                        + "WHERE origin = ? AND id = ?",
                due,
                "",
                config.fetch().lease().toMillis() / 1000.0);
    }

    private void done(Due due) throws RuntimeException {
        settle("DELETE FROM federation.file_fetch WHERE origin = ? AND id = ?", due, null, 0);
    }

    /** Refused for good: kept with its reason, never due again. */
    private void refused(Due due, String why) {
        settle("""
                UPDATE federation.file_fetch SET last_error = ?, next_attempt_at = 'infinity'
                WHERE origin = ? AND id = ?""", due, reason(why), -1);
    }

    private void failed(Due due, String why) {
        settle("""
                UPDATE federation.file_fetch SET last_error = ?, next_attempt_at = now() + make_interval(secs => ?)
                WHERE origin = ? AND id = ?""", due, reason(why), waitSeconds(due.attempts()));
    }

    private static String reason(String why) {
        why = why == null || why.isEmpty() ? "failed" : why;
        return why.length() > 1000 ? why.substring(0, 1000) : why;
    }

    /** The wait after the {@code attempts}-th attempt failed. */
    private double waitSeconds(int attempts) {
        return backoff(attempts, config.fetch().initialBackoff(), config.fetch().maxBackoff())
                        .toMillis()
                / 1000.0;
    }

    /**
     * The wait after the {@code attempts}-th attempt failed: {@code initial} after the first, doubled
     * per attempt, at most {@code max}. An attempt that stored at least {@code fetch.min-progress}
     * bytes before it broke waits only {@code initial} (as after a first failure): a long transfer
     * over a link that breaks now and then is not left to wait for {@code max-backoff} between calls
     * that each move it on; an owner that sends less than the floor per call (cut by the stall
     * watch), or bytes that do not match, still waits longer and longer.
     */
    static Duration backoff(int attempts, Duration initial, Duration max) {
        long wait = initial.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        return Duration.ofMillis(Math.min(max.toMillis(), wait < 0 ? max.toMillis() : wait));
    }

    private void settle(String sql, Due due, String why, double waitSeconds) {
        try (Connection c = background.getConnection();
                PreparedStatement statement = c.prepareStatement(sql)) {
            int i = 1;
            if (why != null) {
                if (!why.isEmpty()) {
                    statement.setString(i++, why);
                }
                if (waitSeconds >= 0) {
                    statement.setDouble(i++, waitSeconds);
                }
            }
            statement.setString(i++, due.origin());
            statement.setObject(i, due.id());
            statement.executeUpdate();
        } catch (SQLException e) {
            // the lease runs out and the file is tried again
            LOG.warnf("the queue entry of file %s could not be settled: %s", due.id(), e.getMessage());
        }
    }

    private double pendingCount() {
        try (Connection c = background.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT count(*) FROM federation.file_fetch WHERE next_attempt_at < 'infinity'");
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getLong(1) : Double.NaN;
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    /** Chunks a fetch may have received and not yet stored. */
    static final int WRITE_AHEAD = 8;

    /**
     * Stores one fetch's chunks in order on a thread of its own while the next ones arrive. A
     * failed write stops the fetch (what was stored stays for the next attempt); after
     * {@link #close} nothing more is written, so a mismatch can drop the file safely.
     */
    private final class Writer {

        private final FileKey key;
        private final java.util.concurrent.Semaphore room = new java.util.concurrent.Semaphore(WRITE_AHEAD);
        private final ExecutorService thread;
        private volatile Throwable failure;
        private volatile boolean closed;

        Writer(FileKey key) {
            this.key = key;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "file-writer");
                t.setDaemon(true);
                return t;
            });
        }

        void append(long offset, ByteString data) throws IOException {
            try {
                room.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            failed();
            thread.execute(() -> {
                try {
                    if (failure == null && !closed) {
                        // the received buffers as they are: one copy fewer in a store that writes them so
                        store.append(key, offset, data.asReadOnlyByteBufferList());
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e;
                } finally {
                    room.release();
                }
            });
        }

        /** Every chunk stored, or the failure. */
        void finish() throws IOException {
            thread.shutdown();
            await();
            failed();
        }

        /** Stop writing (queued chunks are skipped) and wait for the one being written. */
        void close() {
            closed = true;
            thread.shutdown();
            await();
        }

        private void await() {
            try {
                if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    thread.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void failed() throws IOException {
            if (failure != null) {
                throw new IOException("could not store a chunk: " + failure.getMessage(), failure);
            }
        }
    }

    /** The bytes are the file announced, but of a type we do not take or not the one claimed. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The bytes are not the file the record announced. */
    static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message);
        }
    }
}
