package org.borderpolice.federation.grpc;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.proto.audit.v1.AuditAnchorServiceGrpc;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.jboss.logging.Logger;

import io.grpc.BindableService;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * With {@code border.federation.mutual-tls.grpc-only} (by default on with mutual TLS), the HTTPS
 * port (the partners') serves the federation's partner-facing gRPC services and nothing else: a
 * request over TLS that is not a gRPC call in protobuf ({@code application/grpc} or
 * {@code application/grpc+proto}, the gRPC over HTTP/2 spec's names for it) to
 * {@code /<service>/<method>} of one of {@link #PARTNER_FACING} bound here is answered 404
 * (problem+json) before any route sees it, so a partner-facing load balancer exposes neither the
 * REST API (review 27 M1) nor gRPC-Web, JSON or whatever else is bound, such as Quarkus's health
 * or reflection services (review 28 S6). Users' REST calls come through the gateway on the plain
 * port.
 */
@ApplicationScoped
public class GrpcOnlyOverTls {

    private static final Logger LOG = Logger.getLogger(GrpcOnlyOverTls.class);
    /** With HttpProblemPages' checks, before Quarkus's body handler and every route. */
    private static final int ORDER = Integer.MIN_VALUE;

    /** The services partners call: the federation's own (their @GrpcService implementations). */
    static final Set<String> PARTNER_FACING = Set.of(
            ReplicationServiceGrpc.SERVICE_NAME,
            FileTransferServiceGrpc.SERVICE_NAME,
            AuditAnchorServiceGrpc.SERVICE_NAME,
            HitCheckServiceGrpc.SERVICE_NAME);

    /** gRPC over HTTP/2: "application/grpc" [("+proto" / "+json" / {custom})]; protobuf alone. */
    static final Set<String> CONTENT_TYPES = Set.of("application/grpc", "application/grpc+proto");

    private final boolean enabled;
    private final Set<String> bound;
    private final Set<String> services;

    @Inject
    public GrpcOnlyOverTls(FederationConfig config, @Any Instance<BindableService> grpcServices) {
        this.enabled = config.mutualTls().grpcOnlyInEffect();
        this.bound = enabled
                ? grpcServices.stream()
                        .map(s -> s.bindService().getServiceDescriptor().getName())
                        .collect(Collectors.toCollection(TreeSet::new))
                : Set.of();
        this.services = bound.stream().filter(PARTNER_FACING::contains).collect(Collectors.toCollection(TreeSet::new));
    }

    void install(@Observes Router router) {
        if (enabled) {
            LOG.infof("the HTTPS port serves only the gRPC services %s (bound: %s)", services, bound);
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
        return isGrpcCall(request.getHeader(HttpHeaders.CONTENT_TYPE), request.path(), services);
    }

    /** Whether a request with this content type and path is a protobuf gRPC call to one of {@code services}. */
    static boolean isGrpcCall(String contentType, String path, Set<String> services) {
        // exactly what gRPC clients send: no parameters, no other spelling
        if (contentType == null || !CONTENT_TYPES.contains(contentType) || path == null) {
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
