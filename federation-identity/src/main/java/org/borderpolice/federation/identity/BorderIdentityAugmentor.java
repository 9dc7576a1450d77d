package org.borderpolice.federation.identity;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;

import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.DivisionCodes;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Maps a verified token to a {@link BorderPrincipal}. The jurisdiction comes from the issuer's
 * trust-list entry; a token whose own "jurisdiction" claim names another jurisdiction is refused,
 * so no partner's identity provider can speak for someone else. Every token of a partner's
 * identity provider, a user's or a relay's, must be made for us alone: its audience exactly ours,
 * so that a token good at several jurisdictions, which any of them could replay at the others,
 * is refused (our own identity provider's tokens need only name us). A token with role peer must
 * also come from the relay client the trust list names for that jurisdiction: its authorised
 * party ("azp", else "client_id"), so that no other client of the partner's identity provider
 * can act as its relay.
 */
@ApplicationScoped
public class BorderIdentityAugmentor implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(BorderIdentityAugmentor.class);
    static final String JURISDICTION_CLAIM = "jurisdiction";
    static final String UNIT_CLAIM = "unit";
    static final String AUTHORISED_PARTY_CLAIM = "azp";
    static final String CLIENT_ID_CLAIM = "client_id";
    /** Longest unit and subject the services store (unit VARCHAR(100); actor, published_by VARCHAR(200)). */
    public static final int MAX_UNIT_LENGTH = 100;

    public static final int MAX_SUBJECT_LENGTH = 200;

    private final TrustList trustList;

    @Inject
    public BorderIdentityAugmentor(TrustList trustList) {
        this.trustList = trustList;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String issuer = token.getIssuer();
        String jurisdiction = trustList.jurisdictionOfIssuer(issuer).orElse(null);
        if (jurisdiction == null) {
            LOG.warnf("refused token of issuer %s: not on the trust list", issuer);
            return Uni.createFrom().failure(new AuthenticationFailedException("issuer not trusted"));
        }
        Object claimed = claim(token, JURISDICTION_CLAIM);
        if (claimed != null && !jurisdiction.equals(claimed.toString())) {
            LOG.warnf(
                    "refused token of issuer %s claiming jurisdiction %s (issuer belongs to %s)",
                    issuer, claimed, jurisdiction);
            return Uni.createFrom()
                    .failure(new AuthenticationFailedException("jurisdiction claim does not match issuer"));
        }
        if (!DivisionCodes.isValid(jurisdiction)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("issuer has no valid jurisdiction code"));
        }
        if (!jurisdiction.equals(trustList.selfCode()) && !exactlyOurs(token)) {
            LOG.warnf(
                    "refused token of %s (issuer %s, subject %s): audience %s is not exactly %s",
                    jurisdiction, issuer, token.getSubject(), token.getAudience(), trustList.selfAudience());
            return Uni.createFrom()
                    .failure(new AuthenticationFailedException(
                            "a partner's token must have exactly the audience " + trustList.selfAudience()));
        }
        if (identity.hasRole(BorderPrincipal.PEER)) {
            String refusal = peerTokenRefusal(token, jurisdiction);
            if (refusal != null) {
                LOG.warnf(
                        "refused peer token of %s (issuer %s, subject %s): %s",
                        jurisdiction, issuer, token.getSubject(), refusal);
                return Uni.createFrom().failure(new AuthenticationFailedException(refusal));
            }
        }
        Object unit = claim(token, UNIT_CLAIM);
        // refused rather than cut: a cut name could collide with another unit's or officer's in records and audit
        if (!storable(unit, MAX_UNIT_LENGTH) || !storable(token.getSubject(), MAX_SUBJECT_LENGTH)) {
            LOG.warnf(
                    "refused token of issuer %s: unit or sub claim is not text, longer than stored or holds "
                            + "control characters",
                    issuer);
            return Uni.createFrom().failure(new AuthenticationFailedException("unit or sub claim not storable"));
        }
        BorderPrincipal principal = new BorderPrincipal(
                jurisdiction,
                unit == null ? null : unit.toString(),
                Set.copyOf(identity.getRoles()),
                token.getSubject());
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder(identity)
                        .addAttribute(BorderPrincipal.ATTRIBUTE, principal)
                        .build());
    }

    /** Whether the token names us and nobody else. */
    private boolean exactlyOurs(JsonWebToken token) {
        Set<String> audience = token.getAudience();
        return audience != null && audience.equals(Set.of(trustList.selfAudience()));
    }

    /** Why this token may not act as the peer of this jurisdiction here, or null. */
    String peerTokenRefusal(JsonWebToken token, String jurisdiction) {
        if (!exactlyOurs(token)) {
            return "a peer token's audience must be exactly " + trustList.selfAudience() + ", not "
                    + token.getAudience();
        }
        String expected = trustList.peerClientIdOf(jurisdiction).orElse(null);
        Object party = claim(token, AUTHORISED_PARTY_CLAIM);
        if (party == null) {
            party = claim(token, CLIENT_ID_CLAIM);
        }
        if (expected == null || party == null || !expected.equals(party.toString())) {
            return "a peer token of " + jurisdiction + " must come from its relay client " + expected + ", not "
                    + party;
        }
        return null;
    }

    private static boolean storable(Object claim, int maxLength) {
        return claim == null
                || (claim instanceof String text
                        && text.length() <= maxLength
                        && org.borderpolice.federation.http.Text.isClean(text, false));
    }

    /**
     * A custom claim's raw value. JsonWebToken.getClaim(String) first tries the name as a
     * standard claim and throws and catches an exception for every custom one: on each request.
     */
    private static Object claim(JsonWebToken token, String name) {
        Object value = token instanceof OidcJwtCallerPrincipal oidc
                ? oidc.getClaims().getClaimValue(name)
                : token.getClaim(name);
        return value instanceof JsonString json ? json.getString() : value;
    }
}
