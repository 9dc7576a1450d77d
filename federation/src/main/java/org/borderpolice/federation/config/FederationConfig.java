package org.borderpolice.federation.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The trust list of this jurisdiction: who we are, which partners the cooperation agreement
 * (跨区域警务合作协议书) names, how to reach and verify them, and what each may receive.
 * One copy per jurisdiction, shared by all of its services.
 */
@ConfigMapping(prefix = "border.federation")
public interface FederationConfig {

    /** This jurisdiction. */
    Jurisdiction jurisdiction();

    /** Name of this service ("intel-sharing", ...); picks each partner's gRPC endpoint. */
    String service();

    /** Partners of the agreement, keyed by their GB/T 2260 code. */
    Map<String, Partner> partners();

    Relay relay();

    PeerToken peerToken();

    ClientTls clientTls();

    MutualTls mutualTls();

    BlindIndex blindIndex();

    /**
     * The single, unversioned key of earlier releases: no longer read. Mapped only so that a
     * service needing the blind index can say what to set instead (blind-index.keys.1).
     */
    @Deprecated
    Optional<String> blindIndexKey();

    /**
     * The agreement's blind index: identifiers in hit/no-hit checks travel only as HMACs under a
     * key all partners share. Services that answer checks refuse to start without one.
     */
    interface BlindIndex {
        /**
         * The keys by version (1 to 32767): base64 of at least 32 random bytes each, e.g.
         * {@code border.federation.blind-index.keys.1}. Normally one; two while the agreement
         * rotates its key (README "Blind-index key").
         */
        Map<String, String> keys();
    }

    interface Jurisdiction {
        /** GB/T 2260 code, e.g. 330881. */
        String code();

        /** Name, e.g. 江山市公安局. */
        String name();

        /** OIDC issuer of this jurisdiction's identity provider. */
        String issuer();

        /** Key material of the issuer: inline PEM/base64 public key ... */
        Optional<String> publicKey();

        /** ... or the JWKS URL (no discovery, no introspection). */
        Optional<String> jwksUrl();

        /** Audience a token must carry to be accepted here; default border-&lt;code&gt;. */
        Optional<String> audience();
    }

    interface Partner {
        /** Name, e.g. 浦城县公安局. */
        String name();

        /** OIDC issuer of the partner's identity provider. */
        String issuer();

        Optional<String> publicKey();

        Optional<String> jwksUrl();

        /** Audience the partner expects on tokens we send it; default border-&lt;code&gt;. */
        Optional<String> audience();

        /** gRPC endpoint (host:port) per service name. */
        Map<String, String> endpoints();

        /**
         * Record categories the agreement lets this partner receive: a category ("intel") or
         * a record type ("intel.alert").
         */
        @WithDefault("")
        Set<String> categories();

        /** TLS towards this partner's endpoints. */
        PartnerTls tls();
    }

    interface PartnerTls {
        /** Plain text is for a single machine or a test; deployments use TLS (mutual). */
        @WithDefault("false")
        boolean enabled();

        /**
         * PEM file of the CA (or certificate) that signs the partner's server certificate and,
         * with mutual TLS, its client certificates. May hold several certificates (a bundle).
         */
        Optional<String> trustCertificate();
    }

    /** Our client certificate for mutual TLS towards partners. */
    interface ClientTls {
        /** PEM certificate chain file. */
        Optional<String> certificate();

        /** PEM PKCS#8 private key file. */
        Optional<String> key();
    }

    /**
     * Partners' gRPC calls come with a client certificate (mutual TLS, 双向认证). The HTTPS server
     * (quarkus.tls.key-store.*) asks every client for a certificate and trusts exactly the
     * partners' trust certificates; users' REST calls need none. A gRPC call without a verified
     * certificate, or whose certificate was issued under another partner's CA than its token's
     * jurisdiction, is refused.
     */
    interface MutualTls {
        @WithDefault("false")
        boolean enabled();
    }

    interface Relay {
        /** Run the outbox relay in this process. */
        @WithDefault("true")
        boolean enabled();

        /** Events per gRPC message (one acknowledgement each). */
        @WithDefault("500")
        int batchSize();

        /** How often an idle relay looks for rows written by other replicas. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** First wait after a failed delivery; doubles per failure. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Cap of the wait between attempts while a partner is down. */
        @WithDefault("2m")
        Duration maxBackoff();

        /** How long to wait for a partner's acknowledgement of a batch. */
        @WithDefault("30s")
        Duration ackTimeout();

        /**
         * How often to vacuum the outbox after the relay deleted delivered rows (a duration, or
         * "off" to leave it to autovacuum); read by {@code OutboxVacuum}'s schedule.
         */
        @WithDefault("1s")
        String vacuumEvery();
    }

    interface PeerToken {
        /**
         * oidc-client: client-credentials token from our own identity provider
         * (quarkus.oidc-client.*). signing-key: a short-lived token signed here with the
         * private key of our issuer (the key partners trust as our issuer's public key).
         */
        @WithDefault("oidc-client")
        PeerTokenMode mode();

        /** PKCS#8 PEM private key, for mode signing-key. */
        Optional<String> signingKey();

        /** Key id put in the token header, for mode signing-key. */
        Optional<String> keyId();

        @WithDefault("5m")
        Duration lifetime();
    }

    enum PeerTokenMode {
        OIDC_CLIENT,
        SIGNING_KEY
    }
}
