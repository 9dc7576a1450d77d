package org.borderpolice.gateway.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.gateway.config.GatewayConfig;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

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
 * Bearer tokens verified by the OIDC mechanism (signature, issuer, audience, expiry, then the
 * trust list's checks in {@code BorderIdentityAugmentor}), remembered by the whole raw token until
 * it expires, at most {@code border.gateway.token-cache.ttl}: a client sends the same token with
 * each request, and verifying it again was the largest part of the gateway's CPU per request (the
 * 2026-12-02 profile: 38 %, RSA and JSON parsing). The key is the whole token, its signature
 * included, so only the very token that was verified matches. Failures are not remembered. The
 * services verify every token again.
 */
@ApplicationScoped
public class VerifiedTokens implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final Uni<HttpCredentialTransport> TRANSPORT =
            Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));

    /** A verified identity without the request it came with, and whether it had one. */
    private record Verified(SecurityIdentity identity, boolean hadContext, Instant expires) {}

    private final OidcAuthenticationMechanism oidc;
    private final Duration ttl;
    private final Cache<String, Verified> cache;

    @Inject
    public VerifiedTokens(OidcAuthenticationMechanism oidc, GatewayConfig config) {
        this.oidc = oidc;
        this.ttl = config.tokenCache().ttl();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.tokenCache().maxSize())
                .expireAfter(Expiry.<String, Verified>creating(
                        (token, verified) -> Duration.between(Instant.now(), verified.expires())))
                .build();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER) || ttl.isZero()) {
            // no bearer token, or no cache: the OIDC mechanism (next by priority) decides alone
            return Uni.createFrom().nullItem();
        }
        Verified known = cache.getIfPresent(authorization);
        if (known != null && Instant.now().isBefore(known.expires())) {
            return Uni.createFrom()
                    .item(
                            known.hadContext()
                                    ? QuarkusSecurityIdentity.builder(known.identity())
                                            .addAttribute(ROUTING_CONTEXT, context)
                                            .build()
                                    : known.identity());
        }
        return oidc.authenticate(context, identityProviderManager)
                .invoke(identity -> remember(authorization, identity));
    }

    private void remember(String authorization, SecurityIdentity identity) {
        if (identity == null
                || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getExpirationTime() <= 0) {
            return;
        }
        Instant expires = Instant.ofEpochSecond(jwt.getExpirationTime());
        Instant latest = Instant.now().plus(ttl);
        // the first request's routing context is not kept (nor handed to later requests)
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        boolean hadContext = attributes.remove(ROUTING_CONTEXT) != null;
        SecurityIdentity kept = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addAttributes(attributes)
                .addPermissionChecker(identity::checkPermission)
                .setAnonymous(false)
                .build();
        cache.put(authorization, new Verified(kept, hadContext, expires.isBefore(latest) ? expires : latest));
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
