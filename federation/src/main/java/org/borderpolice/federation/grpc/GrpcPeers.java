package org.borderpolice.federation.grpc;

import org.borderpolice.federation.identity.BorderPrincipal;

import io.grpc.Status;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The partner calling a gRPC service: a service account (role "peer") of a jurisdiction on the
 * trust list. No trusted token: UNAUTHENTICATED; trusted but not a peer: PERMISSION_DENIED.
 */
public final class GrpcPeers {

    private GrpcPeers() {
    }

    /** The calling partner's jurisdiction code (lazy authentication: resolved off the event loop). */
    public static Uni<String> peer(CurrentIdentityAssociation identities) {
        return identities.getDeferredIdentity().map(GrpcPeers::authorisedPeer);
    }

    static String authorisedPeer(SecurityIdentity identity) {
        BorderPrincipal principal = BorderPrincipal.of(identity).orElseThrow(() -> Status.UNAUTHENTICATED
                .withDescription("a bearer token from a trusted identity provider is required").asRuntimeException());
        if (!principal.hasRole(BorderPrincipal.PEER)) {
            throw Status.PERMISSION_DENIED.withDescription("role peer is required").asRuntimeException();
        }
        return principal.jurisdiction();
    }
}
