package org.borderpolice.federation.files;

import java.time.Duration;

/**
 * The fetcher's rule against an owner that keeps a Fetch call open without sending the file:
 * within every window at least {@code min} bytes arrive (all the bytes still due if fewer, and
 * at least one), or the call is to be cut. Counted in bytes, not messages: empty or tiny messages
 * do not keep a call alive, nor does a stream left open after its last byte. Bytes are reported
 * by the thread that receives them; {@link #stalled} may be asked from any thread.
 *
 * <p>Nor may an owner send its bytes in a great many tiny messages, each costing the receiver a
 * message's work (and a node of the chunk being gathered): a call whose messages average fewer than
 * {@link #MIN_AVERAGE_MESSAGE} bytes, beyond {@link #MESSAGE_SLACK} of them, is {@link #fragmented}.
 */
final class FetchProgress {

    /** Bytes per message a call must average (the reference owner sends 255 KiB). */
    static final int MIN_AVERAGE_MESSAGE = 1024;

    /** Messages a call may carry beyond one per {@link #MIN_AVERAGE_MESSAGE} bytes (a short last one, say). */
    static final int MESSAGE_SLACK = 64;

    private final long size;
    private final long min;
    private final long window;
    private long have;
    /** Messages and bytes of this call. */
    private long messages;

    private long bytes;
    /** The bytes held when the current window began, and when it began (System.nanoTime). */
    private long markBytes;

    private volatile long markAt;

    FetchProgress(long have, long size, long min, Duration window, long now) {
        this.have = have;
        this.size = size;
        this.min = Math.max(1, min);
        this.window = window.toNanos();
        this.markBytes = have;
        this.markAt = now;
    }

    /**
     * {@code n} more bytes arrived at {@code now}: a new window begins once the current one has its
     * due, and the bytes beyond it count for the new one (a window ends only between messages, so
     * dropping them would ask more than {@code min} of a link that sends whole messages).
     */
    void received(long n, long now) {
        messages++;
        bytes += n;
        have += n;
        long due = due();
        if (have - markBytes >= due) {
            markBytes += (have - markBytes) / due * due;
            if (have - markBytes >= due()) {
                markBytes = have; // near the file's end, where the due shrinks
            }
            markAt = now;
        }
    }

    /** What the current window must bring. */
    private long due() {
        return Math.max(1, Math.min(min, size - markBytes));
    }

    /** Whether the current window ended, at {@code now}, without its bytes. */
    boolean stalled(long now) {
        return now - markAt > window;
    }

    /** Whether this call's messages are too many for its bytes (asked by the receiving thread). */
    boolean fragmented() {
        return messages > MESSAGE_SLACK + bytes / MIN_AVERAGE_MESSAGE;
    }

    /** Why a fragmented call is cut. */
    String fragmentedReason() {
        return messages + " messages brought " + bytes + " bytes: fewer than " + MIN_AVERAGE_MESSAGE
                + " bytes per message on average";
    }

    /** Why a stalled call is cut. */
    String reason() {
        return "fewer than " + min + " bytes (or the rest of the file) arrived within "
                + Duration.ofNanos(window).toMillis() + " ms";
    }
}
