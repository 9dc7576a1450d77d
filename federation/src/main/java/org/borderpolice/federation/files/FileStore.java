package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Where the bytes of files live (SPI, docs/files.md): {@link PostgresFileStore} by default; an
 * S3-compatible object store is the documented option. Chosen by
 * {@code border.federation.files.store}: the implementation is a bean with that
 * {@code @Identifier}.
 *
 * <p>A file is written from offset 0 in contiguous appends (so a fetch resumes at
 * {@link #length}), then marked complete with its SHA-256, size and type. Writes join the caller's
 * transaction where the store can (PostgreSQL does): intake that refuses a file rolls back and
 * stores nothing. Reads stream; no implementation holds a whole file in memory.
 */
public interface FileStore {

    /** Start a file (no bytes yet); nothing happens if it exists. */
    void create(FileKey key);

    /** Bytes stored so far (0 for none or for a file that does not exist). */
    long length(FileKey key);

    /**
     * Add bytes at {@code offset}, which must be {@link #length} (IllegalStateException
     * otherwise: a concurrent writer, or a caller that lost its place).
     */
    void append(FileKey key, long offset, byte[] data, int length);

    /**
     * As {@link #append(FileKey, long, byte[], int)}, with {@code length} bytes read from
     * {@code data}: a fetch hands over the parts it received without gathering them into one array.
     */
    default void append(FileKey key, long offset, InputStream data, int length) throws IOException {
        byte[] bytes = data.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("the stream ended after " + bytes.length + " of " + length + " bytes");
        }
        append(key, offset, bytes, length);
    }

    /**
     * As {@link #append(FileKey, long, InputStream, int)}, the bytes being those left in
     * {@code data} in order (their positions do not change): a fetch hands over the buffers it
     * received, and a store that can write them as they are (the directory store: one gathering
     * write) copies them no more than the JDK does (heap buffers into its temporary direct ones).
     */
    default void append(FileKey key, long offset, List<ByteBuffer> data) throws IOException {
        append(key, offset, new BufferStream(data), BufferStream.length(data));
    }

    /** Every byte is there and verified: the file may be served from now on. */
    void complete(FileKey key, long size, String sha256, String contentType);

    /** The file, complete or not. */
    Optional<StoredFile> find(FileKey key);

    /** The stored bytes from {@code offset} on; the stream reads them a chunk at a time. */
    InputStream open(FileKey key, long offset);

    /** The file and its bytes; nothing happens if it does not exist. */
    void delete(FileKey key);
}
