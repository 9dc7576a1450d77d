package org.borderpolice.gateway.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.IdentityConfig;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.gateway.config.GatewayConfig;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Token buckets (Bucket4j) per client (the issuing jurisdiction and the token's subject) and per
 * partner jurisdiction (all tokens its identity provider issued), held in memory per replica in a
 * bounded cache (a bucket unused for two periods is dropped: it would be full again by then). With
 * N replicas behind a load balancer a client gets up to N times the rate; a shared limit would
 * keep the buckets in a Bucket4j {@code ProxyManager} over Redis or PostgreSQL instead
 * (docs/configuration.md, "Rate limits").
 */
@ApplicationScoped
public class RateLimits {

    /** Whether a request may go on, and if not, how long until it could. */
    public record Admission(boolean admitted, String limit, Duration retryAfter) {
        static final Admission YES = new Admission(true, null, Duration.ZERO);
    }

    private final boolean enabled;
    private final String ownJurisdiction;
    private final Bandwidth clientRate;
    private final Bandwidth partnerRate;
    private final Cache<String, Bucket> clients;
    private final Cache<String, Bucket> partners;

    @Inject
    public RateLimits(GatewayConfig config, IdentityConfig identity) {
        GatewayConfig.RateLimit limits = config.rateLimit();
        this.enabled = limits.enabled();
        this.ownJurisdiction = identity.jurisdiction().code();
        this.clientRate = rate(limits.clientRequests(), limits.clientPeriod());
        this.partnerRate = rate(limits.partnerRequests(), limits.partnerPeriod());
        this.clients = Caffeine.newBuilder()
                .maximumSize(limits.maxClients())
                .expireAfterAccess(limits.clientPeriod().multipliedBy(2))
                .build();
        this.partners = Caffeine.newBuilder()
                .maximumSize(1000)
                .expireAfterAccess(limits.partnerPeriod().multipliedBy(2))
                .build();
    }

    private static Bandwidth rate(long requests, Duration period) {
        if (requests < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs at least one request per positive period");
        }
        return Bandwidth.builder()
                .capacity(requests)
                .refillGreedy(requests, period)
                .build();
    }

    /** Takes one request from the caller's buckets, or says how long to wait. */
    public Admission admit(BorderPrincipal caller) {
        if (!enabled) {
            return Admission.YES;
        }
        String subject = caller.subject() == null ? "" : caller.subject();
        Bucket client = clients.get(caller.jurisdiction() + "/" + subject, k -> newBucket(clientRate));
        ConsumptionProbe probe = client.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            return refused("client", probe);
        }
        if (!caller.jurisdiction().equals(ownJurisdiction)) {
            Bucket partner = partners.get(caller.jurisdiction(), k -> newBucket(partnerRate));
            ConsumptionProbe partnerProbe = partner.tryConsumeAndReturnRemaining(1);
            if (!partnerProbe.isConsumed()) {
                client.addTokens(1); // the client's request was not served: give its token back
                return refused("partner", partnerProbe);
            }
        }
        return Admission.YES;
    }

    private static Bucket newBucket(Bandwidth rate) {
        return Bucket.builder().addLimit(rate).build();
    }

    private static Admission refused(String limit, ConsumptionProbe probe) {
        return new Admission(false, limit, Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
