package org.borderpolice.federation.trust;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.IdentityConfig;

import io.quarkus.runtime.LaunchMode;

/** Read-only view of the trust list: who may talk to us and to whom we send what. */
@ApplicationScoped
public class TrustList {

    private final IdentityConfig config;

    /**
     * The trust list as configured. In a service with a database FederationConfig, which extends
     * IdentityConfig, is a second bean of type IdentityConfig, so an injected IdentityConfig would
     * be ambiguous. The widest mapping is taken: where FederationConfig exists, the narrower
     * IdentityConfig mapping may not be registered at all (its bean then fails on first use, as a
     * {@code @QuarkusTest} showed). Code that needs the trust-list settings takes them from here
     * ({@link #config()}) or injects FederationConfig.
     */
    @Inject
    public TrustList(@Any Instance<IdentityConfig> configs) {
        this(configs.handlesStream()
                .max(Comparator.comparingInt(h -> h.getBean().getTypes().size()))
                .orElseThrow(() -> new IllegalStateException("no border.federation mapping"))
                .get());
    }

    public TrustList(IdentityConfig config) {
        this.config = config;
    }

    /** The trust-list settings (border.federation: jurisdiction, partners, mutual TLS, ...). */
    public IdentityConfig config() {
        return config;
    }

    public String selfCode() {
        return config.jurisdiction().code();
    }

    public String selfName() {
        return config.jurisdiction().name();
    }

    public String service() {
        return config.service();
    }

    public String selfAudience() {
        return config.jurisdiction().audience().orElse(defaultAudience(selfCode()));
    }

    /** Our relay's client id at our identity provider (the "azp" of our peer tokens). */
    public String selfPeerClientId() {
        return config.jurisdiction().peerClientId();
    }

    /**
     * The client of this jurisdiction's identity provider whose tokens may act as its peer
     * (ourselves included); empty for a jurisdiction not on the list.
     */
    public Optional<String> peerClientIdOf(String jurisdiction) {
        if (jurisdiction.equals(selfCode())) {
            return Optional.of(selfPeerClientId());
        }
        return partner(jurisdiction).map(IdentityConfig.Partner::peerClientId);
    }

    /** TLS towards this partner: as configured, else on outside the dev and test profiles. */
    public boolean partnerTlsEnabled(String code) {
        return partner(code)
                .flatMap(p -> p.tls().enabled())
                .orElse(!LaunchMode.current().isDevOrTest());
    }

    public static String defaultAudience(String code) {
        return "border-" + code;
    }

    /** Every issuer we accept tokens from: our own first, then each partner's. */
    public List<TrustedIssuer> trustedIssuers() {
        List<TrustedIssuer> issuers = new ArrayList<>();
        IdentityConfig.Jurisdiction self = config.jurisdiction();
        issuers.add(new TrustedIssuer(self.code(), self.name(), self.issuer(), self.publicKey(), self.jwksUrl()));
        config.partners()
                .forEach((code, p) ->
                        issuers.add(new TrustedIssuer(code, p.name(), p.issuer(), p.publicKey(), p.jwksUrl())));
        return issuers;
    }

    /** The jurisdiction whose identity provider is this issuer, if it is on the list. */
    public Optional<String> jurisdictionOfIssuer(String issuer) {
        return trustedIssuers().stream()
                .filter(i -> i.issuer().equals(issuer))
                .map(TrustedIssuer::jurisdiction)
                .findFirst();
    }

    public Map<String, IdentityConfig.Partner> partners() {
        return config.partners();
    }

    public Optional<IdentityConfig.Partner> partner(String code) {
        return Optional.ofNullable(config.partners().get(code));
    }

    public boolean isPartner(String code) {
        return config.partners().containsKey(code);
    }

    public String partnerAudience(String code) {
        return partner(code).flatMap(IdentityConfig.Partner::audience).orElse(defaultAudience(code));
    }

    /** The partner's gRPC endpoint for this service, if the agreement gives one. */
    public Optional<String> endpointOf(String partnerCode) {
        return partner(partnerCode).map(p -> p.endpoints().get(config.service()));
    }

    /** Partners this service delivers to at all (those with an endpoint for it). */
    public List<String> deliveryPartners() {
        return config.partners().keySet().stream()
                .filter(code -> endpointOf(code).isPresent())
                .sorted()
                .toList();
    }

    /** Does the agreement let this partner receive records of this type? */
    public boolean mayReceive(String partnerCode, String recordType) {
        return partner(partnerCode)
                .map(p -> categoryAllows(p.categories(), recordType))
                .orElse(false);
    }

    static boolean categoryAllows(Set<String> granted, String recordType) {
        for (String g : granted) {
            String grant = g.trim();
            if (!grant.isEmpty() && (recordType.equals(grant) || recordType.startsWith(grant + "."))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Partners that get a copy of a record: in its distribution, on the agreement with that
     * record type, and reachable by this service. Never ourselves.
     */
    public List<String> destinations(String recordType, Collection<String> distribution) {
        return destinations(recordType, distribution, false);
    }

    /**
     * As {@link #destinations(String, Collection)}; a deletion ({@code tombstone}) goes to every
     * partner in the distribution that is reachable, whether or not the agreement still gives it the
     * record type: a record it was given must not stay live there because the grant went (the
     * receiver takes such deletions too).
     */
    public List<String> destinations(String recordType, Collection<String> distribution, boolean tombstone) {
        return distribution.stream()
                .distinct()
                .filter(code -> !code.equals(selfCode()))
                .filter(code -> tombstone ? isPartner(code) : mayReceive(code, recordType))
                .filter(code -> endpointOf(code).isPresent())
                .sorted()
                .toList();
    }

    public record TrustedIssuer(
            String jurisdiction, String name, String issuer, Optional<String> publicKey, Optional<String> jwksUrl) {}
}
