package org.borderpolice.gateway.service;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.gateway.MergedEventIds;
import org.borderpolice.gateway.RequestIds;
import org.borderpolice.gateway.client.Upstreams;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;

/**
 * The gateway's one notification stream: every service's {@code /api/v1/notifications/stream}
 * opened with the caller's token (each service decides what the caller gets), their events
 * passed on as they come with a merged id ({@link MergedEventIds}) so that one Last-Event-ID
 * resumes them all. A service down or gone is opened again every {@link #RETRY} from its last id
 * (nothing lost) while the others go on; one that refuses the caller (4xx) is left out, except a 401
 * (the token expired or was revoked), which ends the merged stream so the client comes back with a
 * fresh token. Streams
 * use a connection pool of their own: open streams never take the proxy's connections.
 */
@ApplicationScoped
public class MergedNotifications {

    private static final Logger LOG = Logger.getLogger(MergedNotifications.class);

    /** A service's stream that failed or ended is opened again after this. */
    public static final Duration RETRY = Duration.ofSeconds(2);

    /** A comment line after this without anything to send, so that proxies keep the stream open. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

    static final String PATH = "/api/v1/notifications/stream";

    /** Open merged streams × services, at most (HTTP/1.1 connections to the services). */
    static final int MAX_STREAM_CONNECTIONS = 10_000;

    /** One thing to send on the merged stream: an event (id, name, data) or a comment. */
    public record Item(String id, String name, String data, String comment) {}

    private final Upstreams upstreams;
    private final Vertx vertx;
    private final HttpClient client;

    @Inject
    public MergedNotifications(Upstreams upstreams, Vertx vertx, org.borderpolice.gateway.config.GatewayConfig config) {
        this.upstreams = upstreams;
        this.vertx = vertx;
        // no idle timeout: a quiet stream is open by design (the services send keep-alives)
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) config.timeouts().connect().toMillis())
                        .setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(MAX_STREAM_CONNECTIONS));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Set<String> services() {
        return upstreams.services().keySet();
    }

    /**
     * The merged stream for the caller whose {@code Authorization} header this is, resuming each
     * service after its id in {@code after} (services not in it: new notifications only).
     */
    public Multi<Item> open(String authorization, Map<String, Long> after, String requestId) {
        return Multi.createFrom()
                .emitter(
                        emitter -> new Merge(emitter, authorization, after, requestId).start(),
                        BackPressureStrategy.BUFFER);
    }

    /** One caller's merged stream: a connection per service, the ids, the keep-alive timer. */
    private final class Merge {
        private final MultiEmitter<? super Item> emitter;
        private final String authorization;
        private final String requestId;
        private final Map<String, Long> ids = new HashMap<>();
        private final Map<String, HttpClientRequest> open = new HashMap<>();
        private final Map<String, Boolean> refused = new LinkedHashMap<>();
        private volatile boolean closed;
        private long keepAliveTimer = -1;
        private long lastSentAt = System.nanoTime();

        Merge(MultiEmitter<? super Item> emitter, String authorization, Map<String, Long> after, String requestId) {
            this.emitter = emitter;
            this.authorization = authorization;
            this.requestId = requestId;
            this.ids.putAll(after);
        }

        void start() {
            emitter.onTermination(this::stop);
            for (String service : upstreams.services().keySet()) {
                connect(service);
            }
            keepAliveTimer = vertx.setPeriodic(1000, t -> {
                boolean due;
                synchronized (this) {
                    due = System.nanoTime() - lastSentAt >= KEEP_ALIVE.toNanos();
                }
                if (due) {
                    send(new Item(null, null, null, "keep-alive"));
                }
            });
        }

        private void stop() {
            closed = true;
            if (keepAliveTimer >= 0) {
                vertx.cancelTimer(keepAliveTimer);
            }
            synchronized (this) {
                open.values().forEach(r -> r.reset());
                open.clear();
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
                                emitter.complete();
                            } else if (status >= 400 && status < 500) {
                                // the service refuses this caller: it will not change by retrying
                                LOG.debugf("notifications of %s refused the caller: %d", service, status);
                                refusedBy(service);
                            } else {
                                retry(service, "HTTP " + status);
                            }
                            return;
                        }
                        Event event = new Event(service);
                        RecordParser lines = RecordParser.newDelimited("\n", line -> event.line(line.toString()));
                        response.handler(lines);
                        response.exceptionHandler(e -> retry(service, e.getMessage()));
                        response.endHandler(v -> retry(service, "ended"));
                    })
                    .onFailure(e -> retry(service, e.getMessage()));
        }

        private void retry(String service, String why) {
            synchronized (this) {
                open.remove(service);
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
                refused.put(service, true);
                all = refused.keySet().containsAll(upstreams.services().keySet());
            }
            if (all) {
                // no service gives this caller notifications: the stream ends
                emitter.complete();
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

        private void send(Item item) {
            if (closed) {
                return;
            }
            synchronized (this) {
                lastSentAt = System.nanoTime();
                emitter.emit(item);
            }
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
