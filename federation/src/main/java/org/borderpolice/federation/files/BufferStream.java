package org.borderpolice.federation.files;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

/** The bytes left in some buffers, in order, as a stream (the buffers' own positions do not change). */
final class BufferStream extends InputStream {

    private final List<ByteBuffer> buffers;
    private int index;
    private ByteBuffer current;

    BufferStream(List<ByteBuffer> buffers) {
        this.buffers = buffers;
    }

    /** The bytes left in all of them (an ArithmeticException past an int: one append's bytes). */
    static int length(List<ByteBuffer> buffers) {
        long length = 0;
        for (ByteBuffer buffer : buffers) {
            length += buffer.remaining();
        }
        return Math.toIntExact(length);
    }

    /** Copies of the buffers to read from (positions of their own), those with bytes left only. */
    static ByteBuffer[] views(List<ByteBuffer> buffers) {
        return buffers.stream()
                .filter(ByteBuffer::hasRemaining)
                .map(ByteBuffer::duplicate)
                .toArray(ByteBuffer[]::new);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (current == null || !current.hasRemaining()) {
            if (index == buffers.size()) {
                return -1;
            }
            current = buffers.get(index++).duplicate();
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }
}
