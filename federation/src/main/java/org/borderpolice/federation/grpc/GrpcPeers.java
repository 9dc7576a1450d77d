package org.borderpolice.federation.grpc;

import java.time.Instant;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.trust.TrustList;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.grpc.Status;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The partner calling a gRPC service: a service account (role "peer") of a partner on the trust
 * list. No trusted token: UNAUTHENTICATED; trusted but not a peer: PERMISSION_DENIED; the peer of
 * a jurisdiction that is no partner (our own relay's token, say): PERMISSION_DENIED from
 * {@link #partner}, {@link #authorise} and everything built on them. With mutual TLS, the token's
 * jurisdiction must also be one the client certificate stands for (UNAUTHENTICATED otherwise).
 * Which tokens carry role peer at all is decided when the token is verified
 * ({@code BorderIdentityAugmentor}: audience exactly ours, the partner's relay client).
 */
public final class GrpcPeers {

    private GrpcPeers() {}

    /**
     * The calling partner's jurisdiction code (lazy authentication: resolved off the event loop),
     * once the call is admitted under the partner's limits ({@link PeerLimits}: RESOURCE_EXHAUSTED
     * over them). The peer of a jurisdiction that is no partner is refused (PERMISSION_DENIED).
     */
    public static Uni<String> partner(CurrentIdentityAssociation identities) {
        return authorise(identities).map(AuthorisedPeer::jurisdiction);
    }

    /**
     * The calling partner, as {@link #partner(CurrentIdentityAssociation)}, if the agreement also
     * lets it receive records of this type or category (PERMISSION_DENIED otherwise): for
     * services that answer about such records.
     */
    public static Uni<String> partner(CurrentIdentityAssociation identities, String recordTypeOrCategory) {
        return partner(identities).map(peer -> {
            if (!trustList().mayReceive(peer, recordTypeOrCategory)) {
                throw Status.PERMISSION_DENIED
                        .withDescription(
                                "the agreement gives jurisdiction " + peer + " no " + recordTypeOrCategory + " records")
                        .asRuntimeException();
            }
            return peer;
        });
    }

    /**
     * The relay of any jurisdiction on the trust list, partner or not (our own included), admitted
     * as {@link #partner(CurrentIdentityAssociation)} is: only for a service that refuses
     * non-partners itself and audits the refusal with what it knows of the request (intel-sharing's
     * hit/no-hit checks). Every other service uses {@link #partner}.
     */
    public static Uni<String> peer(CurrentIdentityAssociation identities) {
        return authorise(identities, false).map(AuthorisedPeer::jurisdiction);
    }

    /**
     * The calling partner and until when its token is valid, for calls that outlive a moment
     * (streams). The peer of a jurisdiction that is no partner is refused (PERMISSION_DENIED).
     */
    public static Uni<AuthorisedPeer> authorise(CurrentIdentityAssociation identities) {
        return authorise(identities, true);
    }

    private static Uni<AuthorisedPeer> authorise(CurrentIdentityAssociation identities, boolean partnersOnly) {
        // read on the call's thread, where the interceptors' context is attached
        CertifiedPartners certified = CertifiedPartners.KEY.get();
        CallAdmission admission = CallAdmission.KEY.get();
        return identities.getDeferredIdentity().map(identity -> {
            TrustList trustList = trustList();
            String jurisdiction = authorisedPeer(identity, certified, partnersOnly ? trustList : null);
            Instant expiry = tokenExpiry(identity);
            return new AuthorisedPeer(admitted(admission, jurisdiction), expiry);
        });
    }

    private static TrustList trustList() {
        return Arc.container().instance(TrustList.class).get();
    }

    private static String admitted(CallAdmission admission, String peer) {
        if (admission == null) {
            // the limits' interceptor did not run for this call: refuse rather than go unlimited
            throw Status.UNAVAILABLE
                    .withDescription("the call was not admitted")
                    .asRuntimeException();
        }
        admission.admit(peer);
        return peer;
    }

    /** When the token behind this identity expires (verified tokens always say). */
    static Instant tokenExpiry(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
            return Instant.ofEpochSecond(token.getExpirationTime());
        }
        throw Status.UNAUTHENTICATED
                .withDescription("a peer token must say when it expires")
                .asRuntimeException();
    }

    /** A partner authorised as peer, with the expiry of the token that authorised it. */
    public record AuthorisedPeer(String jurisdiction, Instant tokenExpiresAt) {}

    /** The peer's jurisdiction; with a trust list, only a partner's (PERMISSION_DENIED otherwise). */
    static String authorisedPeer(SecurityIdentity identity, CertifiedPartners certified, TrustList partnersOf) {
        if (certified == null) {
            // the certificate check did not run for this call: refuse rather than skip it
            throw Status.UNAUTHENTICATED
                    .withDescription("the caller's transport was not checked")
                    .asRuntimeException();
        }
        BorderPrincipal principal = BorderPrincipal.of(identity)
                .orElseThrow(() -> Status.UNAUTHENTICATED
                        .withDescription("a bearer token from a trusted identity provider is required")
                        .asRuntimeException());
        if (!principal.hasRole(BorderPrincipal.PEER)) {
            throw Status.PERMISSION_DENIED
                    .withDescription("role peer is required")
                    .asRuntimeException();
        }
        if (partnersOf != null && !partnersOf.isPartner(principal.jurisdiction())) {
            // our own relay's token, say: a peer of no partner answers nothing a partner may ask
            throw Status.PERMISSION_DENIED
                    .withDescription(
                            "jurisdiction " + principal.jurisdiction() + " is not a partner of this jurisdiction")
                    .asRuntimeException();
        }
        if (!certified.allow(principal.jurisdiction())) {
            throw Status.UNAUTHENTICATED
                    .withDescription("the client certificate is not one of jurisdiction " + principal.jurisdiction())
                    .asRuntimeException();
        }
        return principal.jurisdiction();
    }
}
