package org.borderpolice.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's routes and limits ({@code border.gateway.*}): which service answers which path
 * prefix, how long to wait for it, and how many requests a client and a partner may send.
 */
@ConfigMapping(prefix = "border.gateway")
public interface GatewayConfig {

    /**
     * The services behind the gateway, by name ("case-exchange", "intel-sharing",
     * "joint-mediation"); the name also routes {@code /api/v1/services/<name>/...} to the
     * service's own {@code /api/v1/...} (its federation and audit endpoints).
     */
    Map<String, Upstream> services();

    /** Timeouts towards the services. */
    Timeouts timeouts();

    /** Connections kept open to each service (HTTP/1.1 pool per service). */
    @WithDefault("64")
    int maxConnections();

    RateLimit rateLimit();

    OpenApi openapi();

    /** The merged notification stream ({@code /api/v1/notifications/stream}). */
    Notifications notifications();

    /** The web console's login (docs/console.md). */
    Console console();

    interface Console {
        /**
         * Login to the console at our identity provider (authorization code flow with PKCE). Only
         * when our issuer's keys come from a JWKS URL (a real identity provider): with an inline
         * key there is no login page to send a user to.
         */
        @WithDefault("true")
        boolean enabled();

        /** The public client of the console at our identity provider. */
        @WithDefault("border-console")
        String clientId();

        /**
         * Key of the session and login-state cookies (encrypted, at least 32 characters), the same
         * on every replica of the gateway; unset: one made at start, and sessions end with a restart.
         */
        Optional<String> sessionSecret();

        /** A session unused this long ends (the identity provider's SSO idle timeout, 30 min in the realms). */
        @WithDefault("30m")
        Duration sessionIdle();
    }

    interface Upstream {
        /** Base URL of the service's public port, e.g. http://localhost:8081 (path ignored). */
        URI url();

        /** Base URL of the service's management interface, whose /q/openapi the merged document reads. */
        Optional<URI> managementUrl();

        /** Path prefixes this service answers, e.g. /api/v1/cases (the prefix itself and below it). */
        List<String> prefixes();
    }

    interface Timeouts {
        /** Establishing a connection to a service; 504 problem+json past it. */
        @WithDefault("5s")
        Duration connect();

        /**
         * From the end of the request (its whole body sent) to the head of the service's
         * response; 504 problem+json past it. A streamed response body has no limit (live
         * notifications stay open).
         */
        @WithDefault("30s")
        Duration response();
    }

    interface RateLimit {
        /** Off: no buckets at all (a deployment that limits elsewhere). */
        @WithDefault("true")
        boolean enabled();

        /** Per client: the token's issuer's jurisdiction and subject. */
        @WithDefault("600")
        long clientRequests();

        @WithDefault("1m")
        Duration clientPeriod();

        /** Per partner jurisdiction: all tokens of that partner's identity provider together. */
        @WithDefault("3000")
        long partnerRequests();

        @WithDefault("1m")
        Duration partnerPeriod();

        /** Clients whose buckets are kept (least recently seen dropped first): bounds the memory. */
        @WithDefault("100000")
        long maxClients();

        /**
         * Proxied requests one client may have under way at once (each holds a pooled connection
         * to its service until its answer is read); 429 beyond.
         */
        @WithDefault("16")
        int clientInFlight();

        /** Proxied requests of one partner's users together under way at once; 429 beyond. */
        @WithDefault("32")
        int partnerInFlight();
    }

    interface OpenApi {
        /** How long a service's fetched document is used before it is fetched again. */
        @WithDefault("5m")
        Duration refresh();

        /** The server the merged document names (the jurisdiction's public gateway URL); "/" when unset. */
        Optional<String> server();
    }

    interface Notifications {
        /** Merged streams one client (issuer's jurisdiction and subject) may hold open; 429 beyond. */
        @WithDefault("3")
        int maxStreamsPerClient();

        /**
         * Merged streams all users of one partner jurisdiction may hold open together; 429 beyond
         * (a partner's identity provider can sign tokens for as many subjects as it likes).
         */
        @WithDefault("200")
        int maxStreamsPerPartner();

        /** Merged streams this jurisdiction's own users may hold open together; 429 beyond. */
        @WithDefault("2000")
        int maxStreamsOwn();

        /**
         * Items a merged stream holds for a client that does not read: the services' streams are
         * paused from half of it on, and the merged stream ends past it.
         */
        @WithDefault("1000")
        int maxPending();

        /**
         * A comment line on a merged stream that sent nothing for this long, so that proxies keep it
         * open. At least a second: the streams' timer ticks once a second, and a shorter one would
         * send a comment on every tick (refused at startup).
         */
        @WithDefault("20s")
        @DurationMin(seconds = 1, message = "must be at least 1s (the streams' timer ticks once a second)")
        Duration keepAlive();

        /**
         * A service's stream silent this long is closed and opened again (the services send a
         * comment every 20 s): a half-open connection is noticed instead of staying silent.
         */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Connections to the services for merged streams, all together (each stream takes one per service). */
        @WithDefault("10000")
        int maxConnections();

        /** Streams waiting for such a connection when all are taken; past it a stream's service is retried later. */
        @WithDefault("100")
        int maxWaitQueue();
    }
}
