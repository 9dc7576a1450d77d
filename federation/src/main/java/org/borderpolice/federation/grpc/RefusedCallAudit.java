package org.borderpolice.federation.grpc;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.audit.RefusedAccess;

import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Audits every gRPC call refused with UNAUTHENTICATED or PERMISSION_DENIED, whichever check refused
 * it (transport certificate, token, role): outermost of the interceptors, it sees how each call
 * closes. Who: the token's claims as presented (the refusal means they were not accepted, or the
 * role was missing), the address it came from, the method, and the refusal's description.
 */
@GlobalInterceptor
@ApplicationScoped
@Priority(Integer.MAX_VALUE - 100)
public class RefusedCallAudit implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    RefusedAccess refused;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String authorization = headers.get(AUTHORIZATION);
        ServerCall<Q, R> watched = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (status.getCode() == Status.Code.UNAUTHENTICATED
                        || status.getCode() == Status.Code.PERMISSION_DENIED) {
                    Object remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                    refused.record(
                            "grpc",
                            "gRPC " + call.getMethodDescriptor().getFullMethodName(),
                            status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription()),
                            null,
                            null,
                            authorization,
                            remote == null ? null : remote.toString());
                }
                super.close(status, trailers);
            }
        };
        return next.startCall(watched, headers);
    }
}
