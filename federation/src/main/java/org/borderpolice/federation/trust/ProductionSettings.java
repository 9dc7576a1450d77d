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
 * partner, and peer tokens signed with the identity provider's private key held by the service.
 * Each can be allowed explicitly (border.federation.insecure.*), and an allowance that is set is
 * logged at WARN on every start, in every profile.
 */
@ApplicationScoped
public class ProductionSettings {

    private static final Logger LOG = Logger.getLogger(ProductionSettings.class);
    static final String PLAINTEXT = "border.federation.insecure.allow-plaintext-partners";
    static final String SIGNING_KEY = "border.federation.insecure.allow-signing-key-peer-tokens";

    void check(@Observes @Priority(1) StartupEvent event, FederationConfig config, TrustList trustList) {
        List<String> refusals = refusals(config, trustList, LaunchMode.current() == LaunchMode.NORMAL);
        if (!refusals.isEmpty()) {
            String message = "refusing to start: " + String.join("; ", refusals);
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    /** Why this configuration may not start (empty: it may), logging the allowances it uses. */
    static List<String> refusals(FederationConfig config, TrustList trustList, boolean production) {
        List<String> refusals = new ArrayList<>();
        List<String> plaintext = trustList.deliveryPartners().stream()
                .filter(code -> !trustList.partnerTlsEnabled(code)).toList();
        if (config.insecure().allowPlaintextPartners()) {
            LOG.warnf("%s=true: partner links without TLS are allowed (plaintext now: %s); a token or replica sent "
                    + "in plain text can be read and replayed on the way", PLAINTEXT, plaintext);
        } else if (production && !plaintext.isEmpty()) {
            refusals.add("partner link(s) to " + plaintext + " without TLS: set border.federation.partners.<code>"
                    + ".tls.enabled=true with its trust-certificate, or allow plain text explicitly with "
                    + PLAINTEXT + "=true");
        }
        boolean signing = config.peerToken().mode() == FederationConfig.PeerTokenMode.SIGNING_KEY;
        if (config.insecure().allowSigningKeyPeerTokens()) {
            LOG.warnf("%s=true: peer tokens may be signed by this service with the identity provider's private key "
                    + "(mode now: %s); whoever reads this service's configuration can speak as this jurisdiction",
                    SIGNING_KEY, config.peerToken().mode());
        } else if (production && signing) {
            refusals.add("border.federation.peer-token.mode=signing-key puts the identity provider's private key on "
                    + "this service: use mode oidc-client (client credentials from the identity provider), or allow "
                    + "it explicitly with " + SIGNING_KEY + "=true");
        }
        if (production && !config.mutualTls().enabled() && !trustList.partners().isEmpty()) {
            LOG.warn("border.federation.mutual-tls.enabled=false: partners' gRPC calls are authenticated by their peer "
                    + "token alone, without a client certificate");
        }
        return refusals;
    }
}
