package org.borderpolice.gateway.client;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.gateway.Bulletin;
import org.borderpolice.gateway.RequestIds;
import org.borderpolice.gateway.Routes;
import org.borderpolice.gateway.config.GatewayConfig;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

/**
 * A service's statistics, asked for with the caller's own token (the service applies its access
 * rules and audits the read, as for any other request through the gateway). The service is the
 * one the gateway routes the path to. Never fails: a service that refuses, cannot be reached or
 * does not answer in time is an answer without figures that says why.
 */
@ApplicationScoped
public class ServiceStatistics {

    private static final Logger LOG = Logger.getLogger(ServiceStatistics.class);

    /** The figures (null when the service gave none) and where they came from. */
    public record Answer(Bulletin.Source source, JsonNode figures) {}

    @Inject
    Upstreams upstreams;

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper json;

    /** GET {@code path?query} at the service that answers {@code path}. */
    public Future<Answer> get(String path, String query, String authorization, String requestId) {
        Routes.Target target = upstreams.routes().match(path);
        if (target == null) {
            return Future.succeededFuture(
                    new Answer(Bulletin.Source.missing(null, "no service is configured for " + path), null));
        }
        String service = target.service();
        return upstreams
                .request(service)
                .compose(request -> send(request, target.path() + "?" + query, authorization, requestId))
                .compose(response -> response.body().map(body -> answer(service, response, body)))
                .recover(failure -> {
                    LOG.warnf("statistics of %s for the bulletin: %s (request id %s)", service, failure, requestId);
                    return Future.succeededFuture(new Answer(Bulletin.Source.missing(service, why(failure)), null));
                });
    }

    private Future<HttpClientResponse> send(
            HttpClientRequest request, String uri, String authorization, String requestId) {
        request.setMethod(HttpMethod.GET)
                .setURI(uri)
                .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .putHeader(RequestIds.HEADER, requestId)
                .idleTimeout(config.timeouts().response().toMillis());
        return request.send();
    }

    private Answer answer(String service, HttpClientResponse response, Buffer body) {
        JsonNode document;
        try {
            document = json.readTree(body.getBytes());
        } catch (IOException | RuntimeException e) {
            document = null;
        }
        if (response.statusCode() == 200 && document != null && document.isObject()) {
            return new Answer(Bulletin.Source.of(service), document);
        }
        String detail = document == null ? "" : document.path("detail").asText("");
        return new Answer(
                Bulletin.Source.missing(
                        service,
                        "the service answered " + response.statusCode() + (detail.isEmpty() ? "" : ": " + detail)),
                null);
    }

    private static String why(Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof ConnectTimeoutException) {
            return "the service did not answer in time";
        }
        return "the service could not be reached";
    }
}
