package org.borderpolice.gateway.rest;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body on its way to a service, counted as it passes (nothing is held: each chunk
 * goes on as it comes): past the path's limit the stream fails, which resets the request to the
 * service; its end starts the response timeout.
 */
final class MeteredBody implements ReadStream<Buffer> {

    /** The body went past its limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("the body is larger than " + limit + " bytes", null, false, false);
        }
    }

    private final ReadStream<Buffer> source;
    private final long limit;
    private final Runnable onEnd;
    private long count;
    private boolean exceeded;
    private Handler<Throwable> exceptionHandler;

    MeteredBody(ReadStream<Buffer> source, long limit, Runnable onEnd) {
        this.source = source;
        this.limit = limit;
        this.onEnd = onEnd;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(chunk -> {
            if (exceeded) {
                return;
            }
            count += chunk.length();
            if (count > limit) {
                exceeded = true;
                source.pause();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new TooLarge(limit));
                }
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        if (!exceeded) {
            source.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (!exceeded) {
            source.fetch(amount);
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        if (endHandler == null) {
            source.endHandler(null);
            return this;
        }
        source.endHandler(v -> {
            onEnd.run();
            endHandler.handle(v);
        });
        return this;
    }
}
