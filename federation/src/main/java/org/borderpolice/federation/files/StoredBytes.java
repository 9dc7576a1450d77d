package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;

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
}
