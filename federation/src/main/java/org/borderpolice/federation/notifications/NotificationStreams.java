package org.borderpolice.federation.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The open streams' loop. Every {@code poll-every} each stream looks at the newest id, which one
 * query per process reads for all of them (a stream adds no load while nothing is new); a stream
 * behind it reads the caller's notifications after its last id (the rule in the SQL) and sends
 * them; a stream that sent nothing for {@code keep-alive} sends a comment line.
 */
@ApplicationScoped
public class NotificationStreams {

    private static final Logger LOG = Logger.getLogger(NotificationStreams.class);

    /** Notifications read per query; a stream far behind catches up a page per tick. */
    static final int PAGE = 100;

    private final Notifications notifications;
    private final NotificationsConfig config;
    private final Object newestLock = new Object();
    private volatile long newest = -1;
    private volatile long newestReadAt;
    /** Open streams per user (jurisdiction/subject). */
    private final Map<String, Integer> openBySubject = new HashMap<>();

    @Inject
    public NotificationStreams(Notifications notifications, NotificationsConfig config) {
        this.notifications = notifications;
        this.config = config;
    }

    /**
     * A place for one more open stream of this user, as the action that gives it back (once,
     * however often it runs), or null when the user has {@code max-streams-per-subject} open.
     */
    public Runnable acquire(BorderPrincipal caller) {
        String key = caller.jurisdiction() + "/" + (caller.subject() == null ? "" : caller.subject());
        synchronized (openBySubject) {
            if (openBySubject.getOrDefault(key, 0) >= config.maxStreamsPerSubject()) {
                return null;
            }
            openBySubject.merge(key, 1, Integer::sum);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                synchronized (openBySubject) {
                    openBySubject.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
                }
            }
        };
    }

    /** The caller's notifications after {@code after}, then as they come, until the client goes. */
    public Multi<OutboundSseEvent> stream(BorderPrincipal caller, String username, long after, Sse sse) {
        Cursor cursor = new Cursor(caller, username, after);
        return Multi.createFrom()
                .ticks()
                .startingAfter(Duration.ofMillis(1))
                .every(config.pollEvery())
                .onOverflow()
                .drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .concatMap(tick -> Multi.createFrom().iterable(cursor.next(sse)));
    }

    /**
     * The newest id, read at most twice per {@code poll-every} for all streams together (a value
     * kept a whole period would be stale at a stream's next tick, doubling the delay).
     */
    long newest() {
        long now = System.nanoTime();
        long fresh = config.pollEvery().toNanos() / 2;
        if (newest >= 0 && now - newestReadAt < fresh) {
            return newest;
        }
        synchronized (newestLock) {
            if (newest < 0 || now - newestReadAt >= fresh) {
                newest = notifications.newest();
                newestReadAt = System.nanoTime();
            }
            return newest;
        }
    }

    private final class Cursor {
        private final BorderPrincipal caller;
        private final String username;
        private long last;
        private long lastSentAt = System.nanoTime();
        private boolean failing;
        private boolean positionSent;

        Cursor(BorderPrincipal caller, String username, long after) {
            this.caller = caller;
            this.username = username;
            this.last = after;
        }

        List<OutboundSseEvent> next(Sse sse) {
            List<OutboundSseEvent> events = new ArrayList<>();
            try {
                // every id up to upTo was visible when it was read (ids are numbered in commit order)
                long upTo = newest();
                if (upTo > last) {
                    for (Notification n : notifications.after(caller, username, last, PAGE)) {
                        events.add(sse.newEventBuilder()
                                .id(Long.toString(n.id()))
                                .name(n.kind())
                                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(Notification.class, n)
                                .build());
                        last = n.id();
                    }
                    if (events.size() < PAGE) {
                        // nothing more for this caller up to upTo: skip the others' rows
                        last = Math.max(last, upTo);
                    }
                }
                failing = false;
            } catch (RuntimeException e) {
                // the database away: the stream stays open and tries again at the next tick
                if (!failing) {
                    LOG.warnf("could not read notifications for a stream (will try again): %s", e.getMessage());
                    failing = true;
                }
            }
            if (!positionSent && events.isEmpty()) {
                // an id without data (a comment: the builder wants one of the two): the client's
                // Last-Event-ID from now on, no event dispatched
                // (the gateway learns where this stream starts; a reconnection misses nothing)
                events.add(sse.newEventBuilder()
                        .id(Long.toString(last))
                        .comment("position")
                        .build());
            }
            positionSent = true;
            long now = System.nanoTime();
            if (!events.isEmpty()) {
                lastSentAt = now;
            } else if (now - lastSentAt >= config.keepAlive().toNanos()) {
                events.add(sse.newEventBuilder().comment("keep-alive").build());
                lastSentAt = now;
            }
            return events;
        }
    }
}
