package org.borderpolice.federation.grpc;

import org.borderpolice.federation.identity.BorderPrincipal;

import io.grpc.Status;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The partner calling a gRPC service: a service account (role "peer") of a jurisdiction on the
 * trust list. No trusted token: UNAUTHENTICATED; trusted but not a peer: PERMISSION_DENIED. With
 * mutual TLS, the token's jurisdiction must also be one the client certificate stands for
 * (UNAUTHENTICATED otherwise).
 */
public final class GrpcPeers {

    private GrpcPeers() {
    }

    /**
     * The calling partner's jurisdiction code (lazy authentication: resolved off the event loop),
     * once the call is admitted under the partner's limits ({@link PeerLimits}: RESOURCE_EXHAUSTED
     * over them).
     */
    public static Uni<String> peer(CurrentIdentityAssociation identities) {
        // read on the call's thread, where the interceptors' context is attached
        CertifiedPartners certified = CertifiedPartners.KEY.get();
        CallAdmission admission = CallAdmission.KEY.get();
        return identities.getDeferredIdentity().map(identity -> admitted(admission, authorisedPeer(identity, certified)));
    }

    private static String admitted(CallAdmission admission, String peer) {
        if (admission == null) {
            // the limits' interceptor did not run for this call: refuse rather than go unlimited
            throw Status.UNAVAILABLE.withDescription("the call was not admitted").asRuntimeException();
        }
        admission.admit(peer);
        return peer;
    }

    static String authorisedPeer(SecurityIdentity identity, CertifiedPartners certified) {
        if (certified == null) {
            // the certificate check did not run for this call: refuse rather than skip it
            throw Status.UNAUTHENTICATED.withDescription("the caller's transport was not checked").asRuntimeException();
        }
        BorderPrincipal principal = BorderPrincipal.of(identity).orElseThrow(() -> Status.UNAUTHENTICATED
                .withDescription("a bearer token from a trusted identity provider is required").asRuntimeException());
        if (!principal.hasRole(BorderPrincipal.PEER)) {
            throw Status.PERMISSION_DENIED.withDescription("role peer is required").asRuntimeException();
        }
        if (!certified.allow(principal.jurisdiction())) {
            throw Status.UNAUTHENTICATED.withDescription("the client certificate is not one of jurisdiction "
                    + principal.jurisdiction()).asRuntimeException();
        }
        return principal.jurisdiction();
    }
}
