package org.borderpolice.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A stand-in for a service behind the gateway (the routing mechanics, not a service's rules): a
 * real HTTP server that answers every request with what it received (method, URI, headers, body
 * size), counts a body's bytes as they arrive, never answers {@code /api/v1/slow-test}, and serves
 * a small OpenAPI document on {@code /q/openapi}.
 */
final class Upstream {

    /** What a request brought. */
    record Received(String method, String uri, MultiMap headers, long bytes, boolean complete) {}

    final String name;
    final HttpServer server;
    /** Every request seen, by its X-Request-Id (complete or not). */
    final Map<String, Received> byRequestId = new ConcurrentHashMap<>();
    /** Bytes of a request's body received so far, by X-Request-Id. */
    final Map<String, AtomicLong> bodyBytes = new ConcurrentHashMap<>();

    final List<String> openApiPaths = new CopyOnWriteArrayList<>();

    /** Notification streams opened, by the token's subject. */
    final Map<String, AtomicLong> streamsOpened = new ConcurrentHashMap<>();
    /** Bytes written on "flood-" subjects' streams so far, by subject. */
    final Map<String, AtomicLong> floodBytes = new ConcurrentHashMap<>();

    Upstream(Vertx vertx, String name, List<String> paths) {
        this.name = name;
        this.openApiPaths.addAll(paths);
        this.server = vertx.createHttpServer().requestHandler(request -> {
            String id = request.getHeader("X-Request-Id");
            String key = id == null ? "none-" + System.nanoTime() : id;
            AtomicLong bytes = bodyBytes.computeIfAbsent(key, k -> new AtomicLong());
            byRequestId.put(key, new Received(request.method().name(), request.uri(), request.headers(), 0, false));
            if (request.path().equals("/api/v1/notifications/stream")) {
                notifications(request);
                return;
            }
            if (request.path().startsWith("/q/openapi")) {
                request.response()
                        .putHeader("content-type", "application/json")
                        .end(openApi().encode());
                return;
            }
            request.handler(chunk -> bytes.addAndGet(chunk.length()));
            request.endHandler(v -> {
                byRequestId.put(
                        key,
                        new Received(request.method().name(), request.uri(), request.headers(), bytes.get(), true));
                if (request.path().equals("/api/v1/slow-test")) {
                    return; // never answers
                }
                JsonObject headers = new JsonObject();
                request.headers()
                        .forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
                request.response()
                        .putHeader("content-type", "application/json")
                        .putHeader("Connection", "keep-alive, X-Upstream-Hop")
                        .putHeader("X-Upstream-Hop", "secret")
                        .putHeader("X-Upstream", name)
                        .end(new JsonObject()
                                .put("service", name)
                                .put("method", request.method().name())
                                .put("uri", request.uri())
                                .put("received", bytes.get())
                                .put("headers", headers)
                                .encode());
            });
        });
        try {
            server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A notification stream as a service answers it, by the token's subject (read, not verified:
     * the gateway verified it): "refused-" 403, "revoked-" 401, "silent-" a head and then nothing,
     * "flood-" events as fast as the gateway reads them; others a position and keep-alives.
     */
    private void notifications(io.vertx.core.http.HttpServerRequest request) {
        String subject = subject(request.getHeader("Authorization"));
        streamsOpened.computeIfAbsent(subject, k -> new AtomicLong()).incrementAndGet();
        io.vertx.core.http.HttpServerResponse response = request.response();
        if (subject.startsWith("refused-") || subject.startsWith("revoked-")) {
            int status = subject.startsWith("refused-") ? 403 : 401;
            response.setStatusCode(status)
                    .putHeader("content-type", "application/problem+json")
                    .end(new JsonObject().put("status", status).encode());
            return;
        }
        response.setChunked(true).putHeader("content-type", "text/event-stream");
        if (subject.startsWith("silent-")) {
            response.write(""); // the head only
            return;
        }
        if (subject.startsWith("flood-")) {
            AtomicLong bytes = floodBytes.computeIfAbsent(subject, k -> new AtomicLong());
            String data = "x".repeat(1000);
            long[] id = {0};
            Runnable[] fill = new Runnable[1];
            fill[0] = () -> {
                while (!response.writeQueueFull() && !response.closed()) {
                    String event = "id: " + (++id[0]) + "\nevent: flood\ndata: " + data + "\n\n";
                    bytes.addAndGet(event.length());
                    response.write(event);
                }
                response.drainHandler(v -> fill[0].run());
            };
            fill[0].run();
            return;
        }
        response.write(": position\nid: 7\n\n");
        io.vertx.core.Vertx v = io.vertx.core.Vertx.currentContext().owner();
        long periodic = v.setPeriodic(1000, t -> {
            if (!response.closed()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(x -> v.cancelTimer(periodic));
    }

    private static String subject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "";
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length < 2) {
            return "";
        }
        String payload =
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        return new JsonObject(payload).getString("sub", "");
    }

    int port() {
        return server.actualPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** A small document: each path with a GET, and a schema "Page" whose content names the service. */
    private JsonObject openApi() {
        JsonObject paths = new JsonObject();
        for (String path : openApiPaths) {
            String id = "get" + Math.abs(path.hashCode());
            paths.put(
                    path,
                    new JsonObject()
                            .put(
                                    "get",
                                    new JsonObject()
                                            .put("operationId", path.contains("federation") ? "listTransfers" : id)
                                            .put("tags", new JsonArray().add(name))
                                            .put(
                                                    "responses",
                                                    new JsonObject()
                                                            .put(
                                                                    "200",
                                                                    new JsonObject()
                                                                            .put("description", "ok")
                                                                            .put(
                                                                                    "content",
                                                                                    new JsonObject()
                                                                                            .put(
                                                                                                    "application/json",
                                                                                                    new JsonObject()
                                                                                                            .put(
                                                                                                                    "schema",
                                                                                                                    new JsonObject()
                                                                                                                            .put(
                                                                                                                                    "$ref",
                                                                                                                                    "#/components/schemas/Page"))))))));
        }
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", name).put("version", "1"))
                .put("tags", new JsonArray().add(new JsonObject().put("name", name)))
                .put("paths", paths)
                .put(
                        "components",
                        new JsonObject()
                                .put(
                                        "schemas",
                                        new JsonObject()
                                                .put(
                                                        "Page",
                                                        new JsonObject()
                                                                .put("type", "object")
                                                                .put("description", "page of " + name))));
    }
}
