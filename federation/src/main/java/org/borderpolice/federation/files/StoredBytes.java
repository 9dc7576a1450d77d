package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

/** A store's stream of a file's stored bytes, read a stored part (chunk row or object) at a time. */
abstract class StoredBytes extends InputStream {

    /** A part with bytes left to read, the next one fetched when needed; false at the end. */
    abstract boolean fill() throws IOException;

    /** At most {@code length} bytes of the current part, which {@link #fill} said has some. */
    abstract int readPart(byte[] buffer, int from, int length) throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] buffer, int from, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        return fill() ? readPart(buffer, from, length) : -1;
    }

    /**
     * The next {@code length} bytes (fewer only at the end), as a transfer sends them: arrays of at
     * most {@code piece} bytes, each read into by the store and never copied again. Small arrays,
     * not one of {@code length}: an array of half a G1 region or more (512 KiB with the 1 MB regions
     * of heaps up to 2 GB) is a humongous object, and 1 MiB ones per chunk cost the owner
     * collections during transfers (bench/README.md). A store whose reads produce an array anyway
     * hands over that one instead ({@link PostgresFileStore}: the driver's chunk row).
     */
    ByteString readChunk(int length, int piece) throws IOException {
        return pieces(this, length, piece);
    }

    /** {@link #readChunk} of any stream (a store that is no {@code StoredBytes}: in pieces). */
    static ByteString readChunk(InputStream in, int length, int piece) throws IOException {
        return in instanceof StoredBytes stored ? stored.readChunk(length, piece) : pieces(in, length, piece);
    }

    private static ByteString pieces(InputStream in, int length, int piece) throws IOException {
        ByteString chunk = ByteString.EMPTY;
        while (chunk.size() < length) {
            byte[] bytes = new byte[Math.min(piece, length - chunk.size())];
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n > 0) {
                // read for this chunk only, never written again: wrapped, not copied
                chunk = chunk.concat(UnsafeByteOperations.unsafeWrap(bytes, 0, n));
            }
            if (n < bytes.length) {
                break; // the end
            }
        }
        return chunk;
    }
}
