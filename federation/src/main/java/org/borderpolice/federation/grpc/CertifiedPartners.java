package org.borderpolice.federation.grpc;

import java.util.Set;

import io.grpc.Context;

/**
 * What the transport says about a gRPC caller, put in the call's context by
 * {@link PartnerCertificateInterceptor}: with mutual TLS, the partners under whose CA its client
 * certificate was issued; without, no constraint.
 */
public record CertifiedPartners(boolean required, Set<String> codes) {

    static final Context.Key<CertifiedPartners> KEY = Context.key("border-certified-partners");

    static final CertifiedPartners NOT_REQUIRED = new CertifiedPartners(false, Set.of());

    static CertifiedPartners of(Set<String> codes) {
        return new CertifiedPartners(true, Set.copyOf(codes));
    }

    /** May a token of this jurisdiction be used on this connection? */
    boolean allow(String jurisdiction) {
        return !required || codes.contains(jurisdiction);
    }
}
