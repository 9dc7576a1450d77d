package org.borderpolice.gateway.service;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.IdentityConfig;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.gateway.config.GatewayConfig;

/**
 * The merged notification streams open at this gateway, counted per client (issuer's jurisdiction
 * and subject) and per issuing jurisdiction: each open stream holds a connection to every service,
 * so a partner whose identity provider signs tokens for any number of subjects must not be able to
 * take them all (review 26 M2). Per replica, as the rate limits.
 */
@ApplicationScoped
public class StreamLimits {

    /** An open stream's place, given back once when the stream ends. */
    public final class Slot {
        private final String client;
        private final String jurisdiction;
        private boolean released;

        private Slot(String client, String jurisdiction) {
            this.client = client;
            this.jurisdiction = jurisdiction;
        }

        public void release() {
            synchronized (StreamLimits.this) {
                if (released) {
                    return;
                }
                released = true;
                decrement(perClient, client);
                decrement(perJurisdiction, jurisdiction);
            }
        }
    }

    private final String ownJurisdiction;
    private final GatewayConfig.Notifications limits;
    private final Map<String, Integer> perClient = new HashMap<>();
    private final Map<String, Integer> perJurisdiction = new HashMap<>();

    @Inject
    public StreamLimits(GatewayConfig config, IdentityConfig identity) {
        this.limits = config.notifications();
        this.ownJurisdiction = identity.jurisdiction().code();
    }

    /** A place for a stream, or the limit that refused it ("client", "partner", "jurisdiction"). */
    public record Admission(Slot slot, String refusedBy) {}

    /** A place for one more stream of this caller, or which limit refuses it. */
    public synchronized Admission acquire(BorderPrincipal caller) {
        String jurisdiction = caller.jurisdiction();
        String client = jurisdiction + "/" + (caller.subject() == null ? "" : caller.subject());
        if (perClient.getOrDefault(client, 0) >= limits.maxStreamsPerClient()) {
            return new Admission(null, "client");
        }
        boolean own = jurisdiction.equals(ownJurisdiction);
        int cap = own ? limits.maxStreamsOwn() : limits.maxStreamsPerPartner();
        if (perJurisdiction.getOrDefault(jurisdiction, 0) >= cap) {
            return new Admission(null, own ? "jurisdiction" : "partner");
        }
        perClient.merge(client, 1, Integer::sum);
        perJurisdiction.merge(jurisdiction, 1, Integer::sum);
        return new Admission(new Slot(client, jurisdiction), null);
    }

    /** Open streams of one issuing jurisdiction (for tests and metrics). */
    public synchronized int open(String jurisdiction) {
        return perJurisdiction.getOrDefault(jurisdiction, 0);
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
