package org.borderpolice.federation.identity;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.trust.TrustList;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.jwt.build.Jwt;

/**
 * The bearer token this service presents to a partner's services (role "peer"). Cached until
 * shortly before it expires.
 */
@ApplicationScoped
public class PeerTokens {

    private static final long RENEW_BEFORE_SECONDS = 30;

    private final FederationConfig config;
    private final TrustList trustList;
    private final Instance<OidcClient> oidcClient;
    private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();
    private volatile PrivateKey signingKey;

    @Inject
    public PeerTokens(FederationConfig config, TrustList trustList, Instance<OidcClient> oidcClient) {
        this.config = config;
        this.trustList = trustList;
        this.oidcClient = oidcClient;
    }

    /** A valid token for calls to this partner. Blocking: call it off the event loop. */
    public String tokenFor(String partnerCode) {
        Optional<String> current = currentTokenFor(partnerCode);
        if (current.isPresent()) {
            return current.get();
        }
        String key = cacheKey(partnerCode);
        CachedToken fresh = switch (config.peerToken().mode()) {
            case OIDC_CLIENT -> fromOwnIdentityProvider();
            case SIGNING_KEY -> signed(partnerCode);
        };
        cache.put(key, fresh);
        return fresh.token();
    }

    /** The cached token for this partner while it is not about to expire; never blocks. */
    public Optional<String> currentTokenFor(String partnerCode) {
        CachedToken cached = cache.get(cacheKey(partnerCode));
        return cached != null && cached.expiresAt().isAfter(Instant.now().plusSeconds(RENEW_BEFORE_SECONDS))
                ? Optional.of(cached.token())
                : Optional.empty();
    }

    /** One token from our identity provider serves every partner; signed ones name their partner's audience. */
    private String cacheKey(String partnerCode) {
        return config.peerToken().mode() == FederationConfig.PeerTokenMode.OIDC_CLIENT ? "*" : partnerCode;
    }

    private CachedToken fromOwnIdentityProvider() {
        Tokens tokens = oidcClient.get().getTokens().await().indefinitely();
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        return new CachedToken(tokens.getAccessToken(),
                expiresAt == null ? Instant.now().plusSeconds(60) : Instant.ofEpochSecond(expiresAt));
    }

    private CachedToken signed(String partnerCode) {
        Instant expires = Instant.now().plus(config.peerToken().lifetime());
        var claims = Jwt.issuer(config.jurisdiction().issuer())
                .subject("service:" + trustList.service() + "@" + trustList.selfCode())
                .audience(trustList.partnerAudience(partnerCode))
                .claim("jurisdiction", trustList.selfCode())
                .claim("jti", UUID.randomUUID().toString())
                .groups(Set.of(BorderPrincipal.PEER))
                .expiresAt(expires);
        var signer = claims.jws();
        config.peerToken().keyId().ifPresent(signer::keyId);
        return new CachedToken(signer.sign(privateKey()), expires);
    }

    private PrivateKey privateKey() {
        if (signingKey == null) {
            String pem = config.peerToken().signingKey().orElseThrow(() -> new IllegalStateException(
                    "border.federation.peer-token.signing-key is required in mode signing-key"));
            signingKey = parsePkcs8(pem);
        }
        return signingKey;
    }

    static PrivateKey parsePkcs8(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("peer-token signing key is not a PKCS#8 RSA private key", e);
        }
    }

    private record CachedToken(String token, Instant expiresAt) {
    }
}
