package org.borderpolice.federation.identity;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.borderpolice.federation.config.IdentityConfig;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;

/**
 * One OIDC tenant per issuer on the trust list, created at startup from the trust list itself
 * (no second list to keep in step). Tokens are verified locally: against the inline public key
 * or the JWKS, never by introspection; the issuer and our audience are required. The tenant is
 * chosen by the token's issuer (quarkus.oidc.resolve-tenants-with-issuer); a token is taken up to
 * peer-stream.expiry-grace after its expiry (clocks differ between jurisdictions); there is no default
 * tenant, so a token from any other issuer is refused without an outbound call. Creating the tenants
 * makes no outbound call either: a partner's JWKS is fetched on the first token that needs it, so a
 * partner identity provider that is down delays nothing but its own users' requests (401 until it
 * answers).
 */
@ApplicationScoped
public class TrustedIssuerTenants {

    private static final Logger LOG = Logger.getLogger(TrustedIssuerTenants.class);

    void register(@Observes Oidc oidc, TrustList trustList) {
        IdentityConfig config = trustList.config();
        for (TrustList.TrustedIssuer issuer : trustList.trustedIssuers()) {
            oidc.create(tenantFor(
                    issuer, trustList.selfAudience(), config.peerStream().expiryGrace()));
            LOG.infof("trusting issuer %s of %s (%s)", issuer.issuer(), issuer.jurisdiction(), issuer.name());
        }
    }

    /**
     * @param grace how long after its expiry a token is still taken: the clocks of two
     *        jurisdictions differ (border.federation.peer-stream.expiry-grace)
     */
    static OidcTenantConfig tenantFor(TrustList.TrustedIssuer issuer, String audience, Duration grace) {
        var builder = OidcTenantConfig.builder()
                .tenantId(issuer.jurisdiction())
                .applicationType(ApplicationType.SERVICE)
                .discoveryEnabled(false);
        if (issuer.publicKey().isPresent()) {
            builder.publicKey(issuer.publicKey().get());
        } else if (issuer.jwksUrl().isPresent()) {
            // keys fetched when a token of this issuer first needs them, not at start (resolve-early
            // would wait for every partner's identity provider, up to the connection timeout each,
            // and one that is down would start without keys until a request retried it); kept per
            // kid, and a token with a kid not seen yet fetches the set again (the issuer rotated)
            builder.authServerUrl(issuer.issuer())
                    .jwksPath(issuer.jwksUrl().get())
                    .jwks()
                    .resolveEarly(false)
                    .end();
        } else {
            throw new IllegalStateException("trust list entry " + issuer.jurisdiction()
                    + " needs public-key or jwks-url to verify tokens of " + issuer.issuer());
        }
        return builder.token()
                .issuer(issuer.issuer())
                .audience(audience)
                .lifespanGrace((int) Math.min(Integer.MAX_VALUE, grace.toSeconds()))
                .allowJwtIntrospection(false)
                .allowOpaqueTokenIntrospection(false)
                .end()
                .build();
    }
}
