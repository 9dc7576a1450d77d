package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Where a {@link PartsFileStore} keeps the bytes of its parts, one object per part: an
 * S3-compatible bucket ({@link S3Backend}) or a directory ({@link DirectoryBackend}). Keys are
 * built by the store alone, from a validated origin, the file's UUID and the part's offset.
 */
interface ObjectBackend extends AutoCloseable {

    /** Store {@code length} bytes of {@code data} as a new object; once this returns, the object is durable. */
    void put(String key, byte[] data, int length) throws IOException;

    /** As {@link #put(String, byte[], int)}, the bytes read from {@code data}. */
    default void put(String key, InputStream data, int length) throws IOException {
        byte[] bytes = data.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("the stream ended after " + bytes.length + " of " + length + " bytes");
        }
        put(key, bytes, length);
    }

    /** As {@link #put(String, byte[], int)}, the bytes those left in {@code data}, in order. */
    default void put(String key, List<ByteBuffer> data) throws IOException {
        put(key, new BufferStream(data), BufferStream.length(data));
    }

    /** {@code length} bytes of the object from {@code from} on (an IOException if it is gone). */
    InputStream get(String key, long from, long length) throws IOException;

    /** Delete the object; nothing happens if it does not exist. */
    void delete(String key) throws IOException;

    /** The objects under {@code folder} (a key prefix ending in '/'), with when each was last written. */
    List<Listed> list(String folder) throws IOException;

    /** An object of a listing: its key, and when it was last written by the store's clock. */
    record Listed(String key, java.time.Instant modified) {}

    /**
     * That objects can be kept there (the directory writable, the bucket reachable with these
     * credentials): checked at start, so a wrong setting stops the service instead of its first upload.
     */
    void check() throws IOException;

    /** Where the objects are, for messages: "bucket files", "directory /srv/files". */
    String where();

    @Override
    default void close() {}
}
