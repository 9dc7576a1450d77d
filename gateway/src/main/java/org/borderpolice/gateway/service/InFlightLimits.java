package org.borderpolice.gateway.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.IdentityConfig;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.gateway.config.GatewayConfig;

/**
 * Requests of one client, and of one partner's users together, under way through the proxy at
 * once: each holds one of a service's pooled connections for as long as its body arrives and its
 * answer is read, so without a bound one caller sending or reading slowly could hold them all and
 * every other caller would wait for a connection. Beyond the bound: 429 (the rate limits count
 * requests over time; this counts them at one moment).
 */
@ApplicationScoped
public class InFlightLimits {

    /** Under way, per client (issuer's jurisdiction and subject) and per partner jurisdiction. */
    private final ConcurrentHashMap<String, Integer> clients = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<String, Integer> partners = new ConcurrentHashMap<>();
    private final boolean enabled;
    private final int perClient;
    private final int perPartner;
    private final String ownJurisdiction;

    @Inject
    public InFlightLimits(GatewayConfig config, IdentityConfig identity) {
        this.enabled = config.rateLimit().enabled();
        this.perClient = config.rateLimit().clientInFlight();
        this.perPartner = config.rateLimit().partnerInFlight();
        this.ownJurisdiction = identity.jurisdiction().code();
        if (perClient < 1 || perPartner < 1) {
            throw new IllegalArgumentException(
                    "border.gateway.rate-limit.client-in-flight and partner-in-flight must be at least 1");
        }
    }

    /** A request under way; given back once (its answer ended or its connection closed). */
    public final class Slot {
        private final String client;
        private final String partner;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String client, String partner) {
            this.client = client;
            this.partner = partner;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                giveBack(clients, client);
                if (partner != null) {
                    giveBack(partners, partner);
                }
            }
        }
    }

    /** A slot for the caller's request, or null when the caller (or its partner) has as many under way as it may. */
    public Slot acquire(BorderPrincipal caller) {
        String client = caller.jurisdiction() + "/" + (caller.subject() == null ? "" : caller.subject());
        String partner = caller.jurisdiction().equals(ownJurisdiction) ? null : caller.jurisdiction();
        if (!enabled) {
            return new Slot(null, null);
        }
        if (!take(clients, client, perClient)) {
            return null;
        }
        if (partner != null && !take(partners, partner, perPartner)) {
            giveBack(clients, client);
            return null;
        }
        return new Slot(client, partner);
    }

    private static boolean take(ConcurrentHashMap<String, Integer> counts, String key, int max) {
        boolean[] taken = {false};
        counts.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private static void giveBack(ConcurrentHashMap<String, Integer> counts, String key) {
        if (key != null) {
            // the entry goes once nothing is under way: the map holds only callers with requests now
            counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        }
    }
}
