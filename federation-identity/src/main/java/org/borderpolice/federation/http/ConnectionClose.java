package org.borderpolice.federation.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Ends the connection after a refusal whose request body is left unread: {@code Connection: close}
 * over HTTP/1.x. Never over HTTP/2, which forbids connection-specific headers (RFC 9113 8.2.2: a
 * client takes the answer for malformed, as the JDK's HttpClient does); there the stream ends
 * with the answer and the connection serves other streams.
 */
public final class ConnectionClose {

    private ConnectionClose() {}

    /** Marks the answer to {@code request} as its connection's last, over HTTP/1.x. */
    public static void afterAnswer(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
    }
}
