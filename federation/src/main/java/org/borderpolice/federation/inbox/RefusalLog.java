package org.borderpolice.federation.inbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How much of a partner's refused events we write down one by one: up to a number per partner
 * per minute (inbox_rejection rows), and one warning per partner per minute in our log. Beyond
 * that a batch's refusals are summed up in one row and a debug line: a partner sending events we
 * refuse cannot fill our database or our log (it is told each refusal in its acknowledgement, and
 * the metric border_federation_inbox_events_total{outcome="REJECTED"} counts them all).
 */
final class RefusalLog {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final int perMinute;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RefusalLog(int perMinute) {
        this.perMinute = Math.max(0, perMinute);
    }

    /** How many of this many refusals of the partner may be written one by one now. */
    int take(String peer, int count) {
        Window w = windows.computeIfAbsent(peer, p -> new Window());
        synchronized (w) {
            w.roll();
            int allowed = Math.max(0, Math.min(count, perMinute - w.written));
            w.written += allowed;
            return allowed;
        }
    }

    /** Whether a warning about this partner's refusals may go to our log now (once a minute). */
    boolean warnNow(String peer) {
        Window w = windows.computeIfAbsent(peer, p -> new Window());
        synchronized (w) {
            w.roll();
            if (w.warned) {
                return false;
            }
            w.warned = true;
            return true;
        }
    }

    private static final class Window {
        long start = System.nanoTime();
        int written;
        boolean warned;

        void roll() {
            long now = System.nanoTime();
            if (now - start >= MINUTE) {
                start = now;
                written = 0;
                warned = false;
            }
        }
    }
}
