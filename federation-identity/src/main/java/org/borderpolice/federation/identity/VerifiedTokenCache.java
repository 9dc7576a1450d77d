package org.borderpolice.federation.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;

/**
 * Identities of verified tokens by the whole token: an entry lives until the token's "exp" and at
 * most max-age after it was verified, the least recently used dropped beyond max-size. The request
 * the token first came with (its routing context) is not kept. Read by {@link VerifiedTokens}.
 *
 * <p>Bounded in memory, not only in count: a partner can mint as many valid tokens as it likes, of
 * any length its identity provider signs (review 31). A token counts as one entry per started
 * {@link #TOKEN_CHARS_PER_ENTRY} characters, and one longer than {@link #MAX_TOKEN_CHARS} is never
 * kept (verified on every call), so max-size entries hold at most max-size x 2 KiB of tokens.
 */
final class VerifiedTokenCache {

    /** Characters of token counted as one entry (an access token of Keycloak: 1-1.5 k). */
    static final int TOKEN_CHARS_PER_ENTRY = 2048;

    /** Longer tokens are verified on every call, never kept. */
    static final int MAX_TOKEN_CHARS = 8192;

    static final String ROUTING_CONTEXT = RoutingContext.class.getName();

    /** A verified identity without the request it came with, whether it had one, and until when it holds. */
    record Verified(SecurityIdentity identity, boolean hadContext, Instant expires) {}

    private final Duration maxAge;
    private final Clock clock;
    private final Cache<String, Verified> cache;

    VerifiedTokenCache(Duration maxAge, long maxSize, Clock clock, Ticker ticker, Executor executor) {
        this.maxAge = maxAge;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxSize)
                .weigher((String token, Verified verified) -> 1 + (token.length() - 1) / TOKEN_CHARS_PER_ENTRY)
                .expireAfter(Expiry.<String, Verified>creating(
                        (token, verified) -> Duration.between(clock.instant(), verified.expires())))
                .ticker(ticker)
                .executor(executor)
                .recordStats()
                .build();
    }

    /** Nothing is remembered (max-age 0). */
    boolean disabled() {
        return maxAge.isZero() || maxAge.isNegative();
    }

    /** The identity this very token gave while its entry holds (before its expiry, within max-age). */
    Optional<Verified> get(String token) {
        Verified known = cache.getIfPresent(token);
        // checked here too: the cache's own expiry is its clean-up, this is the guarantee
        return known != null && clock.instant().isBefore(known.expires()) ? Optional.of(known) : Optional.empty();
    }

    /** Remembers a verified identity whose principal is a JWT with an expiry; anything else is not kept. */
    void put(String token, SecurityIdentity identity) {
        if (disabled()
                || token.length() > MAX_TOKEN_CHARS
                || identity == null
                || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getExpirationTime() <= 0) {
            return;
        }
        Instant now = clock.instant();
        Instant expires = Instant.ofEpochSecond(jwt.getExpirationTime());
        Instant latest = now.plus(maxAge);
        if (!now.isBefore(expires)) {
            // taken within the clocks' grace after its expiry: verified afresh on every call
            return;
        }
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        boolean hadContext = attributes.remove(ROUTING_CONTEXT) != null;
        SecurityIdentity kept = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addAttributes(attributes)
                // no permission checker: the original identity's would keep the first request (none is used)
                .setAnonymous(false)
                .build();
        cache.put(token, new Verified(kept, hadContext, expires.isBefore(latest) ? expires : latest));
    }

    /** The underlying cache, for its metrics. */
    Cache<String, Verified> cache() {
        return cache;
    }
}
