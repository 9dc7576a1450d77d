package org.borderpolice.federation.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client as a browser's EventSource reads a stream (the JDK's HttpClient,
 * the body read line by line): events with their id (the last event id, as EventSource gives it),
 * name and data, and comment lines, in the order they come; an id without data moves the last
 * event id and is not an event. Blocking reads; a test bounds its run with a JUnit timeout.
 */
public final class SseClient implements AutoCloseable {

    /**
     * One thing received, at the blank line that ends it: an event (id, name, data), a position
     * (an id without data: EventSource takes it as its last event id and dispatches nothing), or
     * a comment alone (a keep-alive: comment set, the rest null).
     */
    public record Received(String id, String name, String data, String comment) {
        public boolean isComment() {
            return comment != null;
        }

        public boolean isPosition() {
            return comment == null && data == null;
        }
    }

    private final HttpClient http;
    private final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;
    private String lastEventId;

    private SseClient(HttpClient http, HttpResponse<Stream<String>> response) {
        this.http = http;
        this.response = response;
        this.lines = response.body().iterator();
    }

    /**
     * Opens {@code url} with {@code Accept: text/event-stream}, the bearer token (none when null)
     * and {@code Last-Event-ID} (none when null); returns once the answer's head came.
     */
    public static SseClient open(URI url, String token, String lastEventId) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Accept", "text/event-stream")
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(http, http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** A header of the answer, or null. */
    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The whole body of an answer that is not a stream (a refusal). */
    public String body() {
        List<String> all = new ArrayList<>();
        lines.forEachRemaining(all::add);
        return String.join("\n", all);
    }

    /** The id a reconnection would send as Last-Event-ID (the last id received, with or without an event). */
    public String lastEventId() {
        return lastEventId;
    }

    /** The next event, position or comment; blocks until it comes (at the blank line that ends it). */
    public Received next() {
        String id = null;
        String name = null;
        StringBuilder data = null;
        String comment = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (id != null) {
                    lastEventId = id;
                }
                if (data != null) {
                    return new Received(lastEventId, name, data.toString(), null);
                }
                if (id != null) {
                    return new Received(id, null, null, null); // a position: nothing dispatched
                }
                if (comment != null) {
                    return new Received(null, null, null, comment);
                }
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                comment = line.substring(1).strip();
                continue;
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
                    // retry and unknown fields: not used here
                }
            }
        }
        throw new IllegalStateException("the stream ended");
    }

    /** The next event, skipping comment lines and positions. */
    public Received nextEvent() {
        Received r;
        do {
            r = next();
        } while (r.isComment() || r.isPosition());
        return r;
    }

    /** The events received before the next comment line (a keep-alive): what the stream had to send. */
    public List<Received> eventsUntilComment() {
        List<Received> events = new ArrayList<>();
        for (Received r = next(); !r.isComment(); r = next()) {
            if (!r.isPosition()) {
                events.add(r);
            }
        }
        return events;
    }

    /**
     * The events received before the first comment line read {@code after} from now or later: a
     * keep-alive the server sent since, not one that waited unread. What the stream had to send
     * meanwhile.
     */
    public List<Received> eventsUntilCommentAfter(Duration after) {
        long from = System.nanoTime() + after.toNanos();
        List<Received> events = new ArrayList<>();
        for (Received r = next(); !r.isComment() || System.nanoTime() < from; r = next()) {
            if (!r.isComment() && !r.isPosition()) {
                events.add(r);
            }
        }
        return events;
    }

    /** Whether the server ends the stream within {@code limit} (everything until then read and dropped). */
    public boolean endsWithin(Duration limit) {
        java.util.concurrent.CompletableFuture<Void> drained = java.util.concurrent.CompletableFuture.runAsync(() -> {
            while (lines.hasNext()) {
                lines.next();
            }
        });
        try {
            drained.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // the connection was closed under the reader: ended too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } finally {
            http.close();
        }
    }
}
