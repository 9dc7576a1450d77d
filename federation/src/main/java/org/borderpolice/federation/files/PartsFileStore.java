package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
public abstract class PartsFileStore implements FileStore {

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
    private final FileRows rows;
    private final ObjectBackend objects;
    private final String prefix;
    private final TransactionSynchronizationRegistry transactions;

    /** For the container's client proxy of a subclass bean only. */
    PartsFileStore() {
        this(null, null, "", null);
    }

    /** {@code transactions} null: every write stands alone. */
    PartsFileStore(
            DataSource dataSource,
            ObjectBackend objects,
            String prefix,
            TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.rows = dataSource == null ? null : new FileRows(dataSource);
        this.objects = objects;
        this.prefix = prefix;
        this.transactions = transactions;
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
        rows.create(key);
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

    /** Puts the bytes of a part as the object named. */
    private interface Put {
        void to(String object) throws IOException;
    }

    private void append(FileKey key, long offset, Put put, int length) {
        String folder = folder(key);
        long stored = length(key);
        if (offset != stored) {
            // refused before any upload; the insert below still decides for concurrent writers
            throw new IllegalStateException("file " + key + ": bytes at " + offset + " do not follow what is stored");
        }
        if (length == 0) {
            return;
        }
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
        } catch (SQLException e) {
            throw new IllegalStateException("could not store bytes of a file", e);
        } finally {
            if (!inserted) {
                remove(object);
            }
        }
        if (!inserted) {
            throw new IllegalStateException("file " + key + ": bytes at " + offset + " do not follow what is stored");
        }
    }

    @Override
    public void complete(FileKey key, long size, String sha256, String contentType) {
        rows.complete(key, size, sha256, contentType);
    }

    @Override
    public Optional<StoredFile> find(FileKey key) {
        return rows.find(key);
    }

    @Override
    public InputStream open(FileKey key, long offset) {
        folder(key);
        return new PartStream(key, offset);
    }

    @Override
    public void delete(FileKey key) {
        List<String> named = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT object_key FROM federation.file_part WHERE origin = ? AND id = ?")) {
            FileRows.bind(select, key);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    named.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the parts of a file", e);
        }
        rows.delete(key);
        Pending pending = pending();
        if (pending != null) {
            // a rolled-back deletion keeps the rows: their objects must stay too
            pending.dropped.put(key, named);
        } else {
            removeAll(key, named);
        }
    }

    /**
     * The objects named, and any other object under the file's folder (the object of a writer
     * that stopped between its put and its row).
     */
    private void removeAll(FileKey key, List<String> named) {
        Set<String> all = new LinkedHashSet<>(named);
        try {
            all.addAll(objects.list(folder(key)));
        } catch (IOException | RuntimeException e) {
            LOG.warnf(
                    "could not list the objects of file %s (those of its parts are deleted): %s", key, e.getMessage());
        }
        all.forEach(this::remove);
    }

    /** Delete an object; one left behind is only space, so a failure is logged, not thrown. */
    private void remove(String object) {
        try {
            objects.delete(object);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not delete object %s of %s (left behind): %s", object, objects.where(), e.getMessage());
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

    /** Objects of one transaction: those it put go if it rolls back, those of files it deleted if it commits. */
    private final class Pending implements Synchronization {

        final List<String> written = new ArrayList<>();
        final Map<FileKey, List<String>> dropped = new LinkedHashMap<>();

        @Override
        public void beforeCompletion() {}

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                dropped.forEach(PartsFileStore.this::removeAll);
            } else {
                written.forEach(PartsFileStore.this::remove);
            }
        }
    }

    /** The stored bytes from a position on: one object open at a time, streamed. */
    private final class PartStream extends StoredBytes {

        private final FileKey key;
        private long position;
        private InputStream part;
        private long left;
        private boolean ended;

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

        /** A whole part asked for (a transfer reads chunk-size at a time): read into one array of that size. */
        @Override
        public byte[] readNBytes(int length) throws IOException {
            if (length > 0 && fill() && left == length) {
                byte[] whole = new byte[length];
                int n = part.readNBytes(whole, 0, length);
                if (n < length) {
                    throw new IOException("file " + key + ": an object ended " + (left - n) + " bytes early");
                }
                left = 0;
                position += length;
                return whole;
            }
            return super.readNBytes(length);
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
            long off;
            int length;
            String object;
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement("""
                            SELECT off, length, object_key FROM federation.file_part
                            WHERE origin = ? AND id = ? AND off + length > ?
                            ORDER BY off LIMIT 1""")) {
                FileRows.bind(select, key);
                select.setLong(3, position);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        ended = true;
                        rows.endsShort(key, position);
                        return false;
                    }
                    off = rs.getLong(1);
                    length = rs.getInt(2);
                    object = rs.getString(3);
                }
            } catch (SQLException e) {
                throw new IOException("could not read the parts of file " + key, e);
            }
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
