package org.borderpolice.gateway.client;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.gateway.Routes;
import org.borderpolice.gateway.config.GatewayConfig;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The services behind the gateway: one HTTP client (connection pools per service, the connect
 * timeout of {@code border.gateway.timeouts.connect}) and the address of each service.
 */
@ApplicationScoped
public class Upstreams {

    /** A service's public and management base addresses. */
    public record Service(String name, URI url, Optional<URI> managementUrl) {}

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Routes routes;
    private final HttpClient client;

    @Inject
    public Upstreams(GatewayConfig config, Vertx vertx) {
        Map<String, List<String>> prefixes = new LinkedHashMap<>();
        // by name: the merged OpenAPI document (which service keeps a shared schema name) is the same at every start
        new java.util.TreeMap<>(config.services()).forEach((name, upstream) -> {
            URI url = upstream.url();
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException(
                        "border.gateway.services." + name + ".url must be an http(s) URL, not " + url);
            }
            services.put(name, new Service(name, url, upstream.managementUrl()));
            prefixes.put(name, upstream.prefixes());
        });
        this.routes = new Routes(prefixes);
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) config.timeouts().connect().toMillis())
                        .setKeepAlive(true)
                        // a service's connection closed by it while idle must not fail the next request
                        .setKeepAliveTimeout(30),
                new PoolOptions().setHttp1MaxSize(config.maxConnections()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Routes routes() {
        return routes;
    }

    public Map<String, Service> services() {
        return services;
    }

    public HttpClient client() {
        return client;
    }

    /** A request to a service (its public port): method and URI set by the caller. */
    public Future<HttpClientRequest> request(String service) {
        return client.request(options(services.get(service).url()));
    }

    /** GET of a path on a service's management interface, the whole body. */
    public Future<Buffer> getManagement(String service, String path) {
        Service s = services.get(service);
        URI base = s.managementUrl().orElseThrow();
        // bounded: every caller of the merged OpenAPI document waits on this one fetch
        return client.request(
                        options(base).setMethod(HttpMethod.GET).setURI(path).setIdleTimeout(10_000))
                .compose(HttpClientRequest::send)
                .compose(response -> response.statusCode() == 200
                        ? response.body()
                        : Future.failedFuture("HTTP " + response.statusCode() + " from " + base + path));
    }

    private static RequestOptions options(URI url) {
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        return new RequestOptions().setHost(url.getHost()).setPort(port).setSsl(https);
    }
}
