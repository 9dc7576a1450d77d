package org.borderpolice.federation.identity;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The bearer token this service presents to a partner's services (role "peer"): one per
 * partner, whose audience is that partner's alone, so a partner cannot replay what it received
 * to a third jurisdiction. Cached until shortly before it expires.
 *
 * <p>Mode oidc-client asks our identity provider by client credentials with
 * {@code scope=<the partner's audience>} (with Keycloak: an optional client scope per partner
 * carrying that audience) and refuses a token whose audience is anything else. Mode signing-key
 * signs it here with our issuer's key, "azp" our relay client id.
 *
 * <p>A token is renewed {@code peer-token.renew-before} before it expires (at most a quarter of
 * its lifetime): the partner's clock may run ahead of ours. Fetching one waits at most
 * {@code peer-token.fetch-timeout} for our identity provider.
 */
@ApplicationScoped
public class PeerTokens {

    private final FederationConfig config;
    private final TrustList trustList;
    private final Instance<OidcClient> oidcClient;
    private final Map<String, PeerToken> cache = new ConcurrentHashMap<>();
    private volatile PrivateKey signingKey;

    @Inject
    public PeerTokens(FederationConfig config, TrustList trustList, Instance<OidcClient> oidcClient) {
        this.config = config;
        this.trustList = trustList;
        this.oidcClient = oidcClient;
    }

    /** A peer token for this partner, renewed when due. Blocking: call it off the event loop. */
    public PeerToken token(String partnerCode) {
        Optional<PeerToken> current = current(partnerCode);
        if (current.isPresent()) {
            return current.get();
        }
        PeerToken fresh = switch (config.peerToken().mode()) {
            case OIDC_CLIENT -> fromOwnIdentityProvider(partnerCode);
            case SIGNING_KEY -> signed(partnerCode);
        };
        cache.put(partnerCode, fresh);
        return fresh;
    }

    /** A valid token for calls to this partner. Blocking: call it off the event loop. */
    public String tokenFor(String partnerCode) {
        return token(partnerCode).value();
    }

    /** The cached token for this partner while it is not due for renewal; never blocks. */
    public Optional<String> currentTokenFor(String partnerCode) {
        return current(partnerCode).map(PeerToken::value);
    }

    private Optional<PeerToken> current(String partnerCode) {
        PeerToken cached = cache.get(partnerCode);
        return cached != null && Instant.now().isBefore(cached.renewAt()) ? Optional.of(cached) : Optional.empty();
    }

    private PeerToken fromOwnIdentityProvider(String partnerCode) {
        String audience = trustList.partnerAudience(partnerCode);
        Instant fetched = Instant.now();
        Duration timeout = config.peerToken().fetchTimeout();
        Tokens tokens;
        try {
            tokens = oidcClient
                    .get()
                    .getTokens(Map.of("scope", audience))
                    .await()
                    .atMost(timeout);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw new IllegalStateException("no peer token for " + partnerCode + " from our identity provider within "
                    + timeout + " (border.federation.peer-token.fetch-timeout)");
        }
        Set<String> granted = audiences(tokens.getAccessToken());
        if (!granted.equals(Set.of(audience))) {
            // a token good at several partners must not leave this service: any of them could replay it
            throw new IllegalStateException("the identity provider issued a peer token for " + partnerCode
                    + " with audience " + granted + ", not exactly " + audience
                    + ": give the relay client one optional client scope " + audience
                    + " with an audience mapper for it, and no other audience");
        }
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        return PeerToken.of(
                tokens.getAccessToken(),
                fetched,
                expiresAt == null ? fetched.plusSeconds(60) : Instant.ofEpochSecond(expiresAt),
                config.peerToken().renewBefore());
    }

    private PeerToken signed(String partnerCode) {
        Instant issued = Instant.now();
        Instant expires = issued.plus(config.peerToken().lifetime());
        var claims = Jwt.issuer(config.jurisdiction().issuer())
                .subject("service:" + trustList.service() + "@" + trustList.selfCode())
                .audience(trustList.partnerAudience(partnerCode))
                .claim("azp", trustList.selfPeerClientId())
                .claim("jurisdiction", trustList.selfCode())
                .claim("jti", UUID.randomUUID().toString())
                .groups(Set.of(BorderPrincipal.PEER))
                .issuedAt(issued)
                .expiresAt(expires);
        var signer = claims.jws();
        config.peerToken().keyId().ifPresent(signer::keyId);
        return PeerToken.of(
                signer.sign(privateKey()), issued, expires, config.peerToken().renewBefore());
    }

    /** The "aud" of a JWT (not verified: it comes from our own identity provider). */
    static Set<String> audiences(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalStateException("the identity provider's peer token is not a JWT");
        }
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        Object aud = claims.getValue("aud");
        Set<String> audiences = new TreeSet<>();
        if (aud instanceof JsonArray several) {
            several.forEach(v -> audiences.add(String.valueOf(v)));
        } else if (aud != null) {
            audiences.add(aud.toString());
        }
        return audiences;
    }

    private PrivateKey privateKey() {
        if (signingKey == null) {
            String pem = config.peerToken()
                    .signingKey()
                    .orElseThrow(() -> new IllegalStateException(
                            "border.federation.peer-token.signing-key is required in mode signing-key"));
            signingKey = parsePkcs8(pem);
        }
        return signingKey;
    }

    static PrivateKey parsePkcs8(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("peer-token signing key is not a PKCS#8 RSA private key", e);
        }
    }

    /**
     * A peer token, when it expires, and when to stop using it for new calls and streams: a
     * stream opened with it is closed by the partner when it expires.
     */
    public record PeerToken(String value, Instant expiresAt, Instant renewAt) {

        /** Renewed renewBefore before it expires, at most a quarter of its lifetime before. */
        static PeerToken of(String value, Instant issued, Instant expiresAt, Duration renewBefore) {
            Duration quarter = Duration.between(issued, expiresAt).dividedBy(4);
            Duration margin = quarter.compareTo(renewBefore) < 0 ? quarter : renewBefore;
            return new PeerToken(value, expiresAt, expiresAt.minus(margin));
        }
    }
}
