package org.borderpolice.federation.trust;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.borderpolice.federation.config.FederationConfig;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * What a production start (the prod profile: {@code java -jar}) refuses: a plaintext link to a
 * partner, peer tokens signed with the identity provider's private key held by the service (or
 * that key on the service at all), partner TLS trusting the JVM's public CAs instead of the
 * partner's CA, and partners' calls without mutual TLS. Each can be allowed explicitly
 * (border.federation.insecure.*), and an allowance that is set is logged at WARN on every start,
 * in every profile.
 */
@ApplicationScoped
public class ProductionSettings {

    private static final Logger LOG = Logger.getLogger(ProductionSettings.class);
    static final String PLAINTEXT = "border.federation.insecure.allow-plaintext-partners";
    static final String SIGNING_KEY = "border.federation.insecure.allow-signing-key-peer-tokens";

    void check(@Observes @Priority(1) StartupEvent event, FederationConfig config, TrustList trustList) {
        boolean production = LaunchMode.current() == LaunchMode.NORMAL;
        List<String> refusals = new ArrayList<>(refusals(config, trustList, production));
        refusals.addAll(auditRefusals(config, trustList, production, ownerCredentialsConfigured()));
        if (!refusals.isEmpty()) {
            String message = "refusing to start: " + String.join("; ", refusals);
            LOG.error(message);
            throw new IllegalStateException(message);
        }
        config.recordIds().legacyAcceptedUntil().ifPresent(until -> {
            if (java.time.Instant.now().isBefore(until)) {
                LOG.warnf(
                        "border.federation.record-ids.legacy-accepted-until=%s: partners' records new to us are taken "
                                + "under legacy (random) ids until then; a partner that learned another's legacy id can take "
                                + "it over here first. Unset it once the upgrade is done",
                        until);
            } else {
                LOG.infof(
                        "border.federation.record-ids.legacy-accepted-until=%s has passed: legacy ids are refused; "
                                + "the setting can go",
                        until);
            }
        });
    }

    /** Why this configuration may not start (empty: it may), logging the allowances it uses. */
    static List<String> refusals(FederationConfig config, TrustList trustList, boolean production) {
        List<String> refusals = new ArrayList<>();
        List<String> plaintext = trustList.deliveryPartners().stream()
                .filter(code -> !trustList.partnerTlsEnabled(code))
                .toList();
        if (config.insecure().allowPlaintextPartners()) {
            LOG.warnf(
                    "%s=true: partner links without TLS are allowed (plaintext now: %s); a token or replica sent "
                            + "in plain text can be read and replayed on the way",
                    PLAINTEXT, plaintext);
        } else if (production && !plaintext.isEmpty()) {
            refusals.add("partner link(s) to " + plaintext + " without TLS: set border.federation.partners.<code>"
                    + ".tls.enabled=true with its trust-certificate, or allow plain text explicitly with "
                    + PLAINTEXT + "=true");
        }
        boolean signing = config.peerToken().mode() == FederationConfig.PeerTokenMode.SIGNING_KEY;
        if (config.insecure().allowSigningKeyPeerTokens()) {
            LOG.warnf(
                    "%s=true: peer tokens may be signed by this service with the identity provider's private key "
                            + "(mode now: %s); whoever reads this service's configuration can speak as this jurisdiction",
                    SIGNING_KEY, config.peerToken().mode());
        } else if (production && signing) {
            refusals.add("border.federation.peer-token.mode=signing-key puts the identity provider's private key on "
                    + "this service: use mode oidc-client (client credentials from the identity provider), or allow "
                    + "it explicitly with " + SIGNING_KEY + "=true");
        }
        refusals.addAll(partnerTransportRefusals(config, trustList, production));
        refusals.addAll(identityProviderKeyRefusals(config, production));
        return refusals;
    }

    static final String PUBLIC_CAS = "border.federation.insecure.allow-partner-tls-without-trust-certificate";
    static final String NO_MUTUAL_TLS = "border.federation.insecure.allow-partners-without-mutual-tls";

    /**
     * Partner TLS that trusts the JVM's public CAs (no tls.trust-certificate: anyone with a public
     * certificate for the partner's host name passes for it), and partners' calls without mutual
     * TLS (a peer token alone authenticates them).
     */
    static List<String> partnerTransportRefusals(FederationConfig config, TrustList trustList, boolean production) {
        List<String> refusals = new ArrayList<>();
        List<String> publicCas = trustList.deliveryPartners().stream()
                .filter(code -> trustList.partnerTlsEnabled(code))
                .filter(code -> trustList
                        .partner(code)
                        .flatMap(p -> p.tls().trustCertificate())
                        .isEmpty())
                .toList();
        if (config.insecure().allowPartnerTlsWithoutTrustCertificate()) {
            LOG.warnf(
                    "%s=true: TLS to partners without their trust certificate is allowed (now: %s); it trusts any "
                            + "public CA to vouch for the partner",
                    PUBLIC_CAS, publicCas);
        } else if (production && !publicCas.isEmpty()) {
            refusals.add("partner link(s) to " + publicCas + " use TLS without its tls.trust-certificate, trusting any "
                    + "public CA: set border.federation.partners.<code>.tls.trust-certificate to the partner's CA, or "
                    + "allow it explicitly with " + PUBLIC_CAS + "=true");
        }
        boolean withoutMutualTls =
                !config.mutualTls().enabled() && !trustList.partners().isEmpty();
        if (config.insecure().allowPartnersWithoutMutualTls()) {
            LOG.warnf(
                    "%s=true: partners' gRPC calls may be authenticated by their peer token alone (mutual TLS now: "
                            + "%s); a stolen peer token is then enough to act as a partner",
                    NO_MUTUAL_TLS, config.mutualTls().enabled() ? "on" : "off");
        } else if (production && withoutMutualTls) {
            refusals.add("border.federation.mutual-tls.enabled=false: partners' gRPC calls would be authenticated by "
                    + "their peer token alone, without a client certificate; turn mutual TLS on (README \"Mutual TLS\"), "
                    + "or allow it explicitly with " + NO_MUTUAL_TLS + "=true");
        }
        return refusals;
    }

    /** The identity provider's private key on the service while peer tokens come from the identity provider. */
    static List<String> identityProviderKeyRefusals(FederationConfig config, boolean production) {
        boolean keyBesideOidcClient = config.peerToken().mode() == FederationConfig.PeerTokenMode.OIDC_CLIENT
                && config.peerToken().signingKey().filter(k -> !k.isBlank()).isPresent();
        if (production && keyBesideOidcClient && !config.insecure().allowSigningKeyPeerTokens()) {
            return List.of("border.federation.peer-token.signing-key is set: the identity provider's private key is on "
                    + "this service although peer-token.mode is oidc-client; remove it, or allow it explicitly with "
                    + SIGNING_KEY + "=true");
        }
        return List.of();
    }

    // ---- the database and the audit log (kept apart from the transport checks above)

    static final String MIGRATE_AT_START = "border.federation.insecure.allow-migrate-at-start";
    static final String OWNER_CONNECTION = "border.federation.insecure.allow-owner-connection";
    static final String UNANCHORED = "border.federation.insecure.allow-unanchored-audit";

    /** Whether this process was given the owner's credentials for the migrations. */
    static boolean ownerCredentialsConfigured() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return config.getOptionalValue("quarkus.flyway.password", String.class)
                        .filter(v -> !v.isBlank())
                        .isPresent()
                || config.getOptionalValue("quarkus.flyway.username", String.class)
                        .filter(v -> !v.isBlank())
                        .isPresent();
    }

    /**
     * Why the audit log would not be out of this service's reach, or not anchored: migrations at
     * the start of a serving process (the owner's password inside it), no signing key, a partner
     * without audit key, anchoring off. A migration job (quarkus.init-and-exit) exits before any
     * of this runs.
     */
    static List<String> auditRefusals(
            FederationConfig config, TrustList trustList, boolean production, boolean ownerCredentials) {
        List<String> refusals = new ArrayList<>();
        boolean migrating = config.database().migrate() || ownerCredentials;
        if (config.insecure().allowMigrateAtStart()) {
            LOG.warnf(
                    "%s=true: this service may migrate its database at start and hold the owner's credentials "
                            + "(migrating now: %s, owner credentials given: %s); whoever runs code in it can act as the owner "
                            + "of the audit log",
                    MIGRATE_AT_START, config.database().migrate(), ownerCredentials);
        } else if (production && migrating) {
            refusals.add("this service would hold the database owner's credentials (border.federation.database.migrate="
                    + config.database().migrate() + ", quarkus.flyway.username/password "
                    + (ownerCredentials ? "set" : "not set")
                    + "): run the migrations as a job of their own (QUARKUS_INIT_AND_EXIT=true, "
                    + "README \"Running a service\") and start the service without them, or allow it explicitly with "
                    + MIGRATE_AT_START + "=true");
        }
        if (config.insecure().allowOwnerConnection()) {
            LOG.warnf(
                    "%s=true: this service may connect as the owner of its tables: the audit log is within its reach",
                    OWNER_CONNECTION);
        }
        List<String> unanchored = new ArrayList<>();
        if (config.audit().signingKey().filter(k -> !k.isBlank()).isEmpty()) {
            unanchored.add("no border.federation.audit.signing-key");
        }
        List<String> withoutKey = trustList.deliveryPartners().stream()
                .filter(code -> trustList
                        .partner(code)
                        .flatMap(FederationConfig.Partner::auditKey)
                        .filter(k -> !k.isBlank())
                        .isEmpty())
                .toList();
        if (!withoutKey.isEmpty()) {
            unanchored.add("no audit-key for partner(s) " + withoutKey);
        }
        if ("off".equalsIgnoreCase(config.audit().anchorEvery().trim())) {
            unanchored.add("border.federation.audit.anchor-every=off");
        }
        if (config.insecure().allowUnanchoredAudit()) {
            LOG.warnf(
                    "%s=true: the audit chain may go unanchored (now: %s); a rewritten chain would be found by "
                            + "nobody but ourselves",
                    UNANCHORED, unanchored.isEmpty() ? "anchored" : String.join(", ", unanchored));
        } else if (production && !unanchored.isEmpty()) {
            refusals.add("the audit chain would not be anchored with the partners (" + String.join("; ", unanchored)
                    + "): set the signing key and every partner's audit-key (README \"Running a service\"), or allow it "
                    + "explicitly with " + UNANCHORED + "=true");
        }
        return refusals;
    }
}
