package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

/**
 * A {@link FileStore} whose bytes are objects of an {@link ObjectBackend} (an S3-compatible
 * bucket, a directory; docs/files.md). The file's row stays in {@code federation.file}; each
 * append is one object, {@code <prefix><origin>/<id>/<offset, 19 digits>-<random>}, and one row of
 * {@code federation.file_part}, inserted only if the part starts where the stored ones end: the
 * stored length and the contiguity check stay transactional. The object is put (durably) before its
 * row, so a row always names an object; an object whose row is refused, or rolled back with the
 * caller's transaction, is deleted, and a file's objects go only once its deletion commits. The
 * random part keeps two writers of one offset off each other's object. Reads stream one object at
 * a time.
 */
public abstract class PartsFileStore extends RowBackedFileStore {

    private static final Logger LOG = Logger.getLogger(PartsFileStore.class);

    /** A jurisdiction code: what an origin is, and all a partner's origin can put in a key. */
    private static final Pattern ORIGIN = Pattern.compile("[0-9]{6}");

    /** A part, stored only if it starts where the stored parts end. */
    private static final String APPEND = """
            INSERT INTO federation.file_part (origin, id, off, length, object_key)
            SELECT ?, ?, ?, ?, ?
            WHERE ? = (SELECT coalesce(max(off + length), 0) FROM federation.file_part
                       WHERE origin = ? AND id = ?)""";

    private final DataSource dataSource;
    private final ObjectBackend objects;
    private final String prefix;
    private final TransactionSynchronizationRegistry transactions;
    /** {@code border.federation.files.in-flight}: see {@link #DEFAULT_IN_FLIGHT}. */
    private final Duration inFlight;

    /** For the container's client proxy of a subclass bean only. */
    PartsFileStore() {
        this(null, null, "", null, DEFAULT_IN_FLIGHT);
    }

    /** {@code transactions} null: every write stands alone. */
    PartsFileStore(
            DataSource dataSource,
            ObjectBackend objects,
            String prefix,
            TransactionSynchronizationRegistry transactions,
            Duration inFlight) {
        super(dataSource);
        if (inFlight.isNegative()) {
            throw new IllegalArgumentException("border.federation.files.in-flight: a negative time");
        }
        this.dataSource = dataSource;
        this.objects = objects;
        this.prefix = prefix;
        this.transactions = transactions;
        this.inFlight = inFlight;
    }

    @PreDestroy
    void close() {
        objects.close();
    }

    /** Refuses to start on a directory or bucket that cannot keep objects (review 33 C5). */
    public void check() {
        try {
            objects.check();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "border.federation.files.store: the " + objects.where() + " cannot keep files: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void create(FileKey key) {
        folder(key);
        super.create(key);
    }

    @Override
    public long length(FileKey key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT off + length FROM federation.file_part
                        WHERE origin = ? AND id = ? ORDER BY off DESC LIMIT 1""")) {
            FileRows.bind(select, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the stored length of a file", e);
        }
    }

    @Override
    public void append(FileKey key, long offset, byte[] data, int length) {
        append(key, offset, object -> objects.put(object, data, length), length);
    }

    @Override
    public void append(FileKey key, long offset, InputStream data, int length) {
        append(key, offset, object -> objects.put(object, data, length), length);
    }

    @Override
    public void append(FileKey key, long offset, List<ByteBuffer> data) {
        append(key, offset, object -> objects.put(object, data), BufferStream.length(data));
    }

    /** Puts the bytes of a part as the object named. */
    private interface Put {
        void to(String object) throws IOException;
    }

    private void append(FileKey key, long offset, Put put, int length) {
        String folder = folder(key);
        if (length == 0) {
            if (offset != length(key)) {
                throw new IllegalStateException(
                        "file " + key + ": bytes at " + offset + " do not follow what is stored");
            }
            return;
        }
        // no statement for the stored length first (a round trip per part, and a fetch's writer
        // appends where it stored the last part): the insert below decides, and an object it
        // refuses is deleted
        String object = folder + String.format("%019d-%s", offset, UUID.randomUUID());
        try {
            put.to(object);
        } catch (IOException | RuntimeException e) {
            remove(object); // a put that failed on its way may still have landed
            throw new IllegalStateException("could not store bytes of file " + key + ": " + e.getMessage(), e);
        }
        Pending pending = pending();
        if (pending != null) {
            pending.written.add(object);
        }
        boolean inserted = false;
        boolean answered = false;
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(APPEND)) {
            insert.setString(1, key.origin());
            insert.setObject(2, key.id());
            insert.setLong(3, offset);
            insert.setInt(4, length);
            insert.setString(5, object);
            insert.setLong(6, offset);
            insert.setString(7, key.origin());
            insert.setObject(8, key.id());
            inserted = insert.executeUpdate() == 1;
            answered = true;
        } catch (SQLException e) {
            throw new IllegalStateException("could not store bytes of a file", e);
        } finally {
            // refused: the object is no part's; no answer (a connection lost on the reply): the
            // insert may have committed, so the object goes only when no row names it
            if (!inserted && (answered || !namedNow(key, object))) {
                remove(object);
            }
        }
        if (!inserted) {
            throw new IllegalStateException("file " + key + ": bytes at " + offset + " do not follow what is stored");
        }
    }

    @Override
    public InputStream open(FileKey key, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("a negative offset: " + offset);
        }
        folder(key);
        return new PartStream(key, offset);
    }

    /**
     * The file's rows go, and its objects (each part's, and the rest of its folder) are queued in
     * {@code federation.file_object_deletion} in the same transaction: deleted by {@link #drain}
     * once it commits, never if it rolls back (review 33 S4). Outside a transaction they are
     * deleted at once.
     */
    @Override
    public void delete(FileKey key) {
        folder(key);
        // one statement: the queue entries and the rows go together, also outside a transaction (a
        // crash or a failed delete between two statements would leave rows naming queued objects)
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("""
                        WITH queued AS (
                            INSERT INTO federation.file_object_deletion (origin, id, object_key)
                            SELECT origin, id, object_key FROM federation.file_part WHERE origin = ? AND id = ?
                            UNION ALL SELECT ?, ?, NULL)
                        DELETE FROM federation.file WHERE origin = ? AND id = ?""")) {
            FileRows.bind(delete, key);
            delete.setString(3, key.origin());
            delete.setObject(4, key.id());
            delete.setString(5, key.origin());
            delete.setObject(6, key.id());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete a file", e);
        }
        if (transactions == null || transactions.getTransactionKey() == null) {
            drain(key); // committed already: nothing to wait for
        }
    }

    /** Queue entries settled per run of {@link #drain()} at most. */
    static final int DRAIN_BATCH = 100;

    /** Tries of one queued deletion before it is given up (logged as an error). */
    static final int MAX_ATTEMPTS = 60;

    /**
     * Deletes queued objects that are due ({@code FileObjectDeletions}' job): taken with
     * {@code FOR UPDATE SKIP LOCKED}, so replicas share the queue; an object that could not be
     * deleted is tried again later, waiting longer each time (up to an hour). Returns how many
     * entries were settled.
     */
    public int drain() {
        return drain(null);
    }

    private record Due(long seq, FileKey key, String object, int attempts) {}

    private int drain(FileKey only) {
        int settled = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Due> due = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT seq, origin, id, object_key, attempts FROM federation.file_object_deletion "
                                + "WHERE due_at <= clock_timestamp()"
                                + (only == null ? "" : " AND origin = ? AND id = ?")
                                + " ORDER BY seq LIMIT " + DRAIN_BATCH + " FOR UPDATE SKIP LOCKED")) {
                    if (only != null) {
                        FileRows.bind(select, only);
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            due.add(new Due(
                                    rs.getLong(1),
                                    new FileKey(rs.getString(2), rs.getObject(3, UUID.class)),
                                    rs.getString(4),
                                    rs.getInt(5)));
                        }
                    }
                }
                for (Due entry : due) {
                    Sweep swept = entry.object() == null ? removeRest(c, entry.key()) : null;
                    if (swept == Sweep.WAIT) {
                        // objects perhaps of the same file fetched again, their rows still to come:
                        // looked at again later, not a failed attempt
                        try (PreparedStatement later = c.prepareStatement(
                                "UPDATE federation.file_object_deletion SET due_at = clock_timestamp() + interval '1 minute' "
                                        + "WHERE seq = ?")) {
                            later.setLong(1, entry.seq());
                            later.executeUpdate();
                        }
                        settled++;
                        continue;
                    }
                    boolean done = swept != null
                            ? swept == Sweep.DONE
                            // an object a part row still names is not deleted (a file of the same key
                            // stored again): the entry is settled, the bytes stay
                            : named(c, entry) || remove(entry.object());
                    if (!done && entry.attempts() + 1 >= MAX_ATTEMPTS) {
                        // about two days of hourly tries: given up, said loudly, left for an operator
                        LOG.errorf(
                                "gave up deleting %s of file %s in %s after %d attempts: delete it by hand",
                                entry.object() == null
                                        ? "what no part row names in the folder"
                                        : "object " + entry.object(),
                                entry.key(),
                                objects.where(),
                                MAX_ATTEMPTS);
                        done = true;
                    }
                    try (PreparedStatement settle = c.prepareStatement(
                            done
                                    ? "DELETE FROM federation.file_object_deletion WHERE seq = ?"
                                    : "UPDATE federation.file_object_deletion SET attempts = attempts + 1, due_at = "
                                            + "clock_timestamp() + least(interval '1 hour', interval '10 seconds' * "
                                            + "power(2, least(attempts, 20))) WHERE seq = ?")) {
                        settle.setLong(1, entry.seq());
                        settle.executeUpdate();
                    }
                    settled++;
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.warnf("could not delete the objects of deleted files (tried again later): %s", e.getMessage());
        }
        return settled;
    }

    /**
     * How long an object that neither a part row nor a queued deletion names is left alone by a
     * deleted file's folder sweep while a file of the same key exists again (fetched again): it
     * may be that fetch's put whose part row is not committed yet (review 34 S1). Older, it is a
     * writer's leftover. Only then do the clocks of the store (a file server's modification
     * times, an object store's) and of this service matter: they must agree within it. The
     * default of {@code border.federation.files.in-flight} (FilesConfig), which an operator whose
     * store's clock runs behind widens.
     */
    static final Duration DEFAULT_IN_FLIGHT = Duration.ofMinutes(10);

    /** What a deleted file's folder sweep came to. */
    enum Sweep {
        DONE,
        /** An object could not be listed or deleted: a failed attempt. */
        FAILED,
        /** An object that may be a new writer's was left: looked at again later. */
        WAIT
    }

    /**
     * What is left in a deleted file's folder that no part row names. The folder is listed first:
     * with no file row of the key after that, nothing listed can be a writer's of the file fetched
     * again (the fetcher commits the file's row before its first put), and all of it goes. With
     * one, that file's parts stay, and an object nobody names yet stays while it is younger than
     * {@code in-flight} (or its time is unknown).
     */
    private Sweep removeRest(Connection c, FileKey key) throws SQLException {
        List<ObjectBackend.Listed> all;
        try {
            all = objects.list(folder(key));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not list the objects of file %s in %s: %s", key, objects.where(), e.getMessage());
            return Sweep.FAILED;
        }
        if (all.isEmpty()) {
            return Sweep.DONE;
        }
        Set<String> named =
                objectKeys(c, key, "SELECT object_key FROM federation.file_part WHERE origin = ? AND id = ?");
        Set<String> queued = objectKeys(
                c,
                key,
                "SELECT object_key FROM federation.file_object_deletion WHERE origin = ? AND id = ? AND object_key IS NOT NULL");
        boolean again = !objectKeys(c, key, "SELECT 'file' FROM federation.file WHERE origin = ? AND id = ?")
                .isEmpty();
        Instant settledBefore = Instant.now().minus(inFlight);
        Sweep sweep = Sweep.DONE;
        for (ObjectBackend.Listed object : all) {
            if (named.contains(object.key())) {
                continue;
            }
            boolean leftover = !again
                    || queued.contains(object.key())
                    || (object.modified() != null && object.modified().isBefore(settledBefore));
            if (!leftover) {
                sweep = sweep == Sweep.FAILED ? sweep : Sweep.WAIT;
            } else if (!remove(object.key())) {
                sweep = Sweep.FAILED;
            }
        }
        return sweep;
    }

    private static Set<String> objectKeys(Connection c, FileKey key, String sql) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (PreparedStatement select = c.prepareStatement(sql)) {
            FileRows.bind(select, key);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    private static boolean named(Connection c, Due entry) throws SQLException {
        return named(c, entry.key(), entry.object());
    }

    private static boolean named(Connection c, FileKey key, String object) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT 1 FROM federation.file_part WHERE origin = ? AND id = ? AND object_key = ?")) {
            FileRows.bind(select, key);
            select.setString(3, object);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Whether a part row names this object, asked on a connection of its own; true when that
     * cannot be known (an object left behind is swept with its file, a deleted live one is a file
     * lost).
     */
    private boolean namedNow(FileKey key, String object) {
        try (Connection c = dataSource.getConnection()) {
            return named(c, key, object);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("could not tell whether %s is a part of file %s: left in place", object, key);
            return true;
        }
    }

    /**
     * Delete an object; a failure is logged, not thrown (false: left behind for now). A key the
     * backend refuses as not of its shape is settled (true): retrying it could never succeed.
     */
    private boolean remove(String object) {
        try {
            objects.delete(object);
            return true;
        } catch (IllegalArgumentException e) {
            LOG.errorf(
                    "object %s of %s is not of the store's shape and is left alone: %s",
                    object, objects.where(), e.getMessage());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not delete object %s of %s: %s", object, objects.where(), e.getMessage());
            return false;
        }
    }

    /** The folder of a file's objects; an origin that is not a jurisdiction code shapes no key. */
    private String folder(FileKey key) {
        if (!ORIGIN.matcher(key.origin()).matches()) {
            throw new IllegalArgumentException("a file's origin is a jurisdiction code of 6 digits");
        }
        return prefix + key.origin() + "/" + key.id() + "/";
    }

    /** What the caller's transaction put and dropped, settled when it ends; null outside one. */
    private Pending pending() {
        if (transactions == null
                || transactions.getTransactionKey() == null
                || transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return null;
        }
        Pending pending = (Pending) transactions.getResource(this);
        if (pending == null) {
            pending = new Pending();
            transactions.putResource(this, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        return pending;
    }

    /** Objects one transaction put: deleted if it rolls back (those of files it deletes are queued in it). */
    private final class Pending implements Synchronization {

        final List<String> written = new ArrayList<>();

        @Override
        public void beforeCompletion() {}

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                written.forEach(PartsFileStore.this::remove);
            }
        }
    }

    /** Part rows a reader takes in one statement. */
    static final int ROWS_PER_READ = 32;

    /** A part's row: where its bytes start, how many, the object that holds them. */
    private record Part(long off, int length, String object) {}

    /** The stored bytes from a position on: one object open at a time, streamed. */
    private final class PartStream extends StoredBytes {

        private final FileKey key;
        private long position;
        private InputStream part;
        private long left;
        private boolean ended;
        /** The next parts' rows, read {@link #ROWS_PER_READ} at a time. */
        private final ArrayDeque<Part> ahead = new ArrayDeque<>();

        PartStream(FileKey key, long position) {
            this.key = key;
            this.position = position;
        }

        @Override
        int readPart(byte[] buffer, int from, int length) throws IOException {
            int n = part.read(buffer, from, (int) Math.min(length, left));
            if (n < 0) {
                throw new IOException("file " + key + ": an object ended " + left + " bytes early");
            }
            left -= n;
            position += n;
            return n;
        }

        @Override
        boolean fill() throws IOException {
            if (part != null && left > 0) {
                return true;
            }
            closePart();
            if (ended) {
                return false;
            }
            Part next = ahead.poll();
            if (next == null) {
                readRows();
                next = ahead.poll();
            }
            if (next == null) {
                ended = true;
                rows.endsShort(key, position);
                return false;
            }
            long off = next.off();
            long length = next.length();
            String object = next.object();
            if (off > position) {
                throw new IOException("file " + key + " has no bytes at " + position);
            }
            long skip = position - off;
            try {
                part = objects.get(object, skip, length - skip);
            } catch (IOException | RuntimeException e) {
                throw new IOException("could not read bytes of file " + key + ": " + e.getMessage(), e);
            }
            left = length - skip;
            return true;
        }

        /**
         * The rows of the parts from the position on, several in one statement: a transfer reads
         * every part of a file in turn, and a statement per part (a pooled connection, a round trip)
         * cost more than reading its object.
         */
        private void readRows() throws IOException {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement("""
                            SELECT off, length, object_key FROM federation.file_part
                            WHERE origin = ? AND id = ? AND off + length > ?
                            ORDER BY off LIMIT ?""")) {
                FileRows.bind(select, key);
                select.setLong(3, position);
                select.setInt(4, ROWS_PER_READ);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ahead.add(new Part(rs.getLong(1), rs.getInt(2), rs.getString(3)));
                    }
                }
            } catch (SQLException e) {
                throw new IOException("could not read the parts of file " + key, e);
            }
        }

        private void closePart() throws IOException {
            if (part != null) {
                part.close();
                part = null;
            }
        }

        @Override
        public void close() throws IOException {
            ended = true;
            closePart();
        }
    }
}
