package org.borderpolice.federation.grpc;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * With mutual TLS, a gRPC call must arrive over TLS with a client certificate issued under a
 * partner's trust certificate; otherwise it is closed with UNAUTHENTICATED before any service
 * code runs. The partners the certificate stands for go into the call's context, where
 * {@link GrpcPeers} matches them with the token's jurisdiction.
 */
@GlobalInterceptor
@ApplicationScoped
public class PartnerCertificateInterceptor implements ServerInterceptor {

    private final MutualTlsServer mutualTls;

    @Inject
    public PartnerCertificateInterceptor(MutualTlsServer mutualTls) {
        this.mutualTls = mutualTls;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        CertifiedPartners certified = CertifiedPartners.NOT_REQUIRED;
        if (mutualTls.enabled()) {
            Set<String> partners = mutualTls.partnersOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
            if (partners.isEmpty()) {
                call.close(
                        Status.UNAUTHENTICATED.withDescription(
                                "partners call over TLS with a client certificate issued under their trust certificate"),
                        new Metadata());
                return new ServerCall.Listener<>() {};
            }
            certified = CertifiedPartners.of(partners);
        }
        return Contexts.interceptCall(
                Context.current().withValue(CertifiedPartners.KEY, certified), call, headers, next);
    }
}
