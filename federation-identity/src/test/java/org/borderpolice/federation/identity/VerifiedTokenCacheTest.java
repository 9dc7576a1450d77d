package org.borderpolice.federation.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

/**
 * What {@link VerifiedTokens} remembers and for how long: never past the token's expiry, never
 * longer than max-age, never more than max-size tokens, only the very token that was verified.
 */
class VerifiedTokenCacheTest {

    /** A clock the test moves; the cache's ticker follows it. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-03T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovingClock clock = new MovingClock();

    VerifiedTokenCache cache(Duration maxAge, long maxSize) {
        return new VerifiedTokenCache(maxAge, maxSize, clock, () -> clock.millis() * 1_000_000L, Runnable::run);
    }

    /** The identity a verified peer token of Pucheng gives, expiring at this instant. */
    SecurityIdentity identity(String subject, Instant expires, Object routingContext) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://idp.350722.test/realms/border");
        claims.setSubject(subject);
        claims.setAudience("border-330881");
        claims.setExpirationTime(NumericDate.fromSeconds(expires.getEpochSecond()));
        var builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new DefaultJWTCallerPrincipal("raw." + subject, claims))
                .addRole(BorderPrincipal.PEER)
                .addAttribute(
                        BorderPrincipal.ATTRIBUTE,
                        new BorderPrincipal("350722", null, java.util.Set.of("peer"), subject));
        if (routingContext != null) {
            builder.addAttribute(VerifiedTokenCache.ROUTING_CONTEXT, routingContext);
        }
        return builder.build();
    }

    @Test
    void aTokenIsRememberedUntilItsExpiryAndNotAfter() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(10), 100);
        Instant expires = clock.instant().plusSeconds(30);
        SecurityIdentity verified = identity("service:intel-sharing@350722", expires, null);
        cache.put("Bearer a.b.c", verified);
        var known = cache.get("Bearer a.b.c").orElseThrow();
        assertSame(verified.getPrincipal(), known.identity().getPrincipal());
        assertEquals(verified.getRoles(), known.identity().getRoles());
        assertEquals(expires, known.expires());
        clock.advance(Duration.ofSeconds(29));
        assertTrue(cache.get("Bearer a.b.c").isPresent());
        // at its expiry it is gone, though max-age is far: verified afresh (and refused past the grace)
        clock.advance(Duration.ofSeconds(1));
        assertTrue(cache.get("Bearer a.b.c").isEmpty());
        cache.cache().cleanUp();
        assertEquals(0, cache.cache().estimatedSize());
    }

    @Test
    void aTokenIsRememberedAtMostMaxAgeWhateverItsExpiry() {
        VerifiedTokenCache cache = cache(Duration.ofSeconds(60), 100);
        cache.put("Bearer a.b.c", identity("s", clock.instant().plus(Duration.ofHours(1)), null));
        assertEquals(
                clock.instant().plusSeconds(60),
                cache.get("Bearer a.b.c").orElseThrow().expires());
        clock.advance(Duration.ofSeconds(59));
        assertTrue(cache.get("Bearer a.b.c").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(cache.get("Bearer a.b.c").isEmpty());
    }

    @Test
    void onlyTheVeryTokenMatches() {
        VerifiedTokenCache cache = cache(Duration.ofSeconds(60), 100);
        cache.put("Bearer head.claims.signature", identity("s", clock.instant().plusSeconds(300), null));
        // the same claims with another signature, or any other token, is not known: verified in full
        assertTrue(cache.get("Bearer head.claims.signaturf").isEmpty());
        assertTrue(cache.get("Bearer head.claims.").isEmpty());
        assertTrue(cache.get("bearer head.claims.signature").isEmpty());
        assertTrue(cache.get("Bearer head.claims.signature").isPresent());
    }

    @Test
    void theNumberOfTokensIsBounded() {
        VerifiedTokenCache cache = cache(Duration.ofSeconds(60), 3);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String token = "Bearer token-" + i;
            tokens.add(token);
            cache.put(token, identity("s" + i, clock.instant().plusSeconds(300), null));
        }
        cache.cache().cleanUp();
        assertTrue(cache.cache().estimatedSize() <= 3, "size " + cache.cache().estimatedSize());
        assertEquals(3, tokens.stream().filter(t -> cache.get(t).isPresent()).count());
        assertTrue(cache.cache().stats().evictionCount() >= 17);
    }

    /** Review 31: a partner minting long tokens fills the cache by their length, not by their number. */
    @Test
    void longTokensCountByTheirLengthAndVeryLongOnesAreNeverKept() {
        VerifiedTokenCache cache = cache(Duration.ofSeconds(60), 8);
        String twoEntries = "Bearer " + "x".repeat(VerifiedTokenCache.TOKEN_CHARS_PER_ENTRY);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String token = twoEntries + i;
            tokens.add(token);
            cache.put(token, identity("s" + i, clock.instant().plusSeconds(300), null));
        }
        cache.cache().cleanUp();
        assertEquals(4, tokens.stream().filter(t -> cache.get(t).isPresent()).count(), "8 entries hold 4 such tokens");

        String tooLong = "Bearer " + "y".repeat(VerifiedTokenCache.MAX_TOKEN_CHARS);
        cache.put(tooLong, identity("long", clock.instant().plusSeconds(300), null));
        assertTrue(cache.get(tooLong).isEmpty(), "verified on every call");
    }

    @Test
    void neitherAnExpiredTokenNorAnIdentityWithoutExpiryIsRemembered() {
        VerifiedTokenCache cache = cache(Duration.ofSeconds(60), 100);
        // taken by the verifier within the clocks' grace after its expiry: not remembered
        cache.put("Bearer late", identity("s", clock.instant().minusSeconds(5), null));
        assertTrue(cache.get("Bearer late").isEmpty());
        SecurityIdentity notAToken = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("someone"))
                .addRole(BorderPrincipal.PEER)
                .build();
        cache.put("Bearer other", notAToken);
        assertTrue(cache.get("Bearer other").isEmpty());
        cache.put("Bearer none", null);
        assertTrue(cache.get("Bearer none").isEmpty());
        JwtClaims noExpiry = new JwtClaims();
        noExpiry.setSubject("s");
        cache.put(
                "Bearer forever",
                QuarkusSecurityIdentity.builder()
                        .setPrincipal(new DefaultJWTCallerPrincipal("raw", noExpiry))
                        .build());
        assertTrue(cache.get("Bearer forever").isEmpty());
    }

    @Test
    void theFirstRequestIsNotKept() {
        VerifiedTokenCache cache = cache(Duration.ofSeconds(60), 100);
        Object firstRequest = new Object();
        cache.put("Bearer a.b.c", identity("s", clock.instant().plusSeconds(300), firstRequest));
        var known = cache.get("Bearer a.b.c").orElseThrow();
        assertTrue(known.hadContext());
        assertNull(known.identity().getAttribute(VerifiedTokenCache.ROUTING_CONTEXT));
        assertTrue(BorderPrincipal.of(known.identity()).isPresent());
    }

    /** Review 31: nothing of the kept identity (its permission checker) holds on to the first request. */
    @Test
    void theFirstRequestCanBeCollectedWhileItsTokenIsKept() throws InterruptedException {
        VerifiedTokenCache cache = cache(Duration.ofSeconds(60), 100);
        java.lang.ref.WeakReference<Object> firstRequest = putWithRequest(cache, "Bearer a.b.c");
        for (int i = 0; i < 20 && firstRequest.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertNull(firstRequest.get(), "the first request is still reachable from the cache");
        assertTrue(cache.get("Bearer a.b.c").isPresent());
    }

    private java.lang.ref.WeakReference<Object> putWithRequest(VerifiedTokenCache cache, String token) {
        Object request = new Object();
        cache.put(token, identity("s", clock.instant().plusSeconds(300), request));
        return new java.lang.ref.WeakReference<>(request);
    }

    @Test
    void maxAgeZeroRemembersNothing() {
        VerifiedTokenCache cache = cache(Duration.ZERO, 100);
        assertTrue(cache.disabled());
        cache.put("Bearer a.b.c", identity("s", clock.instant().plusSeconds(300), null));
        assertFalse(cache.get("Bearer a.b.c").isPresent());
    }
}
