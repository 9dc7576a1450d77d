package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postgresql.PGStatement;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Identifier;

/**
 * The default {@link FileStore}: files in {@code federation.file}, their bytes in rows of
 * {@code federation.file_chunk} (one per append, at most {@code chunk-size} each, stored
 * uncompressed out of line). Through the service's datasource, so writes join the caller's
 * transaction; a read takes a connection per chunk and never holds one between chunks.
 */
@ApplicationScoped
@Identifier("postgresql")
public class PostgresFileStore extends RowBackedFileStore {

    /** A chunk, stored only if it starts where the stored bytes end. */
    private static final String APPEND = """
            INSERT INTO federation.file_chunk (origin, id, off, data)
            SELECT ?, ?, ?, ?
            WHERE ? = (SELECT coalesce(max(off + octet_length(data)), 0) FROM federation.file_chunk
                       WHERE origin = ? AND id = ?)""";

    private final AgroalDataSource dataSource;

    /** For the container's client proxy only. */
    PostgresFileStore() {
        this(null);
    }

    @Inject
    public PostgresFileStore(AgroalDataSource dataSource) {
        super(dataSource);
        this.dataSource = dataSource;
    }

    @Override
    public long length(FileKey key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT off + octet_length(data) FROM federation.file_chunk
                        WHERE origin = ? AND id = ? ORDER BY off DESC LIMIT 1""")) {
            bind(select, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the stored length of a file", e);
        }
    }

    @Override
    public void append(FileKey key, long offset, byte[] data, int length) {
        byte[] bytes = length == data.length ? data : Arrays.copyOf(data, length);
        append(key, offset, insert -> insert.setBytes(4, bytes));
    }

    @Override
    public void append(FileKey key, long offset, InputStream data, int length) {
        // streamed to the server from the parts received, never gathered into one array
        append(key, offset, insert -> insert.setBinaryStream(4, data, length));
    }

    /** The bytes of a file at offset, bound by {@code bytes} as the statement's 4th parameter. */
    private interface Bytes {
        void bind(PreparedStatement insert) throws SQLException;
    }

    private void append(FileKey key, long offset, Bytes bytes) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(APPEND)) {
            insert.setString(1, key.origin());
            insert.setObject(2, key.id());
            insert.setLong(3, offset);
            bytes.bind(insert);
            insert.setLong(5, offset);
            insert.setString(6, key.origin());
            insert.setObject(7, key.id());
            if (insert.executeUpdate() != 1) {
                throw new IllegalStateException(
                        "file " + key + ": bytes at " + offset + " do not follow what is stored");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store bytes of a file", e);
        }
    }

    @Override
    public InputStream open(FileKey key, long offset) {
        return new ChunkStream(key, offset);
    }

    @Override
    public void delete(FileKey key) {
        rows.delete(key);
    }

    private static void bind(PreparedStatement statement, FileKey key) throws SQLException {
        FileRows.bind(statement, key);
    }

    /** The stored bytes from a position on, one chunk row in memory at a time. */
    private final class ChunkStream extends StoredBytes {

        private final FileKey key;
        private long position;
        private byte[] chunk;
        private int index;
        private boolean ended;

        ChunkStream(FileKey key, long position) {
            this.key = key;
            this.position = position;
        }

        @Override
        int readPart(byte[] buffer, int from, int length) {
            int n = Math.min(length, chunk.length - index);
            System.arraycopy(chunk, index, buffer, from, n);
            index += n;
            position += n;
            return n;
        }

        /**
         * A whole stored chunk asked for (a transfer reads chunk-size at a time): the driver's array
         * (one array of the row's size, whatever we ask for), handed over, not copied.
         */
        @Override
        ByteString readChunk(int length, int piece) throws IOException {
            if (length > 0 && fill() && index == 0 && chunk.length == length) {
                byte[] whole = chunk;
                chunk = null;
                position += length;
                return UnsafeByteOperations.unsafeWrap(whole);
            }
            return super.readChunk(length, piece);
        }

        @Override
        boolean fill() throws IOException {
            if (chunk != null && index < chunk.length) {
                return true;
            }
            if (ended) {
                return false;
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement("""
                            SELECT off, data FROM federation.file_chunk
                            WHERE origin = ? AND id = ? AND off + octet_length(data) > ?
                            ORDER BY off LIMIT 1""")) {
                bind(select, key);
                select.setLong(3, position);
                // bytea in binary: pgjdbc asks for text (hex, twice the bytes, encoded by the server and
                // decoded here) until a statement is prepared on the server, the 5th use on a connection
                select.unwrap(PGStatement.class).setPrepareThreshold(-1);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        ended = true;
                        rows.endsShort(key, position);
                        chunk = null;
                        return false;
                    }
                    long off = rs.getLong(1);
                    if (off > position) {
                        throw new IOException("file " + key + " has no bytes at " + position);
                    }
                    chunk = rs.getBytes(2);
                    index = (int) (position - off);
                    return true;
                }
            } catch (SQLException e) {
                throw new IOException("could not read bytes of file " + key, e);
            }
        }
    }
}
