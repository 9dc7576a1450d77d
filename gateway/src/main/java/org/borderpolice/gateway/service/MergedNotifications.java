package org.borderpolice.gateway.service;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.gateway.MergedEventIds;
import org.borderpolice.gateway.RequestIds;
import org.borderpolice.gateway.client.Upstreams;
import org.borderpolice.gateway.config.GatewayConfig;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;

/**
 * The gateway's one notification stream: every service's {@code /api/v1/notifications/stream}
 * opened with the caller's token (each service decides what the caller gets), their events
 * passed on as they come with a merged id ({@link MergedEventIds}) so that one Last-Event-ID
 * resumes them all. A service down or gone (or silent past {@code idle-timeout}) is opened again
 * every {@link #RETRY} from its last id (nothing lost) while the others go on; one that refuses
 * the caller (4xx) is left out, except a 401 (the token expired or was revoked), which ends the
 * merged stream so the client comes back with a fresh token. The answer waits for the services'
 * first answers: when every one that answered refuses, the caller gets the refusal (403, or 401)
 * rather than a 200 that ends at once, which EventSource would reopen for ever (review 26 C4). A client that
 * does not read gets at most {@code max-pending} items held: the services' streams are paused from
 * half of it, and the merged stream ends past it. Streams use a connection pool of their own
 * (open streams never take the proxy's connections) with a bounded wait queue.
 */
@ApplicationScoped
public class MergedNotifications {

    private static final Logger LOG = Logger.getLogger(MergedNotifications.class);

    /** A service's stream that failed or ended is opened again after this. */
    public static final Duration RETRY = Duration.ofSeconds(2);

    static final String PATH = "/api/v1/notifications/stream";

    /** One thing to send on the merged stream: an event (id, name, data) or a comment. */
    public record Item(String id, String name, String data, String comment) {}

    private final Upstreams upstreams;
    private final Vertx vertx;
    private final HttpClient client;
    private final GatewayConfig config;

    @Inject
    public MergedNotifications(Upstreams upstreams, Vertx vertx, GatewayConfig config) {
        this.upstreams = upstreams;
        this.vertx = vertx;
        this.config = config;
        GatewayConfig.Notifications limits = config.notifications();
        // the streams' idle timeout is the Merge's own (Vert.x's request timeout ends with the response's head)
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) config.timeouts().connect().toMillis())
                        .setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(limits.maxConnections()).setMaxWaitQueueSize(limits.maxWaitQueue()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Set<String> services() {
        return upstreams.services().keySet();
    }

    /**
     * Opens the merged stream for the caller whose {@code Authorization} header this is, resuming
     * each service after its id in {@code after} (services not in it: new notifications only);
     * {@code onEnd} runs once when it ends, however it ends.
     */
    public Merge open(String authorization, Map<String, Long> after, String requestId, Runnable onEnd) {
        Merge merge = new Merge(authorization, after, requestId, onEnd);
        try {
            merge.start();
        } catch (RuntimeException | Error e) {
            // the caller's place (onEnd) is given back even when the stream never started
            merge.stop();
            throw e;
        }
        return merge;
    }

    /** How the services first answered a merged stream. */
    public enum Opening {
        /** At least one service streams, or one is down and will be tried again. */
        OPEN,
        /** Every service refused the caller (403, or another 4xx but 401). */
        REFUSED,
        /** A service no longer accepts the caller's token. */
        UNAUTHENTICATED,
        /** The gateway's connections for streams are all taken and the wait queue is full. */
        BUSY
    }

    /** One caller's merged stream: a connection per service, the ids, the items held for the client. */
    public final class Merge {
        private final String authorization;
        private final String requestId;
        private final Runnable onEnd;
        private final int maxPending;
        private final Map<String, Long> ids = new HashMap<>();
        private final Map<String, HttpClientRequest> open = new HashMap<>();
        private final Map<String, HttpClientResponse> responses = new HashMap<>();
        /** When each open service stream last brought bytes (System.nanoTime). */
        private final Map<String, Long> lastData = new HashMap<>();
        /** Each service's first answer, until the opening is decided. */
        private final Map<String, Opening> first = new LinkedHashMap<>();

        private final Map<String, Boolean> refused = new LinkedHashMap<>();
        private final Deque<Item> pending = new ArrayDeque<>();
        private final CompletableFuture<Opening> opening = new CompletableFuture<>();
        private MultiEmitter<? super Item> emitter;
        private boolean paused;
        private boolean completed;
        private volatile boolean closed;
        private long keepAliveTimer = -1;
        private long lastSentAt = System.nanoTime();

        Merge(String authorization, Map<String, Long> after, String requestId, Runnable onEnd) {
            this.authorization = authorization;
            this.requestId = requestId;
            this.onEnd = onEnd;
            this.maxPending = Math.max(2, config.notifications().maxPending());
            this.ids.putAll(after);
        }

        void start() {
            for (String service : upstreams.services().keySet()) {
                connect(service);
            }
            keepAliveTimer = vertx.setPeriodic(1000, t -> {
                boolean due;
                synchronized (this) {
                    due = pending.isEmpty()
                            && System.nanoTime() - lastSentAt
                                    >= config.notifications().keepAlive().toNanos();
                }
                if (due) {
                    send(new Item(null, null, null, "keep-alive"));
                }
                closeSilent();
            });
        }

        /**
         * Waits (blocking) for the services' first answers, at most {@code timeout}: OPEN as soon
         * as one streams; after the timeout OPEN too (the slow ones are still being opened).
         */
        public Opening awaitOpening(Duration timeout) throws InterruptedException {
            try {
                return opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return Opening.OPEN;
            } catch (ExecutionException e) {
                return Opening.OPEN;
            }
        }

        /** The merged stream's items (subscribe once). */
        public Multi<Item> items() {
            return Multi.createFrom()
                    .<Item>emitter(
                            e -> {
                                synchronized (this) {
                                    emitter = e;
                                }
                                e.onRequest(n -> drain());
                                e.onTermination(this::stop);
                                drain();
                            },
                            BackPressureStrategy.ERROR);
        }

        /** Ends the stream and its services' connections (the client went, or it was refused). */
        public void stop() {
            List<HttpClientRequest> reset;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                // a reset calls the request's handlers at once, and they take themselves out of these maps
                reset = List.copyOf(open.values());
                open.clear();
                responses.clear();
                lastData.clear();
                pending.clear();
            }
            try {
                if (keepAliveTimer >= 0) {
                    vertx.cancelTimer(keepAliveTimer);
                }
                for (HttpClientRequest request : reset) {
                    try {
                        request.reset();
                    } catch (RuntimeException e) {
                        LOG.debug("a service's stream could not be reset", e);
                    }
                }
                opening.complete(Opening.OPEN);
            } finally {
                // the caller's place is given back whatever happened above
                onEnd.run();
            }
        }

        private void connect(String service) {
            if (closed) {
                return;
            }
            URI base = upstreams.services().get(service).url();
            boolean https = "https".equals(base.getScheme());
            RequestOptions options = new RequestOptions()
                    .setHost(base.getHost())
                    .setPort(base.getPort() > 0 ? base.getPort() : https ? 443 : 80)
                    .setSsl(https)
                    .setMethod(HttpMethod.GET)
                    .setURI(PATH)
                    // until the head: a service that accepts and never answers (then closeSilent)
                    .setIdleTimeout(config.notifications().idleTimeout().toMillis())
                    .putHeader(HttpHeaders.ACCEPT, "text/event-stream")
                    .putHeader(RequestIds.HEADER, requestId);
            if (authorization != null) {
                options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
            }
            Long last;
            synchronized (this) {
                last = ids.get(service);
            }
            if (last != null) {
                options.putHeader("Last-Event-ID", Long.toString(last));
            }
            client.request(options)
                    .compose(request -> {
                        synchronized (this) {
                            if (closed) {
                                request.reset();
                            } else {
                                open.put(service, request);
                            }
                        }
                        return request.send();
                    })
                    .onSuccess(response -> {
                        int status = response.statusCode();
                        if (status != 200) {
                            response.request().reset();
                            if (status == 401) {
                                // the caller's token expired (a service ends its stream then) or was
                                // revoked: the merged stream ends, and the client comes back with a
                                // fresh token (review 26 M3)
                                LOG.debugf("notifications of %s: the token is no longer accepted", service);
                                answered(service, Opening.UNAUTHENTICATED);
                                end();
                            } else if (status == 429) {
                                // the service's cap per user (its old stream not yet noticed gone): later again
                                answered(service, null);
                                retry(service, "HTTP 429");
                            } else if (status >= 400 && status < 500) {
                                // the service refuses this caller: it will not change by retrying
                                LOG.debugf("notifications of %s refused the caller: %d", service, status);
                                answered(service, Opening.REFUSED);
                                refusedBy(service);
                            } else {
                                answered(service, null);
                                retry(service, "HTTP " + status);
                            }
                            return;
                        }
                        synchronized (this) {
                            if (closed) {
                                response.request().reset();
                                return;
                            }
                            responses.put(service, response);
                            lastData.put(service, System.nanoTime());
                            if (paused) {
                                response.pause();
                            }
                        }
                        answered(service, Opening.OPEN);
                        Event event = new Event(service);
                        RecordParser lines = RecordParser.newDelimited("\n", line -> event.line(line.toString()));
                        response.handler(bytes -> {
                            synchronized (this) {
                                lastData.put(service, System.nanoTime());
                            }
                            lines.handle(bytes);
                        });
                        response.exceptionHandler(e -> lost(service, response, e.getMessage()));
                        response.endHandler(v -> lost(service, response, "ended"));
                    })
                    .onFailure(e -> {
                        answered(service, e instanceof ConnectionPoolTooBusyException ? Opening.BUSY : null);
                        retry(service, e.getMessage());
                    });
        }

        /**
         * A service's first answer (null: down, will be retried); decides the opening once every
         * service answered, or at once when one streams or no longer accepts the token.
         */
        private void answered(String service, Opening outcome) {
            Opening decided = null;
            synchronized (this) {
                if (opening.isDone() || first.containsKey(service)) {
                    return;
                }
                first.put(service, outcome);
                if (outcome == Opening.OPEN || outcome == Opening.UNAUTHENTICATED) {
                    decided = outcome;
                } else if (first.size() == upstreams.services().size()) {
                    // refused by every service that answered (the others are down: a user they would
                    // serve is served by the others too, the roles and the jurisdiction being the same)
                    if (first.containsValue(Opening.REFUSED)) {
                        decided = Opening.REFUSED;
                    } else if (first.containsValue(Opening.BUSY)) {
                        decided = Opening.BUSY;
                    } else {
                        decided = Opening.OPEN; // every service down: the stream waits for them
                    }
                }
            }
            if (decided != null) {
                opening.complete(decided);
            }
        }

        /** A service's stream failed or ended: opened again, unless it was already replaced or closed as silent. */
        private void lost(String service, HttpClientResponse response, String why) {
            synchronized (this) {
                if (responses.get(service) != response) {
                    return;
                }
            }
            retry(service, why);
        }

        /**
         * Closes and opens again each service stream silent for the idle timeout (the services send
         * a comment every 20 s: a silent one is a half-open connection or a hung service). Not while
         * the client's backlog paused them: that silence is ours.
         */
        private void closeSilent() {
            java.util.List<String> silent = new java.util.ArrayList<>();
            synchronized (this) {
                if (closed || paused) {
                    return;
                }
                long now = System.nanoTime();
                long limit = config.notifications().idleTimeout().toNanos();
                for (Map.Entry<String, Long> last : lastData.entrySet()) {
                    if (responses.containsKey(last.getKey()) && now - last.getValue() >= limit) {
                        silent.add(last.getKey());
                    }
                }
                for (String service : silent) {
                    HttpClientRequest request = open.remove(service);
                    responses.remove(service);
                    lastData.remove(service);
                    if (request != null) {
                        request.reset();
                    }
                }
            }
            for (String service : silent) {
                retry(service, "silent for " + config.notifications().idleTimeout());
            }
        }

        private void retry(String service, String why) {
            synchronized (this) {
                open.remove(service);
                responses.remove(service);
                lastData.remove(service);
            }
            if (closed) {
                return;
            }
            LOG.debugf("notifications of %s unavailable (%s): again in %s", service, why, RETRY);
            vertx.setTimer(RETRY.toMillis(), t -> connect(service));
        }

        private void refusedBy(String service) {
            boolean all;
            synchronized (this) {
                open.remove(service);
                responses.remove(service);
                refused.put(service, true);
                all = refused.keySet().containsAll(upstreams.services().keySet());
            }
            if (all) {
                // no service gives this caller notifications: the stream ends
                end();
            }
        }

        /** A service's event (its id, or only a new position), passed on with the merged id. */
        private void received(String service, String id, String name, String data) {
            String merged = null;
            if (id != null && id.matches("[0-9]{1,18}")) {
                synchronized (this) {
                    ids.put(service, Long.parseLong(id));
                    merged = MergedEventIds.format(ids);
                }
            }
            if (data == null && merged == null) {
                return;
            }
            send(new Item(merged, data == null ? null : name, data, null));
        }

        /** Holds an item for the client; past max-pending the client is not reading: the stream ends. */
        private void send(Item item) {
            boolean overflow;
            synchronized (this) {
                if (closed) {
                    return;
                }
                lastSentAt = System.nanoTime();
                overflow = pending.size() >= maxPending;
                if (!overflow) {
                    pending.add(item);
                }
            }
            if (overflow) {
                // what is held cannot be sent either: the stream ends now (the client resumes with its id)
                LOG.debugf("a merged stream's client left %d items unread: the stream ends", maxPending);
                MultiEmitter<? super Item> e;
                synchronized (this) {
                    pending.clear();
                    completed = true;
                    e = emitter;
                }
                stop();
                if (e != null) {
                    e.complete();
                }
                return;
            }
            drain();
        }

        /** Passes on what the client asked for; pauses the services while half of max-pending waits. */
        private void drain() {
            synchronized (this) {
                if (emitter != null) {
                    while (!pending.isEmpty() && emitter.requested() > 0 && !emitter.isCancelled()) {
                        emitter.emit(pending.poll());
                    }
                    if (completed && pending.isEmpty()) {
                        emitter.complete();
                    }
                }
                boolean full = pending.size() >= maxPending / 2;
                if (full != paused) {
                    paused = full;
                    long now = System.nanoTime();
                    for (Map.Entry<String, HttpClientResponse> response : responses.entrySet()) {
                        if (full) {
                            response.getValue().pause();
                        } else {
                            lastData.put(response.getKey(), now); // the pause was ours, not the service's silence
                            response.getValue().resume();
                        }
                    }
                }
            }
        }

        /** The merged stream ends after what is held was sent. */
        private void end() {
            opening.complete(Opening.OPEN);
            synchronized (this) {
                completed = true;
            }
            drain();
        }

        /** The lines of one service's stream, assembled into events (the SSE format). */
        private final class Event {
            private final String service;
            private String id;
            private String name;
            private StringBuilder data;

            Event(String service) {
                this.service = service;
            }

            void line(String raw) {
                String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
                if (line.isEmpty()) {
                    if (id != null || data != null) {
                        received(service, id, name, data == null ? null : data.toString());
                    }
                    id = null;
                    name = null;
                    data = null;
                    return;
                }
                if (line.startsWith(":")) {
                    return; // the service's keep-alive: the gateway sends its own
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> name = value;
                    case "data" ->
                        data = data == null
                                ? new StringBuilder(value)
                                : data.append('\n').append(value);
                    default -> {
                        // retry: the gateway decides when to open a service's stream again
                    }
                }
            }
        }
    }
}
