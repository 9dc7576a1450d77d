package org.borderpolice.federation.http;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Stops a request whose body is left unread after a refusal: {@code Connection: close} over
 * HTTP/1.x. Never that header over HTTP/2, which forbids connection-specific headers (RFC 9113
 * 8.2.2: a client takes the answer for malformed, as the JDK's HttpClient does); there the stream
 * is reset with NO_ERROR once the answer is out (RFC 9113 8.1: the client stops sending the body),
 * and the connection serves its other streams.
 */
public final class ConnectionClose {

    private static final Logger LOG = Logger.getLogger(ConnectionClose.class);
    private static final long NO_ERROR = 0;

    private ConnectionClose() {}

    /** Ends the refused request's upload with its answer. */
    public static void afterAnswer(RoutingContext ctx) {
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            return;
        }
        ctx.addEndHandler(v -> {
            if (!ctx.request().isEnded()) {
                try {
                    ctx.response().reset(NO_ERROR);
                } catch (RuntimeException e) {
                    LOG.debug("the refused stream could not be reset", e);
                }
            }
        });
    }
}
