package org.borderpolice.federation.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.testing.TestConfigs;
import org.junit.jupiter.api.Test;

/** Which settings a production start refuses, and which allowances lift that. */
class ProductionSettingsTest {

    static List<String> refusals(boolean production, Map<String, String> settings) {
        Map<String, String> p = new HashMap<>(settings);
        p.put("border.federation.partners.350722.endpoints.intel-sharing", "intel-sharing.350722.example:8443");
        FederationConfig config = TestConfigs.jiangshan(p);
        return ProductionSettings.refusals(config, new TrustList(config), production);
    }

    /** What a production deployment sets: partner TLS with the partner's CA, mutual TLS, oidc-client tokens. */
    static final Map<String, String> PRODUCTION = Map.of(
            "border.federation.partners.350722.tls.trust-certificate", "/etc/border/partners/350722-ca.pem",
            "border.federation.mutual-tls.enabled", "true");

    static Map<String, String> production(String... keysAndValues) {
        Map<String, String> p = new HashMap<>(PRODUCTION);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                p.remove(keysAndValues[i]);
            } else {
                p.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return p;
    }

    @Test
    void tlsWithTheirCasMutualTlsAndOidcClientTokensStartAnywhere() {
        assertEquals(List.of(), refusals(true, PRODUCTION));
        assertEquals(List.of(), refusals(true, production("border.federation.partners.350722.tls.enabled", "true")));
    }

    @Test
    void partnerTlsWithoutTheirTrustCertificateIsRefusedInProductionUnlessAllowed() {
        // the JVM's public CAs would vouch for anyone's certificate with the partner's host name
        Map<String, String> publicCas = production("border.federation.partners.350722.tls.trust-certificate", null);
        List<String> refused = refusals(true, publicCas);
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("trust-certificate"), refused.get(0));
        assertTrue(
                refused.get(0).contains("border.federation.insecure.allow-partner-tls-without-trust-certificate"),
                refused.get(0));
        assertEquals(List.of(), refusals(false, publicCas), "dev and test profiles");
        assertEquals(
                List.of(),
                refusals(
                        true,
                        production(
                                "border.federation.partners.350722.tls.trust-certificate",
                                null,
                                "border.federation.insecure.allow-partner-tls-without-trust-certificate",
                                "true")));
    }

    @Test
    void aSigningKeyOnTheServiceIsRefusedInProductionWhateverTheModeUnlessAllowed() {
        Map<String, String> keyBesideOidcClient = production(
                "border.federation.peer-token.mode",
                "oidc-client",
                "border.federation.peer-token.signing-key",
                "-----BEGIN PRIVATE KEY-----...");
        List<String> refused = refusals(true, keyBesideOidcClient);
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("peer-token.signing-key"), refused.get(0));
        assertEquals(
                List.of(),
                refusals(
                        true,
                        production(
                                "border.federation.peer-token.signing-key",
                                "-----BEGIN PRIVATE KEY-----...",
                                "border.federation.insecure.allow-signing-key-peer-tokens",
                                "true")));
    }

    @Test
    void partnersWithoutMutualTlsAreRefusedInProductionUnlessAllowed() {
        Map<String, String> tokenOnly = production("border.federation.mutual-tls.enabled", "false");
        List<String> refused = refusals(true, tokenOnly);
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("mutual-tls.enabled"), refused.get(0));
        assertTrue(
                refused.get(0).contains("border.federation.insecure.allow-partners-without-mutual-tls"),
                refused.get(0));
        assertEquals(List.of(), refusals(false, tokenOnly), "dev and test profiles");
        assertEquals(
                List.of(),
                refusals(
                        true,
                        production(
                                "border.federation.mutual-tls.enabled",
                                "false",
                                "border.federation.insecure.allow-partners-without-mutual-tls",
                                "true")));
    }

    @Test
    void aPlaintextPartnerLinkIsRefusedInProductionUnlessAllowed() {
        Map<String, String> plaintext = production("border.federation.partners.350722.tls.enabled", "false");
        List<String> refused = refusals(true, plaintext);
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).startsWith("partner link(s) to [350722] without TLS"), refused.get(0));
        assertEquals(List.of(), refusals(false, plaintext), "dev and test profiles");
        Map<String, String> allowed = new HashMap<>(plaintext);
        allowed.put("border.federation.insecure.allow-plaintext-partners", "true");
        assertEquals(List.of(), refusals(true, allowed));
    }

    @Test
    void signingKeyPeerTokensAreRefusedInProductionUnlessAllowed() {
        Map<String, String> signing = production("border.federation.peer-token.mode", "signing-key");
        List<String> refused = refusals(true, signing);
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).contains("peer-token.mode=signing-key"), refused.get(0));
        Map<String, String> allowed = new HashMap<>(signing);
        allowed.put("border.federation.insecure.allow-signing-key-peer-tokens", "true");
        assertEquals(List.of(), refusals(true, allowed));
    }

    // ---- the database and the audit log

    static final Map<String, String> ANCHORED = anchored();

    static Map<String, String> anchored() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("Ed25519");
            String ours = java.util.Base64.getEncoder()
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
            String theirs = java.util.Base64.getEncoder()
                    .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
            return Map.of(
                    "border.federation.audit.signing-key", ours, "border.federation.partners.350722.audit-key", theirs);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> auditRefusals(boolean production, boolean ownerCredentials, Map<String, String> settings) {
        Map<String, String> p = new HashMap<>(settings);
        p.put("border.federation.partners.350722.endpoints.intel-sharing", "intel-sharing.350722.example:8443");
        FederationConfig config = TestConfigs.jiangshan(p);
        return ProductionSettings.auditRefusals(config, new TrustList(config), production, ownerCredentials);
    }

    @Test
    void aServingProcessWithTheOwnersCredentialsIsRefusedInProductionUnlessAllowed() {
        assertEquals(List.of(), auditRefusals(true, false, ANCHORED));
        Map<String, String> migrating = new HashMap<>(ANCHORED);
        migrating.put("border.federation.database.migrate", "true");
        List<String> refused = auditRefusals(true, false, migrating);
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(
                refused.get(0).startsWith("this service would hold the database owner's credentials"), refused.get(0));
        assertEquals(1, auditRefusals(true, true, ANCHORED).size(), "the owner's credentials alone");
        assertEquals(List.of(), auditRefusals(false, true, migrating), "dev and test profiles");
        migrating.put("border.federation.insecure.allow-migrate-at-start", "true");
        assertEquals(List.of(), auditRefusals(true, true, migrating));
    }

    @Test
    void anUnanchoredAuditChainIsRefusedInProductionUnlessAllowed() {
        List<String> refused = auditRefusals(true, false, Map.of());
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(
                refused.get(0).contains("no border.federation.audit.signing-key; no audit-key for partner(s) [350722]"),
                refused.get(0));
        Map<String, String> off = new HashMap<>(ANCHORED);
        off.put("border.federation.audit.anchor-every", "off");
        assertTrue(auditRefusals(true, false, off).get(0).contains("anchor-every=off"));
        assertEquals(List.of(), auditRefusals(false, false, Map.of()), "dev and test profiles");
        assertEquals(
                List.of(),
                auditRefusals(true, false, Map.of("border.federation.insecure.allow-unanchored-audit", "true")));
    }
}
