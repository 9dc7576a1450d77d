package org.borderpolice.federation.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The trust list of this jurisdiction: who we are, which partners the cooperation agreement
 * (跨区域警务合作协议书) names, how to reach and verify them, and what each may receive.
 * One copy per jurisdiction, shared by all of its services, the gateway included (which reads
 * this mapping alone: it has no database and no replication). {@code FederationConfig} extends
 * it with what a replicating service needs.
 */
@ConfigMapping(prefix = "border.federation")
public interface IdentityConfig {

    /** This jurisdiction. */
    Jurisdiction jurisdiction();

    /** Name of this service ("intel-sharing", ...); picks each partner's gRPC endpoint. */
    String service();

    /** Partners of the agreement, keyed by their GB/T 2260 code. */
    Map<String, Partner> partners();

    MutualTls mutualTls();

    PeerStream peerStream();

    /** Bearer tokens verified once and remembered ({@code VerifiedTokens}). */
    TokenCache tokenCache();

    Insecure insecure();

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

        /**
         * Client id of our relay at our identity provider: the "azp" of our peer tokens (signed
         * into them in mode signing-key). Partners accept role peer only from that client.
         */
        @WithDefault(DEFAULT_PEER_CLIENT_ID)
        String peerClientId();
    }

    /** Default client id of a jurisdiction's relay at its identity provider. */
    String DEFAULT_PEER_CLIENT_ID = "border-relay";

    interface Partner {
        /** Name, e.g. 浦城县公安局. */
        String name();

        /** OIDC issuer of the partner's identity provider. */
        String issuer();

        Optional<String> publicKey();

        Optional<String> jwksUrl();

        /** Audience the partner expects on tokens we send it; default border-&lt;code&gt;. */
        Optional<String> audience();

        /**
         * Client id of the partner's relay at its identity provider: a token of the partner's
         * issuer acts as peer only if its "azp" (or "client_id") is this client.
         */
        @WithDefault(DEFAULT_PEER_CLIENT_ID)
        String peerClientId();

        /** gRPC endpoint (host:port) per service name. */
        Map<String, String> endpoints();

        /**
         * Record categories the agreement lets this partner receive: a category ("intel") or
         * a record type ("intel.alert"). None when not set: the partner is trusted (its users and
         * relay authenticate) and receives nothing until the agreement grants it categories.
         */
        @WithName("categories")
        Optional<Set<String>> grantedCategories();

        /** {@link #grantedCategories()}, empty when none are granted. */
        default Set<String> categories() {
            return grantedCategories().orElse(Set.of());
        }

        /** TLS towards this partner's endpoints. */
        PartnerTls tls();

        /**
         * The partner's Ed25519 public key for its audit chain heads (X.509 SubjectPublicKeyInfo,
         * PEM or base64 DER). Without it the partner's heads are refused and ours are not sent to it.
         */
        Optional<String> auditKey();
    }

    interface PartnerTls {
        /**
         * TLS towards this partner. Default: on, except in the dev and test profiles; a production
         * start with a plaintext partner link needs insecure.allow-plaintext-partners.
         */
        Optional<Boolean> enabled();

        /**
         * PEM file of the CA (or certificate) that signs the partner's server certificate and,
         * with mutual TLS, its client certificates. May hold several certificates (a bundle).
         */
        Optional<String> trustCertificate();
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

        /**
         * The HTTPS port answers partners' gRPC calls only: any other request over TLS (the REST
         * API, another content type, a service partners are not meant to call) gets 404. Default:
         * on whenever mutual TLS is (review 28 S5), since users reach the service through the
         * gateway on the plain port; {@code false} is the explicit opt-out for a deployment whose
         * users call the REST API over this port.
         */
        Optional<Boolean> grpcOnly();

        /** Whether the HTTPS port serves partners' gRPC only: grpc-only, by default enabled(). */
        default boolean grpcOnlyInEffect() {
            return grpcOnly().orElse(enabled());
        }
    }

    /**
     * Long-lived Deliver streams are authorised once, when they open; these bound how long that
     * authorisation lasts.
     */
    interface PeerStream {
        /**
         * Receiving end: a stream is closed (UNAUTHENTICATED) when the token it opened with
         * expires, and at the latest this long after it opened.
         */
        @WithDefault("15m")
        Duration maxAge();

        /**
         * Sending end: the relay reopens its stream with a fresh token after this long (and
         * before its token expires). Keep it below the partners' max-age.
         */
        @WithDefault("5m")
        Duration renewAfter();

        /**
         * Receiving end: how far the clocks of two jurisdictions may differ. A token is taken
         * until this long after its expiry by our clock (the OIDC tenants' lifespan grace), and a
         * stream is closed this long after its token's expiry. With the sender's
         * peer-token.renew-before, clocks that differ by less than their sum never cut a stream.
         */
        @WithDefault("30s")
        Duration expiryGrace();
    }

    /**
     * Verified bearer tokens remembered by the whole token (signature included) with the identity
     * they gave: signature, issuer, audience, expiry and the trust list's checks are not repeated
     * for the same token. What depends on the call (the client certificate, the partner's limits
     * and allowances, roles) is checked on every call. Failures are never remembered.
     */
    interface TokenCache {
        /**
         * Longest a verified token is remembered, whatever its expiry (never past it); also how long
         * a token verified with a key its issuer has since withdrawn (from its JWKS) may still be
         * taken after quarkus-oidc stops trusting that key. 0: every request verifies its token.
         */
        @WithDefault("60s")
        Duration maxAge();

        /**
         * Tokens remembered at most (least recently used dropped first); a token counts once per
         * started 2,048 characters, and one over 8,192 is never remembered: a partner minting
         * tokens cannot fill the heap (about 10 KiB per entry at most, 20 MiB at the default).
         */
        @WithDefault("2000")
        long maxSize();

        /**
         * Which verified tokens are remembered: {@code peer} (partners' relay tokens, role peer:
         * each partner sends the same one with every call until it renews it) or {@code all}
         * (users' too: the gateway's default).
         */
        @WithDefault("peer")
        Remembered tokens();

        enum Remembered {
            PEER,
            ALL
        }
    }

    /**
     * Explicit permissions for what a production start (prod profile) otherwise refuses; each
     * one that is set is logged at WARN on every start.
     */
    interface Insecure {
        /** Allow partner links without TLS (partners.&lt;code&gt;.tls.enabled=false). */
        @WithDefault("false")
        boolean allowPlaintextPartners();

        /**
         * Allow the identity provider's private key on this service: peer-token mode signing-key,
         * or peer-token.signing-key set in any mode.
         */
        @WithDefault("false")
        boolean allowSigningKeyPeerTokens();

        /**
         * Allow partner TLS without the partner's tls.trust-certificate: the JVM's public CAs
         * would vouch for whoever holds a certificate for the partner's host name.
         */
        @WithDefault("false")
        boolean allowPartnerTlsWithoutTrustCertificate();

        /** Allow partners' calls authenticated by their peer token alone (mutual-tls.enabled=false). */
        @WithDefault("false")
        boolean allowPartnersWithoutMutualTls();
        // ---- the database and the audit log (ProductionSettings.auditRefusals, DatabaseRoleCheck)

        /**
         * Allow a production start that migrates the database and goes on serving
         * (database.migrate=true without quarkus.init-and-exit), or that holds the owner's
         * credentials (quarkus.flyway.username / password): the owner's password inside the
         * running service. Tests and the local federation.
         */
        @WithDefault("false")
        boolean allowMigrateAtStart();

        /**
         * Allow the service to connect as the owner of its tables or schemas, as a member of the
         * owner's role, as the database's owner or as a superuser: the audit log is then within
         * its reach.
         */
        @WithDefault("false")
        boolean allowOwnerConnection();

        /**
         * Allow a production start without audit anchors: no audit.signing-key, a partner without
         * audit-key, or audit.anchor-every=off. Tampering with the audit log is then found by
         * nobody but ourselves.
         */
        @WithDefault("false")
        boolean allowUnanchoredAudit();
    }
}
