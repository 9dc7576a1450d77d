package org.borderpolice.federation.identity;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.IdentityConfig;
import org.borderpolice.federation.trust.TrustList;

import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer tokens verified by the OIDC mechanism (signature, issuer, audience, expiry, then the trust
 * list's checks in {@link BorderIdentityAugmentor}), remembered by the whole raw token until it
 * expires, at most {@code border.federation.token-cache.max-age} ({@link VerifiedTokenCache}): a
 * partner's relay sends the same peer token with every call until it renews it, a user's client
 * the same token with every request, and verifying it again was the largest part of token
 * verification's CPU (2026-12-02 at the gateway, 2026-12-03 at a partner answering hit checks).
 * The key is the whole token, its signature included, so only the very token that was verified
 * matches; failures are not remembered. Only what the token alone decides is remembered: every
 * check of the call (the client certificate's partner, the partner's limits and allowances, the
 * roles a method needs) runs on every call, on the remembered identity. Which tokens are
 * remembered: {@code border.federation.token-cache.tokens} (peer tokens at the services, all at
 * the gateway). Hits and misses: metric {@code cache_gets_total{cache="verified-tokens"}}.
 */
@ApplicationScoped
public class VerifiedTokens implements HttpAuthenticationMechanism {

    static final String CACHE_NAME = "verified-tokens";
    private static final String BEARER = "Bearer ";
    private static final Uni<HttpCredentialTransport> TRANSPORT =
            Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));

    private final OidcAuthenticationMechanism oidc;
    private final VerifiedTokenCache cache;
    private final boolean everyToken;

    @Inject
    public VerifiedTokens(OidcAuthenticationMechanism oidc, TrustList trustList, Instance<MeterRegistry> registry) {
        this.oidc = oidc;
        IdentityConfig.TokenCache config = trustList.config().tokenCache();
        this.everyToken = config.tokens() == IdentityConfig.TokenCache.Remembered.ALL;
        this.cache = new VerifiedTokenCache(
                config.maxAge(), config.maxSize(), Clock.systemUTC(), Ticker.systemTicker(), ForkJoinPool.commonPool());
        if (!cache.disabled() && registry.isResolvable()) {
            CaffeineCacheMetrics.monitor(registry.get(), cache.cache(), CACHE_NAME);
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER) || cache.disabled()) {
            // no bearer token, or no cache: the OIDC mechanism (next by priority) decides alone
            return Uni.createFrom().nullItem();
        }
        var known = cache.get(authorization);
        if (known.isPresent()) {
            VerifiedTokenCache.Verified verified = known.get();
            return Uni.createFrom()
                    .item(
                            verified.hadContext()
                                    ? QuarkusSecurityIdentity.builder(verified.identity())
                                            .addAttribute(VerifiedTokenCache.ROUTING_CONTEXT, context)
                                            .build()
                                    : verified.identity());
        }
        return oidc.authenticate(context, identityProviderManager).invoke(identity -> {
            if (identity != null && (everyToken || identity.hasRole(BorderPrincipal.PEER))) {
                cache.put(authorization, identity);
            }
        });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return oidc.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return oidc.getCredentialTypes();
    }

    /**
     * The bearer header, as the OIDC mechanism says for bearer tokens; constant: asked after every
     * authentication, the OIDC mechanism resolves the token's tenant for it (the token's JSON
     * decoded twice), which was the next largest cost once verification was remembered.
     */
    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return TRANSPORT;
    }

    @Override
    public int getPriority() {
        // before the OIDC mechanism it wraps
        return oidc.getPriority() + 1;
    }
}
