package org.borderpolice.federation.identity;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.arc.DefaultBean;

/**
 * Refused accesses of a service without an audit log (the gateway): one log line each, at most
 * {@link #PER_MINUTE} a minute; the rest are counted and reported in one line when the next
 * minute's first refusal comes, so that a caller cannot flood the log. A service with a database
 * replaces this bean with its audit (federation's {@code RefusedAccess}).
 */
@ApplicationScoped
@DefaultBean
public class LoggedAccessRefusals implements AccessRefusals {

    private static final Logger LOG = Logger.getLogger(LoggedAccessRefusals.class);
    static final int PER_MINUTE = 60;

    private final AtomicLong minute = new AtomicLong();
    private final AtomicLong inMinute = new AtomicLong();

    @Override
    public void record(
            String channel,
            String what,
            String why,
            String actor,
            String jurisdiction,
            String authorization,
            String from) {
        long now = System.currentTimeMillis() / 60_000;
        long previous = minute.get();
        if (previous != now && minute.compareAndSet(previous, now)) {
            long earlier = inMinute.getAndSet(0);
            if (earlier > PER_MINUTE) {
                LOG.infof(
                        "access refused: %d more refusal(s) in the previous minute, not logged one by one",
                        earlier - PER_MINUTE);
            }
        }
        if (inMinute.incrementAndGet() <= PER_MINUTE) {
            // the caller's own words (path, claims) are not echoed beyond what we decided on
            LOG.infof(
                    "access refused (%s) %s: %s; caller %s of %s, from %s",
                    channel,
                    what,
                    why,
                    actor == null ? "anonymous" : actor,
                    jurisdiction == null ? "-" : jurisdiction,
                    from);
        }
    }
}
