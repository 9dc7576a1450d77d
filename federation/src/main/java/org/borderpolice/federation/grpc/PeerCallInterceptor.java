package org.borderpolice.federation.grpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Gives every gRPC call a {@link CallAdmission} in its context: {@link GrpcPeers} admits the call
 * against its partner's limits once the partner is known (after authentication), and the call's
 * end, however it ends, gives the partner's slot back. The slot is given back before the call's
 * status leaves, so a partner that has seen its call end may open another at once.
 */
@GlobalInterceptor
@ApplicationScoped
public class PeerCallInterceptor implements ServerInterceptor {

    private final PeerLimits limits;

    @Inject
    public PeerCallInterceptor(PeerLimits limits) {
        this.limits = limits;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        CallAdmission admission = new CallAdmission(limits);
        ServerCall<Q, R> ending = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                admission.end();
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener = Contexts.interceptCall(
                Context.current().withValue(CallAdmission.KEY, admission), ending, headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                admission.end();
                super.onCancel();
            }

            @Override
            public void onComplete() {
                admission.end();
                super.onComplete();
            }
        };
    }
}
