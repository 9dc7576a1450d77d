package org.borderpolice.federation.grpc;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * gRPC messages are taken uncompressed only. The message size limit
 * ({@code border.federation.grpc.max-message-size}) is checked on the bytes as sent, and the
 * server would inflate a gzip message without any limit, before the caller's token is even read:
 * a message of 400 KB could become 400 MB in the heap. So a call whose {@code grpc-encoding} is
 * anything but {@code identity} is answered before it reaches the gRPC server, as the gRPC over
 * HTTP/2 spec says for an encoding the server does not support: {@code UNIMPLEMENTED}, with
 * {@code grpc-accept-encoding: identity}. No relay of this suite compresses. A call that names no
 * encoding is taken as {@code identity}, whatever its messages' compressed flag says.
 */
@ApplicationScoped
public class UncompressedGrpcOnly {

    private static final Logger LOG = Logger.getLogger(UncompressedGrpcOnly.class);
    /** Before the gRPC route and Quarkus's body handler, as GrpcOnlyOverTls. */
    private static final int ORDER = Integer.MIN_VALUE;

    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    static final String ENCODING = "grpc-encoding";

    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String encoding = request.getHeader(ENCODING);
        if (!isGrpc(request.getHeader(HttpHeaders.CONTENT_TYPE)) || "identity".equals(encoding)) {
            ctx.next();
            return;
        }
        if (encoding == null) {
            // named, so that a message flagged compressed is read as it is (and refused as no valid
            // protobuf): without an encoding the gRPC server dropped it with an uncaught exception
            request.headers().set(ENCODING, "identity");
            ctx.next();
            return;
        }
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf(
                    "refused a compressed gRPC call from %s (further ones this minute are not logged)",
                    request.remoteAddress());
        }
        // trailers-only: the status in the one HEADERS frame, no message read
        request.response()
                .setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/grpc")
                .putHeader("grpc-accept-encoding", "identity")
                .putHeader("grpc-status", "12")
                .putHeader("grpc-message", "compressed messages are not accepted here: send them uncompressed")
                .end();
    }

    /** Any gRPC content type (application/grpc, +proto, +json, ...): the gRPC server's own rule. */
    static boolean isGrpc(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "application/grpc", 0, 16);
    }
}
