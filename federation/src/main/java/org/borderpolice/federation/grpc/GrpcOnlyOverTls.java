package org.borderpolice.federation.grpc;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.jboss.logging.Logger;

import io.grpc.BindableService;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * With {@code border.federation.mutual-tls.grpc-only}, the HTTPS port (the partners') serves the
 * gRPC services of this process and nothing else: a request over TLS that is not a gRPC call
 * ({@code application/grpc}) to {@code /<service>/<method>} of a served service is answered 404
 * (problem+json) before any route sees it, so a partner-facing load balancer never exposes the
 * REST API (review 27 M1). Users' REST calls come through the gateway on the plain port.
 */
@ApplicationScoped
public class GrpcOnlyOverTls {

    private static final Logger LOG = Logger.getLogger(GrpcOnlyOverTls.class);
    /** With HttpProblemPages' checks, before Quarkus's body handler and every route. */
    private static final int ORDER = Integer.MIN_VALUE;

    private final boolean enabled;
    private final Set<String> services;

    @Inject
    public GrpcOnlyOverTls(FederationConfig config, @Any Instance<BindableService> grpcServices) {
        this.enabled = config.mutualTls().grpcOnly();
        this.services = enabled
                ? grpcServices.stream()
                        .map(s -> s.bindService().getServiceDescriptor().getName())
                        .collect(Collectors.toUnmodifiableSet())
                : Set.of();
    }

    void install(@Observes Router router) {
        if (enabled) {
            LOG.infof("the HTTPS port serves only the gRPC services %s", services);
            router.route().order(ORDER).handler(this::check);
        }
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.isSSL() || isGrpcCall(request)) {
            ctx.next();
            return;
        }
        ctx.fail(404);
    }

    boolean isGrpcCall(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String path = request.path();
        if (contentType == null || !contentType.startsWith("application/grpc") || path == null) {
            return false;
        }
        int slash = path.indexOf('/', 1);
        return path.startsWith("/")
                && slash > 1
                && path.indexOf('/', slash + 1) < 0
                && slash < path.length() - 1
                && services.contains(path.substring(1, slash));
    }
}
